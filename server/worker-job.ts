import { availableParallelism, totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { WorkersBusyError } from '../src/lib/server/workers-busy.ts';

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

/** What one worker job may take at most: its 768 MB heap, the worker's own code and buffers. */
const JOB_MEMORY_BYTES = 1024 * 1024 * 1024;

/**
 * Worker jobs one process runs at once unless IMPORT_WORKERS says otherwise: one per core, and no
 * more than half the memory (the machine's, or the container's limit when lower) holds at 1 GB a
 * job; at least 1, at most 8. On the project's 2-core, 24 GB machine: 2.
 */
export function defaultWorkerJobs(cores = availableParallelism(), memoryBytes = processMemory()): number {
	return Math.max(1, Math.min(8, cores, Math.floor(memoryBytes / 2 / JOB_MEMORY_BYTES)));
}

function processMemory(): number {
	// Without a cgroup limit Node reports a number near 2^64.
	const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
	return constrained && constrained > 0 ? Math.min(constrained, totalmem()) : totalmem();
}

/** Bounds of `WorkerSlots`. */
export interface WorkerSlotLimits {
	/** Jobs on worker threads at once. */
	workers: number;
	/** Jobs waiting for a worker; one more is refused at once. Default: four per worker. */
	queue?: number;
	/** Jobs one credential may have running or waiting at once. Default 2. */
	perCredential?: number;
	/** How long a job may wait for a worker, ms, before it is refused as if the queue were full. Default 30 s. */
	waitMs?: number;
}

/**
 * The bound on worker jobs of one process (imported files and restored backups share it): each
 * job may grow its worker to 768 MB, and a worker used to be started for every request that found
 * none idle, so a few small hostile files at once took gigabytes. At most `workers` jobs run; up
 * to `queue` more wait for one, in order, each for at most `waitMs`; a credential (a board link,
 * a workspace) has at most `perCredential` running or waiting, so one link cannot fill the queue.
 * Past any of these the job is refused at once with `WorkersBusyError` before anything of it is
 * read: scope 'credential' when its credential's share is taken, 'server' otherwise.
 */
export class WorkerSlots {
	readonly workers: number;
	readonly queue: number;
	readonly perCredential: number;
	readonly waitMs: number;
	private active = 0;
	private readonly waiting: { grant: () => void }[] = [];
	private readonly byCredential = new Map<string, number>();
	/** Jobs refused so far (busy or past their wait), for /metrics. */
	refused = 0;

	constructor(limits: WorkerSlotLimits) {
		this.workers = Math.max(1, Math.floor(limits.workers));
		this.queue = Math.max(0, Math.floor(limits.queue ?? this.workers * 4));
		this.perCredential = Math.max(1, Math.floor(limits.perCredential ?? 2));
		this.waitMs = limits.waitMs ?? 30_000;
	}

	/** Jobs running now. */
	get running(): number {
		return this.active;
	}

	/** Jobs waiting for a worker now. */
	get queued(): number {
		return this.waiting.length;
	}

	/**
	 * Runs `job` once a worker is free, counted against `credential` (an opaque key: a hash of the
	 * board link, `workspace:<id>`) until it settles. Throws `WorkersBusyError` at once when
	 * `credential` has `perCredential` jobs running or waiting, or when every worker and place in
	 * the queue is taken; and when it waited `waitMs` without getting a worker.
	 */
	async run<T>(credential: string, job: () => Promise<T>): Promise<T> {
		const held = this.byCredential.get(credential) ?? 0;
		if (held >= this.perCredential) throw this.busy('credential');
		if (this.active >= this.workers && this.waiting.length >= this.queue) throw this.busy('server');
		this.byCredential.set(credential, held + 1);
		try {
			await this.acquire();
			try {
				return await job();
			} finally {
				this.release();
			}
		} finally {
			const left = (this.byCredential.get(credential) ?? 1) - 1;
			if (left > 0) this.byCredential.set(credential, left);
			else this.byCredential.delete(credential);
		}
	}

	private busy(scope: 'server' | 'credential'): WorkersBusyError {
		this.refused++;
		return new WorkersBusyError(scope, this.perCredential);
	}

	private acquire(): Promise<void> {
		if (this.active < this.workers) {
			this.active++;
			return Promise.resolve();
		}
		return new Promise<void>((resolve, reject) => {
			const entry = {
				grant: () => {
					clearTimeout(timer);
					this.active++;
					resolve();
				}
			};
			const timer = setTimeout(() => {
				const at = this.waiting.indexOf(entry);
				if (at >= 0) this.waiting.splice(at, 1);
				reject(this.busy('server'));
			}, this.waitMs);
			this.waiting.push(entry);
		});
	}

	private release(): void {
		this.active--;
		this.waiting.shift()?.grant();
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
