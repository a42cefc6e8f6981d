import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier, JwtError } from './jwt';

const SECRET = 'test-secret-that-is-at-least-32-characters-long';
const key = new TextEncoder().encode(SECRET);

function mint(claims: Record<string, unknown>, exp: string | number = '1h') {
	return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('user-1').setIssuedAt().setAudience('authenticated').setExpirationTime(exp).sign(key);
}

describe('JWT verification with a shared secret', () => {
	const verify = createJwtVerifier({ secret: SECRET, audience: 'authenticated' });

	it('accepts a valid token and reads the e-mail and department claim', async () => {
		const user = await verify(await mint({ email: 'Head@Example.com', app_metadata: { department_id: 'dept_1' } }));
		expect(user).toMatchObject({ sub: 'user-1', email: 'head@example.com', departmentId: 'dept_1' });
	});

	it('refuses an expired token and says so', async () => {
		const token = await mint({ email: 'a@b.c' }, Math.floor(Date.now() / 1000) - 60);
		await expect(verify(token)).rejects.toMatchObject({ reason: 'expired', message: expect.stringMatching(/expired/) });
	});

	it('refuses a token without an expiry, which would never end', async () => {
		const forever = await new SignJWT({ email: 'head@example.com' }).setProtectedHeader({ alg: 'HS256' }).setSubject('user-1').setAudience('authenticated').sign(key);
		await expect(verify(forever)).rejects.toMatchObject({ reason: 'invalid', message: expect.stringMatching(/no expiry/) });
	});

	it('reads the workspace a member belongs to and when the token ends', async () => {
		const user = await verify(await mint({ email: 'a@b.io', app_metadata: { workspace_id: 'ws_a' } }, 1_900_000_000));
		expect(user).toMatchObject({ workspaceId: 'ws_a', expiresAt: new Date(1_900_000_000_000) });
	});

	it('refuses a tampered token', async () => {
		const token = await mint({ email: 'a@b.c', app_metadata: { department_id: 'dept_1' } });
		const [h, , s] = token.split('.');
		const forged = Buffer.from(JSON.stringify({ sub: 'user-1', email: 'a@b.c', aud: 'authenticated', app_metadata: { department_id: 'dept_2' }, exp: 9e9 })).toString('base64url');
		await expect(verify(`${h}.${forged}.${s}`)).rejects.toMatchObject({ reason: 'invalid' });
		await expect(verify('not-a-token')).rejects.toBeInstanceOf(JwtError);
	});

	it('refuses a token signed with another secret or for another audience', async () => {
		const other = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').setAudience('authenticated').sign(new TextEncoder().encode('another-secret-another-secret-another'));
		await expect(verify(other)).rejects.toMatchObject({ reason: 'invalid' });
		const wrongAud = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').setAudience('anon').sign(key);
		await expect(verify(wrongAud)).rejects.toMatchObject({ reason: 'invalid' });
	});

	it('tells the operator when nothing is configured', async () => {
		await expect(createJwtVerifier({})('x')).rejects.toMatchObject({ reason: 'not-configured' });
	});
});

describe('JWT verification with a JWKS URL', () => {
	let server: Server;
	let url: string;
	let privateKey: CryptoKey;

	beforeAll(async () => {
		const pair = await generateKeyPair('ES256');
		privateKey = pair.privateKey;
		const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
		server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
	});
	afterAll(() => new Promise<void>((r) => server.close(() => r())));

	it('accepts tokens signed by a published key and refuses others', async () => {
		const verify = createJwtVerifier({ jwksUrl: url });
		const good = await new SignJWT({ email: 'h@x.io' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('u').setExpirationTime('1h').sign(privateKey);
		expect((await verify(good)).email).toBe('h@x.io');
		const stranger = (await generateKeyPair('ES256')).privateKey;
		const bad = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('u').setExpirationTime('1h').sign(stranger);
		await expect(verify(bad)).rejects.toMatchObject({ reason: 'invalid' });
		const hs = await mint({});
		await expect(verify(hs)).rejects.toMatchObject({ reason: 'invalid' });
	});
});
