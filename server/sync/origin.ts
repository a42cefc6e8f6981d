import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether a WebSocket upgrade comes from a page of this app. Browsers send `Origin` with every
 * WebSocket handshake and attach the site's cookies to it, whichever page opened it (Cross-Site
 * WebSocket Hijacking): a page on another port of the same host would otherwise act with the
 * visitor's board cookies. The page's origin must be `ORIGIN` when it is set, else the origin of
 * the request's own `Host` (http or https). A request without `Origin` is not from a browser page
 * and carries whatever credentials it chose to send.
 */
export function sameOrigin(headers: IncomingHttpHeaders, configured: string | undefined): boolean {
	const origin = headers.origin;
	if (origin === undefined) return true;
	let page: URL;
	try {
		page = new URL(origin);
	} catch {
		return false;
	}
	if (configured) return page.origin === new URL(configured).origin;
	const host = headers.host;
	if (!host) return false;
	return page.host === host.toLowerCase() && (page.protocol === 'http:' || page.protocol === 'https:');
}
