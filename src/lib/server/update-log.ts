import { promisify } from 'node:util';
import { deflate, inflate } from 'node:zlib';

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);

/**
 * Bytes from which an update is stored compressed in `board_updates` (migration 099). An import's
 * chunk (about 450 KB for 1,000 notes) deflates to about 40% of its size in 5 ms, and the
 * database's work on an append grows with its bytes (hex text, toast chunks, WAL): the embedded
 * database spent 0.6 of the CPU on the compressed chunks, compression included (BENCHMARKS.md,
 * "The update log's large rows compressed"). A live edit (tens of bytes) gains nothing.
 */
export const COMPRESS_FROM = 16 * 1024;

/** zlib's fastest level: level 6 takes three times as long for 14% fewer bytes on an import's chunk. */
const LEVEL = 1;

/** An update as a row of `board_updates` holds it: the bytes, and whether they are a zlib stream of the update. */
export interface StoredUpdate {
	bytes: Uint8Array;
	compressed: boolean;
}

/**
 * The row for an update: a zlib stream (RFC 1950, level 1) when the update has at least
 * `COMPRESS_FROM` bytes and deflating makes it smaller, else the update's own bytes. Deflates on
 * libuv's thread pool, so the event loop that relays edits goes on meanwhile.
 */
export async function packUpdate(update: Uint8Array): Promise<StoredUpdate> {
	if (update.length < COMPRESS_FROM) return { bytes: update, compressed: false };
	const packed = await deflateAsync(update, { level: LEVEL });
	return packed.length < update.length ? { bytes: packed, compressed: true } : { bytes: update, compressed: false };
}

/**
 * The update a row of `board_updates` holds (`update`, `compressed`; rows written before migration
 * 099 read as not compressed). Rejects when a compressed row is not a zlib stream (a damaged row:
 * callers skip it as they skip an update Yjs cannot read).
 */
export async function unpackUpdate(bytes: Uint8Array, compressed: boolean | null | undefined): Promise<Uint8Array> {
	if (!compressed) return bytes;
	const out = await inflateAsync(bytes);
	return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
