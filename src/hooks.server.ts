import { json, type Handle, type HandleServerError, type RequestEvent } from '@sveltejs/kit';
import { addressKey, bearerOf, credentialKey } from '$lib/server/rate-limit';
import { services } from '$lib/server/services';
import { bodyLimitFor, limitRequestBody, tooLargeBody } from '$lib/server/body-limit';
import { participantOfRequest } from '$lib/server/participant';
import { isStorageFailure, STORAGE_FAILURE_HINT, STORAGE_FAILURE_MESSAGE } from '$lib/server/storage-failure';

/** The answer for a body past its route's limit (the server entry closes the connection after it). */
function tooLarge(rule: ReturnType<typeof bodyLimitFor>, size?: number): Response {
	return json(tooLargeBody(rule, size), { status: 413 });
}

/**
 * Every request's body is bounded by its route (see body-limit.ts): a declared Content-Length
 * past the limit is refused before anything is read, and a body without one is counted while it
 * streams and refused as soon as it passes. Every browser gets its participant cookie with the
 * first page it is served (see participant.ts).
 */
export const handle: Handle = async ({ event, resolve }) => {
	const limited = rateLimited(event);
	if (limited) return limited;
	let exceeded = () => false;
	const rule = bodyLimitFor(event.request.method, event.url.pathname);
	if (event.request.body) {
		const declared = Number(event.request.headers.get('content-length') ?? NaN);
		if (Number.isFinite(declared) && declared > rule.limit) return tooLarge(rule, declared);
		const limited = limitRequestBody(event.request, rule.limit);
		event.request = limited.request;
		exceeded = limited.exceeded;
	}
	event.locals.participant = participantOfRequest(event.cookies, event.url);
	// The HTTP API answers errors as JSON `{message, hint}` whatever the client accepts: a script
	// that sends no Accept header must not get the HTML error page.
	if (event.url.pathname.startsWith('/api/') && !/json/i.test(event.request.headers.get('accept') ?? '')) {
		try {
			event.request.headers.set('accept', 'application/json');
		} catch {
			// Headers of this request are immutable; the answer is then negotiated as usual.
		}
	}
	const response = await resolve(event);
	return framedBySelfOnly(exceeded() ? tooLarge(rule) : response);
};

/**
 * Pages may be framed by this site alone (clickjacking: a page elsewhere framing a board under a
 * decoy, with the visitor's board cookie): CSP `frame-ancestors 'self'`, and `X-Frame-Options:
 * SAMEORIGIN` for browsers without CSP level 2 (OWASP Clickjacking Defense Cheat Sheet). A route's
 * own policy (the sandboxed SVG export) is kept, with the same frame-ancestors added.
 */
function framedBySelfOnly(response: Response): Response {
	try {
		const own = response.headers.get('content-security-policy');
		if (!own) response.headers.set('content-security-policy', "frame-ancestors 'self'");
		else if (!/frame-ancestors/i.test(own)) response.headers.set('content-security-policy', `${own}; frame-ancestors 'self'`);
		response.headers.set('x-frame-options', 'SAMEORIGIN');
		return response;
	} catch {
		// Headers of a response passed through from elsewhere are immutable: answer a copy.
		const copy = new Response(response.body, response);
		return framedBySelfOnly(copy);
	}
}

/** Health and metrics are for the operator's probes; everything else counts. */
const UNLIMITED = new Set(['/healthz', '/metrics']);

/**
 * The HTTP API's rate limit (HTTP_RATE_LIMIT): one token per request from the caller's address
 * and, when it sends one, from its bearer credential; either empty answers 429 with Retry-After.
 */
function rateLimited(event: RequestEvent): Response | null {
	if (UNLIMITED.has(event.url.pathname)) return null;
	const keys = [addressKey(event)];
	const bearer = bearerOf(event.request.headers);
	if (bearer) keys.push(credentialKey(bearer));
	const taken = services().limits.requests.take(keys);
	if (taken.ok) return null;
	return json(
		{ message: 'Too many requests from this address or link.', hint: `Wait ${taken.retryAfter} s and try again.`, code: 'rate-limited', retryAfter: taken.retryAfter },
		{ status: 429, headers: { 'retry-after': String(taken.retryAfter) } }
	);
}

/** Unexpected errors are logged in full and reach the user as a short message with what to do. */
export const handleError: HandleServerError = ({ error, status, message }) => {
	// A client's mistakes (404, 405, 413…) are answered, not logged: anyone could fill the log with them.
	if (status >= 500 && !tooLargeError(error)) console.error(error);
	if (isStorageFailure(error)) return { message: STORAGE_FAILURE_MESSAGE, hint: STORAGE_FAILURE_HINT };
	return {
		message: status === 404 ? message : 'Something went wrong on the server.',
		hint: status === 404 ? 'Check the address.' : 'Try again in a moment; if it keeps happening, tell whoever runs this Gistboard.'
	};
};

/** A body past its limit is answered 413 by `handle`; the route that failed reading it is no fault. */
function tooLargeError(error: unknown): boolean {
	return error instanceof Error && (error.name === 'BodyTooLargeError' || tooLargeError(error.cause));
}
