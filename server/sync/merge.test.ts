import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeOffThread, stopMerging } from './merge';

/** Threads of this process (Linux): a worker thread is one. */
const threads = () => Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]);

function updates(count: number): Uint8Array[] {
	const doc = new Y.Doc();
	const parts: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => parts.push(u));
	for (let i = 0; i < count; i++) doc.getMap('notes').set(`note_${i}`, { text: `comment ${i}` });
	return parts;
}

describe.skipIf(!existsSync('/proc/self/status'))('the merge worker', () => {
	it('merges off the main thread, and stops with the server: its thread ends and a merge still running fails', async () => {
		const parts = updates(200);
		const before = threads();
		const merged = await mergeOffThread(parts);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, merged);
		expect(doc.getMap('notes').size).toBe(200);
		expect(threads()).toBe(before + 1);

		const running = mergeOffThread(updates(20_000)).then(
			() => 'merged',
			(err: Error) => err.message
		);
		await stopMerging();
		expect(await running).toBe('The server is stopping; the merge was not finished.');
		expect(threads()).toBe(before);

		// A later merge starts a new worker.
		expect((await mergeOffThread(parts)).length).toBe(merged.length);
		await stopMerging();
		expect(threads()).toBe(before);
	});
});
