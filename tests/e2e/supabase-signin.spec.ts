import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';
import { SignJWT } from 'jose';
import { startServer, tempDir, TEST_WORKSPACE_TOKEN, type RunningServer } from '../integration/helpers/server';
import { freshDatabase, postgresReachable } from '../integration/helpers/services';

/**
 * Supabase Auth cannot run on this machine (no GoTrue), so a stand-in answers the one call
 * supabase-js makes to sign in with a password, with a JWT signed by the project secret the app is
 * configured with. Everything after that (the session endpoint, the JWT check, the dashboard) is
 * the real app.
 */
const SECRET = 'e2e-supabase-jwt-secret-0123456789abcdef';
const USERS: Record<string, string> = { 'head.care@example.com': 'correct horse' };
let auth: Server;
let app: RunningServer;
let authUrl: string;
let database: Awaited<ReturnType<typeof freshDatabase>> | null = null;

test.beforeAll(async () => {
	// A second server starts here; on a busy machine that can take a while.
	test.setTimeout(120_000);
	auth = createServer(async (req, res) => {
		res.setHeader('access-control-allow-origin', '*');
		res.setHeader('access-control-allow-headers', '*');
		res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
		if (req.method === 'OPTIONS') return void res.writeHead(204).end();
		let body = '';
		for await (const chunk of req) body += chunk;
		if (req.url?.startsWith('/auth/v1/token') && req.method === 'POST') {
			const { email, password } = JSON.parse(body || '{}');
			if (USERS[email] !== password) {
				return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant', error_description: 'Invalid login credentials', msg: 'Invalid login credentials' }));
			}
			const user = { id: 'user-head', aud: 'authenticated', role: 'authenticated', email, app_metadata: {}, user_metadata: {}, created_at: new Date().toISOString() };
			const token = await new SignJWT({ email, role: 'authenticated' }).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setAudience('authenticated').setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
			return void res
				.writeHead(200, { 'content-type': 'application/json' })
				.end(JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 3600, expires_at: Math.floor(Date.now() / 1000) + 3600, refresh_token: 'refresh', user }));
		}
		res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
	});
	await new Promise<void>((r) => auth.listen(0, '127.0.0.1', r));
	authUrl = `http://127.0.0.1:${(auth.address() as AddressInfo).port}`;
	// PostgreSQL when it is there (lighter to start than a second embedded database), else PGlite.
	database = (await postgresReachable()) ? await freshDatabase() : null;
	app = await startServer(
		{
			DATA_DIR: tempDir('gistboard-e2e-supabase-'),
			...(database ? { DATABASE_URL: database.url } : {}),
			PUBLIC_SUPABASE_URL: authUrl,
			PUBLIC_SUPABASE_ANON_KEY: 'anon-key',
			SUPABASE_JWT_SECRET: SECRET
		},
		90_000
	);
});

test.afterAll(async () => {
	await app?.stop();
	await database?.drop();
	auth?.close();
});

test('a department head signs in with Supabase and sees their dashboard', async ({ page }) => {
	const dept = await (
		await fetch(`${app.url}/api/departments`, {
			method: 'POST',
			headers: { authorization: `Bearer ${TEST_WORKSPACE_TOKEN}`, 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Customer Care', headName: 'Hana Kim', headEmail: 'head.care@example.com' })
		})
	).json();

	await page.goto(`${app.url}/departments/${dept.id}`);
	await expect(page.getByRole('heading', { name: "Sign in to your department's dashboard" })).toBeVisible();
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
	await page.getByLabel('E-mail').fill('head.care@example.com');
	await page.getByLabel('Password').fill('wrong');
	await page.getByLabel('Password').press('Enter');
	await expect(page.getByRole('alert')).toContainText('Invalid login credentials');

	await page.getByLabel('Password').fill('correct horse');
	await page.getByLabel('Password').press('Enter');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Customer Care: tasks from customer workshops');
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Customer Care: tasks from customer workshops');
});
