import { formatBytes, MAX_IMPORT_BYTES } from '../import/errors';

/** Multipart framing adds a little to an imported file. */
const MULTIPART_SLACK = 64 * 1024;

/** A restored backup (JSON) may be as large as this. */
export const MAX_BACKUP_BYTES = 50 * 1024 * 1024;

/** What any other request may send: JSON commands (titles, roles, statuses, webhook addresses). */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** The largest body any route accepts; the HTTP layer refuses anything larger before routing. */
export const MAX_BODY_LIMIT = MAX_IMPORT_BYTES + MULTIPART_SLACK;

interface BodyRule {
	method: string;
	path: RegExp;
	/** Bytes. */
	limit: number;
	/** What the body is and which limit it meets, for the message: "The file", "import". */
	what: string;
	name: string;
	/** The limit as people know it (an import's file size, without multipart framing). */
	shown?: number;
	hint: string;
}

const RULES: BodyRule[] = [
	{
		method: 'POST',
		path: /^\/api\/boards\/[^/]+\/imports\/?$/,
		limit: MAX_BODY_LIMIT,
		what: 'The file',
		name: 'import',
		shown: MAX_IMPORT_BYTES,
		hint: 'Remove columns you do not need or split the rows into several files.'
	},
	{
		method: 'POST',
		path: /^\/api\/boards\/restore\/?$/,
		limit: MAX_BACKUP_BYTES,
		what: 'The backup',
		name: 'backup',
		hint: 'Restore a backup exported by Gistboard; a board backup of 25,000 notes is far smaller.'
	},
	{
		method: 'POST',
		path: /^\/api\/boards\/[^/]+\/publish\/?$/,
		limit: 1024 * 1024,
		what: 'The request',
		name: 'publishing',
		hint: 'Send no body, or {"stateVector": "<base64>"}.'
	}
];

/** The body limit of one request (method and path), with the words for its 413 answer. */
export function bodyLimitFor(method: string, pathname: string): Omit<BodyRule, 'method' | 'path'> {
	const rule = RULES.find((r) => r.method === method && r.path.test(pathname));
	return rule ?? { limit: DEFAULT_BODY_LIMIT, what: 'The request body', name: 'request', hint: 'Send a small JSON object; files go to the import or restore routes.' };
}

/** The JSON of a 413 answer: `{message, hint, code: 'too-large', limit}` (limit in bytes). */
export function tooLargeBody(rule: Omit<BodyRule, 'method' | 'path'>, size?: number): { message: string; hint: string; code: 'too-large'; limit: number } {
	const shown = rule.shown ?? rule.limit;
	const sized = size === undefined ? `larger than ${formatBytes(shown)}` : formatBytes(size);
	return { message: `${rule.what} is ${sized}; the ${rule.name} limit is ${formatBytes(shown)}.`, hint: rule.hint, code: 'too-large', limit: rule.limit };
}

/** Thrown into a body stream once it passes its limit. */
export class BodyTooLargeError extends Error {
	constructor(readonly limit: number) {
		super(`The request body passed its limit of ${limit} bytes.`);
		this.name = 'BodyTooLargeError';
	}
}

/**
 * The request with its body counted while it streams: the stream fails with `BodyTooLargeError`
 * as soon as more than `limit` bytes have arrived, and nothing more is pulled from the socket (the
 * adapter pauses it), so the 413 can still be written before the connection closes. `exceeded()`
 * says afterwards whether that happened. A route that stops reading early (cancels) leaves the
 * socket paused rather than reset, for the same reason.
 */
export function limitRequestBody(request: Request, limit: number): { request: Request; exceeded: () => boolean } {
	if (!request.body) return { request, exceeded: () => false };
	const source = request.body.getReader();
	let total = 0;
	let exceeded = false;
	const counted = new ReadableStream<Uint8Array>({
		async pull(controller) {
			const { done, value } = await source.read();
			if (done) return controller.close();
			total += value.byteLength;
			if (total > limit) {
				exceeded = true;
				source.releaseLock();
				controller.error(new BodyTooLargeError(limit));
				return;
			}
			controller.enqueue(value);
		},
		cancel() {
			source.releaseLock();
		}
	});
	const limited = new Request(request.url, {
		method: request.method,
		headers: request.headers,
		body: counted,
		signal: request.signal,
		// @ts-expect-error Node's fetch needs `duplex` for a streamed body; the DOM types lack it.
		duplex: 'half'
	});
	return { request: limited, exceeded: () => exceeded };
}
