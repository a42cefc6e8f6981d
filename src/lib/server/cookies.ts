import type { Cookies } from '@sveltejs/kit';

type CookieOptions = Parameters<Cookies['set']>[2];

/** Board tokens are kept in HttpOnly cookies: page scripts never see them, the WebSocket sends them. */
export function boardCookieOptions(url: URL): CookieOptions {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: 60 * 60 * 24 * 365
	};
}
