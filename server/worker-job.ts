import { Worker } from 'node:worker_threads';

/** The worker scripts a job can run: `src/lib/server/<name>.worker.ts`. */
export type WorkerName = 'import-parse' | 'restore';

/**
 * Where a worker's code is: beside the bundle in a build (`<name>.worker.js`, made by
 * scripts/build-server.mjs), or the TypeScript source through tsx when running from the sources.
 */
function workerFor(name: WorkerName, data: Record<string, unknown>, heapMb: number): Worker {
	const resourceLimits = { maxOldGenerationSizeMb: heapMb };
	if (import.meta.url.endsWith('.ts')) {
		const entry = new URL(`../src/lib/server/${name}.worker.ts`, import.meta.url).href;
		return new Worker(new URL('./ts-worker.js', import.meta.url), { workerData: { ...data, entry }, resourceLimits, execArgv: [] });
	}
	return new Worker(new URL(`./${name}.worker.js`, import.meta.url), { workerData: data, resourceLimits, execArgv: [] });
}

/** One job on a worker thread of its own, and what its limits and answer mean. */
export interface WorkerJob<T, M> {
	name: WorkerName;
	/** The worker's `workerData`. */
	data: Record<string, unknown>;
	/** Heap the worker may use, MB. */
	heapMb: number;
	/** Time the job may take, ms. */
	timeoutMs: number;
	/** Reads the worker's one message: its result, or throws the error the job fails with. */
	answer: (message: M) => T;
	/** The error when the job takes longer than `timeoutMs`. */
	tooSlow: () => Error;
	/** The error when the worker runs out of its heap. */
	tooLarge: () => Error;
	/** What the worker is called when it stops without answering ("The import reader"). */
	what: string;
}

/**
 * Runs `job` on a new worker thread with a heap and a time limit; the worker is terminated once
 * the job settles, whichever way: its answer, its error, past the time limit or out of memory.
 */
export function runWorkerJob<T, M>(job: WorkerJob<T, M>): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const worker = workerFor(job.name, job.data, job.heapMb);
		let settled = false;
		const settle = (fn: () => void) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			fn();
			void worker.terminate();
		};
		const timer = setTimeout(() => settle(() => reject(job.tooSlow())), job.timeoutMs);
		worker.once('message', (message: M) =>
			settle(() => {
				try {
					resolve(job.answer(message));
				} catch (err) {
					reject(err);
				}
			})
		);
		worker.once('error', (err: Error & { code?: string }) => settle(() => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? job.tooLarge() : err)));
		worker.once('exit', (code) => settle(() => reject(new Error(`${job.what} stopped (exit code ${code}).`))));
	});
}

/** A time limit in words: "30 seconds", "1 ms". */
export function limitInWords(ms: number): string {
	return ms >= 1000 ? `${Math.round(ms / 1000)} seconds` : `${ms} ms`;
}
