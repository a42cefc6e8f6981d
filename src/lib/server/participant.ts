import { createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';

/**
 * Who a browser is on boards. The server keeps a random secret in an HttpOnly cookie; the public
 * participant id is derived from it, so knowing someone's id (it is shown in presence) never lets
 * anyone act as them. Ballots, drafts and presence identity are keyed by the id.
 */
export const PARTICIPANT_COOKIE = 'gb_participant';

/** 256 random bits in base64url: 43 characters. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export function isParticipantSecret(value: string | null | undefined): value is string {
	return typeof value === 'string' && SECRET.test(value);
}

/** A new secret: 32 bytes from the system's CSPRNG, base64url. */
export function newParticipantSecret(): string {
	return randomBytes(32).toString('base64url');
}

/** The public id of a secret: `user_` + the first 16 characters of base64url(SHA-256(secret)). */
export function participantId(secret: string): string {
	return 'user_' + createHash('sha256').update(secret).digest('base64url').slice(0, 16);
}

/** An id for a connection that brought no secret: its own for as long as it lasts. */
export function anonymousParticipant(): string {
	return participantId(newParticipantSecret());
}

/** The value of one cookie in a `Cookie` header, or null. */
export function cookieValue(header: string | null | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0) continue;
		if (part.slice(0, eq).trim() === name) {
			try {
				return decodeURIComponent(part.slice(eq + 1).trim());
			} catch {
				return null;
			}
		}
	}
	return null;
}

/**
 * The participant of a WebSocket connection: the cookie's secret, else `?participant=<secret>`
 * (scripts), else an id of its own. A malformed secret counts as none.
 */
export function participantOfConnection(cookieHeader: string | null | undefined, params: URLSearchParams): string {
	const fromCookie = cookieValue(cookieHeader, PARTICIPANT_COOKIE);
	if (isParticipantSecret(fromCookie)) return participantId(fromCookie);
	const fromQuery = params.get('participant');
	if (isParticipantSecret(fromQuery)) return participantId(fromQuery);
	return anonymousParticipant();
}

/**
 * The participant of a page request, setting the cookie on the first page a browser is served.
 * Returns the public id.
 */
export function participantOfRequest(cookies: Cookies, url: URL): string {
	let secret = cookies.get(PARTICIPANT_COOKIE);
	if (!isParticipantSecret(secret)) {
		secret = newParticipantSecret();
		cookies.set(PARTICIPANT_COOKIE, secret, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 60 * 60 * 24 * 400
		});
	}
	return participantId(secret);
}
