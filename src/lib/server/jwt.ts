import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/**
 * Verification of Supabase Auth (or any OIDC) access tokens that identify department heads.
 * Either a shared secret (HS256, Supabase's legacy "JWT secret") or a JWKS URL (asymmetric
 * signing keys, `https://<project>.supabase.co/auth/v1/.well-known/jwks.json`).
 */
export interface JwtConfig {
	secret?: string;
	jwksUrl?: string;
	issuer?: string;
	audience?: string;
}

export interface VerifiedUser {
	sub: string;
	email: string | null;
	/** `app_metadata.department_id` when the auth provider sets one. */
	departmentId: string | null;
	/** `app_metadata.workspace_id`: the workspace this user is a member of. */
	workspaceId: string | null;
	/** When the token stops being valid (its `exp`, always present). */
	expiresAt: Date;
	claims: JWTPayload;
}

export class JwtError extends Error {
	constructor(
		message: string,
		readonly reason: 'expired' | 'invalid' | 'not-configured'
	) {
		super(message);
	}
}

export type JwtVerifier = (token: string) => Promise<VerifiedUser>;

export function createJwtVerifier(config: JwtConfig): JwtVerifier {
	const { secret, jwksUrl, issuer, audience } = config;
	if (!secret && !jwksUrl) {
		return async () => {
			throw new JwtError('Sign-in is not configured on this server: set SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL.', 'not-configured');
		};
	}
	const key: Uint8Array | JWTVerifyGetKey = jwksUrl ? createRemoteJWKSet(new URL(jwksUrl)) : new TextEncoder().encode(secret);
	const algorithms = jwksUrl ? ['RS256', 'ES256', 'EdDSA'] : ['HS256'];
	return async (token) => {
		try {
			const { payload } = await jwtVerify(token, key as Uint8Array, { algorithms, issuer, audience, clockTolerance: 5, requiredClaims: ['exp'] });
			if (typeof payload.sub !== 'string' || !payload.sub) throw new JwtError('The sign-in token names no user.', 'invalid');
			const meta = payload.app_metadata as Record<string, unknown> | undefined;
			return {
				sub: payload.sub,
				email: typeof payload.email === 'string' && payload.email ? payload.email.toLowerCase() : null,
				departmentId: typeof meta?.department_id === 'string' ? meta.department_id : null,
				workspaceId: typeof meta?.workspace_id === 'string' ? meta.workspace_id : null,
				expiresAt: new Date((payload.exp as number) * 1000),
				claims: payload
			};
		} catch (e) {
			if (e instanceof JwtError) throw e;
			if (e instanceof errors.JWTExpired) throw new JwtError('Your sign-in has expired. Sign in again.', 'expired');
			if (e instanceof errors.JWTClaimValidationFailed && e.claim === 'exp') throw new JwtError('The sign-in token has no expiry; sign-in tokens must expire. Sign in again.', 'invalid');
			throw new JwtError('The sign-in token could not be verified. Sign in again.', 'invalid');
		}
	};
}
