import { IMPORT_PARSE_TIMEOUT_MS } from '../src/lib/import/errors.ts';
import { BackupError } from '../src/lib/export/backup-error.ts';
import type { Restored } from '../src/lib/export/backup.ts';
import { limitInWords, runWorkerJob, type WorkerSlots } from './worker-job.ts';

/** Heap one backup's validation may use; past it the worker stops and the restore is refused. */
const RESTORE_HEAP_MB = 768;

/** A backup read and repaired off the event loop: `Restored` with its document as one Yjs update. */
export type RestoredUpdate = Omit<Restored, 'doc'> & { update: Uint8Array };

/**
 * Reads one backup file (`bytes`, JSON) → `RestoredUpdate`; rejects with `BackupError` when it
 * cannot be restored. `credential` (`workspace:<id>`) is what it counts against in the bound on
 * worker jobs.
 */
export type ReadBackup = (bytes: Uint8Array, credential?: string) => Promise<RestoredUpdate>;

/**
 * Validates and repairs each uploaded backup (`restoreBackup`) on a worker thread of its own, with
 * a heap limit (`heapMb`, MB) and a time limit (`timeoutMs`, default as for imports): past either
 * the worker is terminated and the restore refused with a `BackupError` that says which limit and
 * what to do; a file that is not a backup comes back as the `BackupError` the reader throws. With
 * `slots`, each backup waits for its turn there like an imported file (`WorkerSlots.run`), and
 * is refused with `WorkersBusyError` when the workers, their queue or its credential's share are taken.
 */
export function backupReader({ timeoutMs = IMPORT_PARSE_TIMEOUT_MS, heapMb = RESTORE_HEAP_MB, slots }: { timeoutMs?: number; heapMb?: number; slots?: WorkerSlots } = {}): ReadBackup {
	const read: ReadBackup = (bytes) =>
		runWorkerJob({
			name: 'restore',
			data: { bytes },
			heapMb,
			timeoutMs,
			answer: (msg: { restored?: RestoredUpdate; error?: { name: string; message: string } }) => {
				if (msg.restored) return msg.restored;
				const e = msg.error!;
				throw e.name === 'BackupError' ? new BackupError(e.message) : new Error(e.message);
			},
			tooSlow: () =>
				new BackupError(
					`Reading this backup took longer than ${limitInWords(timeoutMs)}, the limit for one file. Restore a backup of a smaller board, or ask whoever runs this Gistboard to raise IMPORT_TIMEOUT_MS.`
				),
			tooLarge: () => new BackupError(`Reading this backup needs more than ${heapMb} MB of memory, the limit for one file.`),
			what: 'The backup reader'
		});
	return slots ? (bytes, credential) => slots.run(credential ?? 'server', () => read(bytes)) : read;
}
