import { json, type RequestEvent } from '@sveltejs/kit';
import { addressKey, KeyedBuckets } from './rate-limit';

/**
 * How much of the server's time one client address may spend on board exports (an image of the
 * whole board, the report, the task files): EXPORT_MS_PER_SECOND milliseconds each second on
 * average, up to EXPORT_BURST_MS saved up. An export of a board of thousands of notes takes the
 * event loop every board shares for a second or more, and a viewer link asking for one after
 * another held up every board's edits for seconds at a time. Past the budget the answer is 429
 * with Retry-After. Exports answered from `ExportCache` cost next to nothing.
 */
export const EXPORT_MS_PER_SECOND = 200;
export const EXPORT_BURST_MS = 10_000;

/** Milliseconds of server time by client address: a `KeyedBuckets` whose tokens are milliseconds. */
export class TimeBudget extends KeyedBuckets {
	constructor(rate = EXPORT_MS_PER_SECOND, burst = EXPORT_BURST_MS, maxKeys = 10_000) {
		super(rate, burst, maxKeys);
	}

	/** Whole seconds until `key` has time left (0: it has some now). */
	wait(key: string, now = Date.now()): number {
		const ms = this.tokens(key, now);
		return ms > 0 ? 0 : Math.max(1, Math.ceil(-ms / this.rate));
	}

	/** Counts `ms` of the server's time spent for `key`. */
	spend(key: string, ms: number, now = Date.now()): void {
		this.charge(key, ms, now);
	}
}

/**
 * The server time every heavy read of a board draws on, by client address: the exports and the
 * board's task list (`GET /api/boards/:id/tasks`, which reads the whole board: 0.5-0.7 s for
 * 14,640 notes). One budget for both, so a client cannot spend one budget on each.
 */
export const heavyReads = new TimeBudget();

/**
 * Answers with `work()` while the request's address has time left in `budget`, and counts the
 * milliseconds `work` took against it (also when it throws). Past the budget: 429 with
 * Retry-After in whole seconds and the JSON body `{message, hint, code: 'rate-limited',
 * retryAfter}`, where `message` is `refusal`.
 */
export async function withinTimeBudget(
	event: Pick<RequestEvent, 'getClientAddress'>,
	refusal: string,
	work: () => Promise<Response>,
	budget: TimeBudget = heavyReads
): Promise<Response> {
	const key = addressKey(event);
	const wait = budget.wait(key);
	if (wait > 0) {
		return json(
			{ message: refusal, hint: `Wait ${wait} s and try again.`, code: 'rate-limited', retryAfter: wait },
			{ status: 429, headers: { 'retry-after': String(wait) } }
		);
	}
	const started = performance.now();
	try {
		return await work();
	} finally {
		budget.spend(key, performance.now() - started);
	}
}

/**
 * The last few board images made, by everything they were made from (the board's document state,
 * its title, imports and departments, the scope and paper): the print view asks for each page of
 * one image separately, and every page used to make the whole image again.
 */
export class ExportCache<T> {
	private readonly entries = new Map<string, T>();

	constructor(private readonly max = 4) {}

	get(key: string): T | undefined {
		const value = this.entries.get(key);
		if (value !== undefined) {
			this.entries.delete(key);
			this.entries.set(key, value);
		}
		return value;
	}

	set(key: string, value: T): void {
		this.entries.delete(key);
		this.entries.set(key, value);
		while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
	}
}
