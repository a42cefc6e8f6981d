import type { DuplicateStack } from './duplicates';
import type { Keyword } from './keywords';
import type { Progress, Suggestion } from './model';
import type { Phrase } from './phrases';
import type { PolarityFields } from './sentiment';
import type { SortResult } from './sort';
import type { WorkerAnswer, WorkerRequest } from './protocol';

/** Raised for work that the user cancelled. */
export class CancelledError extends Error {
	constructor() {
		super('Cancelled');
		this.name = 'CancelledError';
	}
}

type Pending = { resolve: (answer: WorkerAnswer) => void; reject: (error: Error) => void; onProgress?: (p: Progress) => void };

type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/**
 * The page's side of the clustering worker. A request runs to its end inside the worker, so
 * cancelling stops the worker itself; the next request starts a fresh one.
 */
export class ClusterClient {
	#worker: Worker | null = null;
	#next = 1;
	#pending = new Map<number, Pending>();

	constructor(private readonly createWorker: () => Worker) {}

	#ensure(): Worker {
		if (this.#worker) return this.#worker;
		const worker = this.createWorker();
		worker.onmessage = (event: MessageEvent<WorkerAnswer>) => {
			const answer = event.data;
			const pending = this.#pending.get(answer.id);
			if (!pending) return;
			if (answer.type === 'progress') return pending.onProgress?.(answer.progress);
			this.#pending.delete(answer.id);
			if (answer.type === 'error') pending.reject(new Error(answer.message));
			else pending.resolve(answer);
		};
		worker.onerror = (event) => {
			event.preventDefault();
			this.#fail(new Error(`The clustering worker stopped: ${event.message || 'unknown error'}. Try again.`));
		};
		this.#worker = worker;
		return worker;
	}

	#fail(error: Error) {
		this.#worker?.terminate();
		this.#worker = null;
		const pending = [...this.#pending.values()];
		this.#pending.clear();
		for (const p of pending) p.reject(error);
	}

	#send<T extends WorkerAnswer['type']>(request: Request, onProgress?: (p: Progress) => void): Promise<Extract<WorkerAnswer, { type: T }>> {
		const id = this.#next++;
		const worker = this.#ensure();
		return new Promise((resolve, reject) => {
			this.#pending.set(id, { resolve: resolve as (a: WorkerAnswer) => void, reject, onProgress });
			worker.postMessage({ ...request, id } as WorkerRequest);
		});
	}

	get busy(): boolean {
		return this.#pending.size > 0;
	}

	async suggest(texts: string[], clusters: number | undefined, onProgress?: (p: Progress) => void, fields?: PolarityFields[]): Promise<Suggestion> {
		return (await this.#send<'suggest'>({ type: 'suggest', texts, clusters, fields }, onProgress)).suggestion;
	}

	/** Sorts the notes with label -1 into the groups 0..groups-1 the others are examples of. */
	async sort(texts: string[], labels: number[], groups: number, onProgress?: (p: Progress) => void): Promise<SortResult> {
		return (await this.#send<'sort'>({ type: 'sort', texts, labels, groups }, onProgress)).result;
	}

	async similar(texts: string[], index: number, limit = 12, onProgress?: (p: Progress) => void) {
		return (await this.#send<'similar'>({ type: 'similar', texts, index, limit }, onProgress)).similar;
	}

	/** Stacks of duplicates among `texts`; `questions` (one per text, `questionKey`) keeps answers to different questions apart. */
	async duplicates(texts: string[], threshold?: number, questions?: string[]): Promise<DuplicateStack[]> {
		return (await this.#send<'duplicates'>({ type: 'duplicates', texts, threshold, questions })).stacks;
	}

	async describe(texts: string[], members: number[], onProgress?: (p: Progress) => void): Promise<{ keywords: Keyword[]; phrases: Phrase[]; title: string }> {
		const { keywords, phrases, title } = await this.#send<'describe'>({ type: 'describe', texts, members }, onProgress);
		return { keywords, phrases, title };
	}

	/** Stops whatever is running; its promises reject with `CancelledError`. */
	cancel(): void {
		if (this.#pending.size > 0) this.#fail(new CancelledError());
	}

	destroy(): void {
		this.cancel();
		this.#worker?.terminate();
		this.#worker = null;
	}
}
