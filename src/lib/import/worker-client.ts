import type { WorkerRequest, WorkerResponse } from './worker-protocol';

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
export type Request = Distribute<WorkerRequest>;
type Reply = Exclude<WorkerResponse, { type: 'progress' } | { type: 'error' }>;

/** The import worker behind a promise per request; progress arrives through a callback. */
export class ImportWorker {
	#worker: Worker;
	#next = 1;
	#pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void; progress?: (p: Extract<WorkerResponse, { type: 'progress' }>) => void }>();

	constructor() {
		this.#worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
		this.#worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
			const msg = event.data;
			const pending = this.#pending.get(msg.id);
			if (!pending) return;
			if (msg.type === 'progress') return pending.progress?.(msg);
			this.#pending.delete(msg.id);
			if (msg.type === 'error') pending.reject(new Error(msg.message));
			else pending.resolve(msg);
		};
		this.#worker.onerror = (event) => {
			for (const p of this.#pending.values()) p.reject(new Error(event.message || 'The import worker stopped.'));
			this.#pending.clear();
		};
	}

	request<T extends Reply['type']>(
		message: Request,
		progress?: (p: Extract<WorkerResponse, { type: 'progress' }>) => void
	): Promise<Extract<Reply, { type: T }>> {
		const id = this.#next++;
		return new Promise((resolve, reject) => {
			this.#pending.set(id, { resolve: resolve as (r: Reply) => void, reject, progress });
			this.#worker.postMessage({ ...message, id } as WorkerRequest);
		});
	}

	terminate(): void {
		this.#worker.terminate();
		for (const p of this.#pending.values()) p.reject(new Error('cancelled'));
		this.#pending.clear();
	}
}
