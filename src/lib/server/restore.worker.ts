// Reads one board backup on a worker thread: validating and repairing tens of thousands of notes
// of an uploaded file must not hold up the event loop every board's sync shares. The job comes in
// `workerData` (`{bytes}`); the answer is one message, `{restored}` (the `Restored` fields with the
// document as one Yjs update) or `{error: {name, message}}`.
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { restoreBackup } from '../export/backup';

const { bytes } = workerData as { bytes: Uint8Array };

try {
	const { doc, ...rest } = restoreBackup(new TextDecoder().decode(bytes));
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	parentPort!.postMessage({ restored: { ...rest, update } });
} catch (err) {
	const e = err as Error;
	parentPort!.postMessage({ error: { name: e.name, message: e.message } });
}
