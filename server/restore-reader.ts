import { IMPORT_PARSE_TIMEOUT_MS } from '../src/lib/import/errors.ts';
import { BackupError } from '../src/lib/export/backup-error.ts';
import type { Restored } from '../src/lib/export/backup.ts';
import { workerFor } from './import-parser.ts';

/** Heap one backup's validation may use; past it the worker stops and the restore is refused. */
const RESTORE_HEAP_MB = 768;

/** A backup read and repaired off the event loop: `Restored` with its document as one Yjs update. */
export type RestoredUpdate = Omit<Restored, 'doc'> & { update: Uint8Array };

/** Reads one backup file (`bytes`, JSON) → `RestoredUpdate`; rejects with `BackupError` when it cannot be restored. */
export type ReadBackup = (bytes: Uint8Array) => Promise<RestoredUpdate>;

/**
 * Validates and repairs each uploaded backup (`restoreBackup`) on a worker thread of its own, with
 * a heap limit (`heapMb`, MB) and a time limit (`timeoutMs`, default as for imports): past either
 * the worker is terminated and the restore refused with a `BackupError` that says which limit and
 * what to do; a file that is not a backup comes back as the `BackupError` the reader throws.
 */
export function backupReader({ timeoutMs = IMPORT_PARSE_TIMEOUT_MS, heapMb = RESTORE_HEAP_MB } = {}): ReadBackup {
	return (bytes) =>
		new Promise<RestoredUpdate>((resolve, reject) => {
			const worker = workerFor({ bytes }, heapMb, 'restore');
			let settled = false;
			const settle = (fn: () => void) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				fn();
				void worker.terminate();
			};
			const limit = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} seconds` : `${timeoutMs} ms`;
			const timer = setTimeout(
				() => settle(() => reject(new BackupError(`Reading this backup took longer than ${limit}, the limit for one file. Restore a backup of a smaller board, or ask whoever runs this Gistboard to raise IMPORT_TIMEOUT_MS.`))),
				timeoutMs
			);
			worker.once('message', (msg: { restored?: RestoredUpdate; error?: { name: string; message: string } }) =>
				settle(() => {
					if (msg.restored) return resolve(msg.restored);
					const e = msg.error!;
					reject(e.name === 'BackupError' ? new BackupError(e.message) : new Error(e.message));
				})
			);
			worker.once('error', (err: Error & { code?: string }) =>
				settle(() =>
					reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new BackupError(`Reading this backup needs more than ${heapMb} MB of memory, the limit for one file.`) : err)
				)
			);
			worker.once('exit', (code) => settle(() => reject(new Error(`The backup reader stopped (exit code ${code}).`))));
		});
}
