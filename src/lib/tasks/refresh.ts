/**
 * When and how a page that compares tasks with their boards refreshes its data, and what it says
 * when a refresh fails (`LiveRefresh.svelte`, `live-data.svelte.ts`).
 */

/**
 * Seconds between two refreshes of a page that compares tasks with their boards: each reads
 * every board its tasks came from on the heavy reads' budget (200 ms of server time a second
 * per address), so a refresh every 30 s may spend up to 6 s before it draws on the saved-up time.
 */
export const REFRESH_SECONDS = 30;

/** The longest wait between two tries while refreshes keep failing, in seconds. */
export const MAX_BACKOFF_SECONDS = 300;

/**
 * Milliseconds until the next refresh: `REFRESH_SECONDS`, doubled for each failed refresh in a row
 * past the first (`failures`: 0 or 1 → 30 s, 2 → 60 s, 3 → 120 s … up to `MAX_BACKOFF_SECONDS`),
 * and never sooner than the `retryAfter` seconds the server asked for.
 */
export function refreshDelay(retryAfter: number, failures = 0): number {
	const backoff = Math.min(MAX_BACKOFF_SECONDS, REFRESH_SECONDS * 2 ** Math.max(0, failures - 1));
	return Math.max(backoff, Number.isFinite(retryAfter) ? retryAfter : 0) * 1000;
}

/**
 * Seconds a Retry-After header asks to wait: whole seconds or an HTTP date (from `now`, in ms
 * since the epoch); 0 when there is none or it cannot be read.
 */
export function retryAfterSeconds(header: string | null, now = Date.now()): number {
	if (!header) return 0;
	const value = header.trim();
	if (/^\d+$/.test(value)) return Number(value);
	const date = Date.parse(value);
	return Number.isNaN(date) ? 0 : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Why a refresh failed. `offline`: the browser has no network; `unreachable`: no answer came (the
 * server restarting, or the network between); `failed`: the server answered an error (429 or 503
 * when busy, 500…) with its `message` and the `retryAfter` seconds it asked for (0 when none);
 * `refused`: the page is no longer there for this reader (401, 403, 404, 410: the task deleted,
 * the link revoked), with the server's `message` and `hint`; trying again does not help.
 */
export type RefreshFailure =
	| { kind: 'offline' }
	| { kind: 'unreachable' }
	| { kind: 'failed'; status: number; message: string; retryAfter: number }
	| { kind: 'refused'; status: number; message: string; hint: string };

/** The failure of an answer with HTTP `status` that is not 2xx. */
export function failureOfStatus(status: number, message: string, hint: string | undefined, retryAfter: number): RefreshFailure {
	if (status === 401 || status === 403 || status === 404 || status === 410) return { kind: 'refused', status, message, hint: hint ?? '' };
	return { kind: 'failed', status, message, retryAfter };
}

/**
 * What a page says about a failed refresh, in one sentence or two that stay the same while the
 * failure does (a live region announces each change): `readAt` is when the data shown was read,
 * as the reader writes times, or null when the page shows what it loaded with.
 */
export function failureText(failure: RefreshFailure, readAt: string | null): string {
	const shown = readAt ? `showing what was read at ${readAt}` : 'showing what it loaded with';
	switch (failure.kind) {
		case 'offline':
			return `You are offline: ${shown}. It refreshes when the connection is back.`;
		case 'unreachable':
			return `The server could not be reached (it may be restarting): ${shown}. It tries again on its own.`;
		case 'failed':
			return `Could not refresh: ${failure.message.replace(/\.?$/, '')} (${failure.status}). This page is ${shown} and tries again on its own${failure.retryAfter ? ', when the server said it may' : ''}.`;
		case 'refused':
			return `${failure.message}${failure.hint ? ` ${failure.hint}` : ''} This page is ${shown}.`;
	}
}
