// Merges a board's snapshot and update log for compaction. A large board's merge takes long
// enough (hundreds of milliseconds for thousands of notes) to delay every live edit if it ran
// on the event loop that relays them. Plain JavaScript so that it starts under any loader.
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';

if (!parentPort) throw new Error('merge.worker.js runs as a worker thread');
const port = parentPort;

port.on('message', (/** @type {{ id: number, parts: Uint8Array[] }} */ { id, parts }) => {
	try {
		const merged = Y.mergeUpdates(parts);
		port.postMessage({ id, result: merged }, [merged.buffer]);
	} catch (err) {
		port.postMessage({ id, error: { message: err instanceof Error ? err.message : String(err) } });
	}
});
