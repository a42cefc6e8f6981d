import { IMPORT_PARSE_TIMEOUT_MS, ImportError } from '../src/lib/import/errors.ts';
import type { ParsedTable } from '../src/lib/import/table.ts';
import { limitInWords, runWorkerJob, WorkerPool, type WorkerSlots } from './worker-job.ts';

/** Heap one file's parsing may use; past it the worker stops and the import is refused. */
const PARSE_HEAP_MB = 768;

/**
 * Reads one imported file off the event loop: `(bytes, fileName, {sheet, credential}) →
 * ParsedTable`. `credential` (a hash of the board link, `workspace:<id>`) is what the file counts
 * against in the bound on worker jobs; absent, the file counts as the server's own.
 */
export type ParseImport = (bytes: Uint8Array, fileName: string, opts?: { sheet?: string; credential?: string }) => Promise<ParsedTable>;

/**
 * Parses each imported file on a worker thread, with a heap limit (`heapMb`, MB) and a time limit
 * (`timeoutMs`): past either the worker is terminated and the import refused with an
 * `ImportError` that says which limit and what to do. Errors the parser meets (bad file, too many
 * columns, zip bomb…) come back as the same `ImportError`s the parser throws. A worker that
 * answered is kept for the next file (`pool`; a workshop imports several files in a row). With
 * `slots`, each file waits for its turn there (`WorkerSlots.run`) and is refused with
 * `WorkersBusyError` when the workers, their queue or its credential's share are taken.
 */
export function importParser({
	timeoutMs = IMPORT_PARSE_TIMEOUT_MS,
	heapMb = PARSE_HEAP_MB,
	pool = new WorkerPool('import-parse', heapMb),
	slots
}: { timeoutMs?: number; heapMb?: number; pool?: WorkerPool; slots?: WorkerSlots } = {}): ParseImport {
	const advice = 'Save it as CSV with only the columns you need, or split it into smaller files.';
	const parse: ParseImport = (bytes, fileName, opts = {}) =>
		runWorkerJob({
			name: 'import-parse',
			pool,
			// A view into a larger buffer (Node's pooled request bodies) would be copied whole.
			data: { bytes: bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice(), fileName, sheet: opts.sheet },
			heapMb,
			timeoutMs,
			answer: (msg: { table?: ParsedTable; error?: { name: string; code?: string; message: string } }) => {
				if (msg.table) return msg.table;
				const e = msg.error!;
				throw e.name === 'ImportError' ? new ImportError(e.code as ImportError['code'], e.message) : new Error(e.message);
			},
			tooSlow: () => new ImportError('too-slow', `Reading “${fileName}” took longer than ${limitInWords(timeoutMs)}, the limit for one file. ${advice}`),
			tooLarge: () => new ImportError('too-large-unpacked', `Reading “${fileName}” needs more than ${heapMb} MB of memory, the limit for one file. ${advice}`),
			what: 'The import reader'
		});
	return slots ? (bytes, fileName, opts = {}) => slots.run(opts.credential ?? 'server', () => parse(bytes, fileName, opts)) : parse;
}
