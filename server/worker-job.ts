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

/** One job on a worker thread, and what its limits and answer mean. */
export interface WorkerJob<T, M> {
	name: WorkerName;
	/** The job: the worker's `workerData`, or, with a `pool`, the one message the worker is sent. */
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
	/**
	 * Workers kept between jobs of this kind (the worker script then takes jobs as messages, one
	 * at a time). Without it the job gets a new worker of its own, given its job as `workerData`.
	 */
	pool?: WorkerPool;
}

/**
 * Worker threads of one script kept between jobs: starting a worker and loading its code costs
 * 130-200 ms on the project's 2-core machine, and the code it runs is compiled again each time
 * (a 10,000-row CSV parsed in 160-260 ms by a new worker, against 70 ms by a warm one;
 * BENCHMARKS.md, "Import"). A worker goes back to the pool only after answering: one past its
 * time limit, out of memory or stopped is terminated and never reused. At most `keep` idle
 * workers are kept, each for `idleMs` after its last job, and none of them keeps the process
 * alive.
 */
export class WorkerPool {
	private idle: { worker: Worker; timer: ReturnType<typeof setTimeout> }[] = [];

	constructor(
		readonly name: WorkerName,
		readonly heapMb: number,
		readonly options: { keep?: number; idleMs?: number } = {}
	) {}

	/** An idle worker, or a new one. */
	take(): Worker {
		const kept = this.idle.pop();
		if (kept) {
			clearTimeout(kept.timer);
			kept.worker.ref();
			return kept.worker;
		}
		return workerFor(this.name, { pooled: true }, this.heapMb);
	}

	/** Takes back a worker that answered its job; past `keep` idle ones it is terminated. */
	give(worker: Worker): void {
		if (this.idle.length >= (this.options.keep ?? 1)) {
			void worker.terminate();
			return;
		}
		worker.unref();
		const entry = {
			worker,
			timer: setTimeout(() => {
				this.idle = this.idle.filter((e) => e !== entry);
				void worker.terminate();
			}, this.options.idleMs ?? 5 * 60_000)
		};
		entry.timer.unref();
		this.idle.push(entry);
	}

	/** Workers waiting for a job. */
	get idleCount(): number {
		return this.idle.length;
	}

	/** Terminates the idle workers. */
	async close(): Promise<void> {
		const idle = this.idle.splice(0);
		for (const e of idle) clearTimeout(e.timer);
		await Promise.all(idle.map((e) => e.worker.terminate()));
	}
}

/**
 * Runs `job` on a worker thread (a new one, or one of `job.pool`) with a heap and a time limit.
 * Once the job settles the worker is terminated, or, when it answered and has a pool, given back
 * to it; past the time limit or out of memory it is always terminated.
 */
export function runWorkerJob<T, M>(job: WorkerJob<T, M>): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const worker = job.pool ? job.pool.take() : workerFor(job.name, job.data, job.heapMb);
		let settled = false;
		const settle = (fn: () => void, reusable = false) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			worker.off('message', onMessage);
			worker.off('error', onError);
			worker.off('exit', onExit);
			fn();
			if (reusable && job.pool) job.pool.give(worker);
			else void worker.terminate();
		};
		const onMessage = (message: M) =>
			settle(() => {
				try {
					resolve(job.answer(message));
				} catch (err) {
					reject(err);
				}
			}, true);
		const onError = (err: Error & { code?: string }) => settle(() => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? job.tooLarge() : err));
		const onExit = (code: number) => settle(() => reject(new Error(`${job.what} stopped (exit code ${code}).`)));
		const timer = setTimeout(() => settle(() => reject(job.tooSlow())), job.timeoutMs);
		worker.once('message', onMessage);
		worker.once('error', onError);
		worker.once('exit', onExit);
		if (job.pool) worker.postMessage(job.data);
	});
}

/** A time limit in words: "30 seconds", "1 ms". */
export function limitInWords(ms: number): string {
	return ms >= 1000 ? `${Math.round(ms / 1000)} seconds` : `${ms} ms`;
}
