// Reads imported files on a worker thread: parsing a large or hostile file (a zip bomb, a million
// columns) must not hold up the event loop every board's sync shares. The worker is kept between
// files (server/worker-job.ts, WorkerPool): each job comes as one message, `{bytes, fileName,
// sheet}`, and gets one answer, `{table}` or `{error: {name, code, message}}`. A job that breaks a
// limit gets the worker terminated, so nothing of it carries over to the next file.
import { parentPort } from 'node:worker_threads';
import { isZip } from '../import/decode';
import { parseFile } from '../import/parse';
import { checkZipBounds } from './zip-guard';
import { sheetGuard } from './sheet-guard';

parentPort!.on('message', async ({ bytes, fileName, sheet }: { bytes: Uint8Array; fileName: string; sheet?: string }) => {
	try {
		// Before the workbook reader: a zip bomb, or a sheet with a value in XFD1048576 that the
		// reader would grow into a full grid (sheet-guard.ts), is refused from what it declares.
		if (isZip(bytes)) checkZipBounds(bytes, fileName, undefined, sheetGuard(fileName));
		const table = await parseFile(bytes, fileName, { sheet });
		parentPort!.postMessage({ table });
	} catch (err) {
		const e = err as Error & { code?: string };
		parentPort!.postMessage({ error: { name: e.name, code: e.code, message: e.message } });
	}
});
