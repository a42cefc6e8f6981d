import type { Worker } from 'node:worker_threads';

/** What a worker thread answers to a call: its result, or the fields of the error it met. */
export interface WorkerReply {
	id: number;
	result?: unknown;
	error?: Record<string, unknown>;
}

/** An Error rebuilt from the fields a worker sent: its message, and PostgreSQL's code, detail… if any. */
export function errorFrom(fields: Record<string, unknown>): Error {
	return Object.assign(new Error(String(fields.message)), fields);
}

/**
 * Request and reply over a worker thread's messages: each call gets an id and its promise settles
 * with the reply that carries that id. Once the worker has failed, every call still waiting and
 * every later one fails with the same error.
 */
export class WorkerCalls {
	private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
	private nextId = 1;
	/** Why the worker can take no more calls, once it cannot. */
	gone: Error | null = null;

	constructor(readonly worker: Worker) {}

	/** Calls still waiting for their reply. */
	get size(): number {
		return this.waiting.size;
	}

	call<T>(message: Record<string, unknown>): Promise<T> {
		if (this.gone) return Promise.reject(this.gone);
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
			this.worker.postMessage({ id, ...message });
		});
	}

	/** Settles the call a reply answers. */
	settle(reply: WorkerReply): void {
		const call = this.waiting.get(reply.id);
		if (!call) return;
		this.waiting.delete(reply.id);
		if (reply.error) call.reject(errorFrom(reply.error));
		else call.resolve(reply.result);
	}

	/** Fails every waiting and later call with `err`; false if the worker had already failed. */
	fail(err: Error): boolean {
		if (this.gone) return false;
		this.gone = err;
		for (const call of this.waiting.values()) call.reject(err);
		this.waiting.clear();
		return true;
	}
}
