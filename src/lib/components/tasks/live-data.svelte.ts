import { errorOf } from '$lib/api';
import { failureOfStatus, retryAfterSeconds, type RefreshFailure } from '$lib/tasks/refresh';

/**
 * Reads a page's data as JSON from the page's own address (`accept: application/json`, answered by
 * the route's `+server.ts`). Resolves with the parsed answer; rejects with a `RefreshFailure`.
 */
export async function readPageData<T>(url: string): Promise<T> {
	let res: Response;
	try {
		res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
	} catch {
		throw (navigator.onLine === false ? { kind: 'offline' } : { kind: 'unreachable' }) satisfies RefreshFailure;
	}
	if (!res.ok) {
		const err = await errorOf(res);
		const body = (err.body ?? {}) as { retryAfter?: unknown };
		const retryAfter = Math.max(retryAfterSeconds(res.headers.get('retry-after')), typeof body.retryAfter === 'number' ? body.retryAfter : 0);
		throw failureOfStatus(res.status, err.message, err.hint, retryAfter);
	}
	try {
		return (await res.json()) as T;
	} catch {
		// A proxy's page in place of the answer, or the answer cut off.
		throw { kind: 'failed', status: res.status, message: 'The server’s answer could not be read.', retryAfter: 0 } satisfies RefreshFailure;
	}
}

const isFailure = (e: unknown): e is RefreshFailure => !!e && typeof e === 'object' && 'kind' in e;

/**
 * A page's data kept current without losing it: the newest value read, when it was read, and why
 * the last refresh failed, if it did. A failed refresh never replaces the value shown. Create it
 * while a component initialises. `first` reads the value the page came with (a promise streamed
 * with its data; null or undefined when there is none): when the page's data changes (a
 * navigation) the value starts again from it. `url` is the address `refresh` reads
 * (`readPageData`). Scheduling is the caller's (`LiveRefresh.svelte`).
 */
export class LiveData<T> {
	/** The newest value read, null until the first comes. */
	value = $state<T | null>(null);
	/** When the newest value came (the reader's clock), null until the first. */
	at = $state<Date | null>(null);
	/** Whether a read is under way. */
	pending = $state(false);
	/** Why the last read failed; null once one succeeds. */
	failure = $state<RefreshFailure | null>(null);
	/** Reads failed in a row (0 after a success). */
	failures = $state(0);
	/** Counts the page's data: a read started for earlier data is dropped when it ends. */
	#generation = 0;
	readonly #url: () => string;

	constructor(url: () => string, first: () => Promise<T> | null | undefined) {
		this.#url = url;
		$effect(() => {
			const promise = first();
			const generation = ++this.#generation;
			this.value = null;
			this.at = null;
			this.failure = null;
			this.failures = 0;
			this.pending = !!promise;
			promise?.then(
				(value) => this.#settle(generation, value),
				(e) => this.#settle(generation, undefined, isFailure(e) ? e : { kind: navigator.onLine === false ? 'offline' : 'unreachable' })
			);
		});
	}

	/** Reads the value again, unless a read is under way; resolves when it is done, never rejects. */
	async refresh(): Promise<void> {
		if (this.pending) return;
		const generation = this.#generation;
		this.pending = true;
		try {
			this.#settle(generation, await readPageData<T>(this.#url()));
		} catch (e) {
			this.#settle(generation, undefined, isFailure(e) ? e : { kind: 'failed', status: 0, message: String(e), retryAfter: 0 });
		}
	}

	#settle(generation: number, value: T | undefined, failure?: RefreshFailure) {
		if (generation !== this.#generation) return;
		this.pending = false;
		if (failure) {
			this.failure = failure;
			this.failures++;
		} else {
			this.value = value!;
			this.at = new Date();
			this.failure = null;
			this.failures = 0;
		}
	}
}
