import { Worker } from 'node:worker_threads';
import { IMPORT_PARSE_TIMEOUT_MS, ImportError } from '../src/lib/import/errors.ts';
import type { ParsedTable } from '../src/lib/import/table.ts';

/** Heap one file's parsing may use; past it the worker stops and the import is refused. */
const PARSE_HEAP_MB = 768;

/** Reads one imported file off the event loop: `(bytes, fileName, {sheet}) → ParsedTable`. */
export type ParseImport = (bytes: Uint8Array, fileName: string, opts?: { sheet?: string }) => Promise<ParsedTable>;

/**
 * Where a worker's code is (`name`: import-parse or restore): beside the bundle in a build
 * (`<name>.worker.js`, made by
 * scripts/build-server.mjs), or the TypeScript source through tsx when running from the sources.
 */
export function workerFor(job: Record<string, unknown>, heapMb: number, name: 'import-parse' | 'restore' = 'import-parse'): Worker {
	const resourceLimits = { maxOldGenerationSizeMb: heapMb };
	if (import.meta.url.endsWith('.ts')) {
		const entry = new URL(`../src/lib/server/${name}.worker.ts`, import.meta.url).href;
		return new Worker(new URL('./ts-worker.js', import.meta.url), { workerData: { ...job, entry }, resourceLimits, execArgv: [] });
	}
	return new Worker(new URL(`./${name}.worker.js`, import.meta.url), { workerData: job, resourceLimits, execArgv: [] });
}

/**
 * Parses each imported file on a worker thread of its own, with a heap limit (`heapMb`, MB) and a
 * time limit (`timeoutMs`): past either the worker is terminated and the import refused with an
 * `ImportError` that says which limit and what to do. Errors the parser meets (bad file, too many
 * columns, zip bomb…) come back as the same `ImportError`s the parser throws.
 */
export function importParser({ timeoutMs = IMPORT_PARSE_TIMEOUT_MS, heapMb = PARSE_HEAP_MB } = {}): ParseImport {
	return (bytes, fileName, opts = {}) =>
		new Promise<ParsedTable>((resolve, reject) => {
			const worker = workerFor({ bytes, fileName, sheet: opts.sheet }, heapMb);
			let settled = false;
			const settle = (fn: () => void) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				fn();
				void worker.terminate();
			};
			const timer = setTimeout(
				() =>
					settle(() =>
						reject(
							new ImportError(
								'too-slow',
								`Reading “${fileName}” took longer than ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} seconds` : `${timeoutMs} ms`}, the limit for one file. Save it as CSV with only the columns you need, or split it into smaller files.`
							)
						)
					),
				timeoutMs
			);
			worker.once('message', (msg: { table?: ParsedTable; error?: { name: string; code?: string; message: string } }) =>
				settle(() => {
					if (msg.table) return resolve(msg.table);
					const e = msg.error!;
					reject(e.name === 'ImportError' ? new ImportError(e.code as ImportError['code'], e.message) : new Error(e.message));
				})
			);
			worker.once('error', (err: Error & { code?: string }) =>
				settle(() =>
					reject(
						err.code === 'ERR_WORKER_OUT_OF_MEMORY'
							? new ImportError(
									'too-large-unpacked',
									`Reading “${fileName}” needs more than ${heapMb} MB of memory, the limit for one file. Save it as CSV with only the columns you need, or split it into smaller files.`
								)
							: err
					)
				)
			);
			worker.once('exit', (code) => settle(() => reject(new Error(`The import reader stopped (exit code ${code}).`))));
		});
}
