// Reads one imported file on a worker thread: parsing a large or hostile file (a zip bomb, a
// million columns) must not hold up the event loop every board's sync shares. The job comes in
// `workerData`; the answer is one message, `{table}` or `{error: {name, code, message}}`.
import { parentPort, workerData } from 'node:worker_threads';
import { isZip } from '../import/decode';
import { parseFile } from '../import/parse';
import { checkZipBounds } from './zip-guard';

const { bytes, fileName, sheet } = workerData as { bytes: Uint8Array; fileName: string; sheet?: string };

try {
	if (isZip(bytes)) checkZipBounds(bytes, fileName);
	const table = await parseFile(bytes, fileName, { sheet });
	parentPort!.postMessage({ table });
} catch (err) {
	const e = err as Error & { code?: string };
	parentPort!.postMessage({ error: { name: e.name, code: e.code, message: e.message } });
}
