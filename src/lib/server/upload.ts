import { error } from '@sveltejs/kit';
import { formatBytes } from '$lib/import';

/**
 * Reads a request body up to `limit` bytes. A larger body is refused with 413 and a message that
 * says the limit, as soon as its size is known (from Content-Length, or while streaming).
 */
export async function readBody(
	request: Request,
	limit: number,
	what = 'The file',
	hint = 'Remove columns you do not need or split the rows into several files.'
): Promise<Uint8Array> {
	const tooLarge = (size: string) => error(413, { message: `${what} is ${size}; the limit is ${formatBytes(limit)}.`, hint });
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > limit) tooLarge(formatBytes(declared));
	if (!request.body) return new Uint8Array();
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.byteLength;
		if (total > limit) {
			await reader.cancel().catch(() => {});
			tooLarge(`more than ${formatBytes(limit)}`);
		}
		chunks.push(value);
	}
	const out = new Uint8Array(total);
	let offset = 0;
	for (const c of chunks) {
		out.set(c, offset);
		offset += c.byteLength;
	}
	return out;
}
