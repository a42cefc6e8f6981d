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

export class TimeBudget {
	private readonly spent = new Map<string, { ms: number; last: number }>();

	constructor(
		readonly rate = EXPORT_MS_PER_SECOND,
		readonly burst = EXPORT_BURST_MS,
		private readonly maxKeys = 10_000
	) {}

	private refill(key: string, now: number): { ms: number; last: number } | null {
		const b = this.spent.get(key);
		if (!b) return null;
		b.ms = Math.min(this.burst, b.ms + ((now - b.last) / 1000) * this.rate);
		b.last = now;
		if (b.ms < this.burst) return b;
		this.spent.delete(key);
		return null;
	}

	/** Whole seconds until `key` has time left (0: it has some now). */
	wait(key: string, now = Date.now()): number {
		const ms = this.refill(key, now)?.ms ?? this.burst;
		return ms > 0 ? 0 : Math.max(1, Math.ceil(-ms / this.rate));
	}

	/** Counts `ms` of the server's time spent for `key`. */
	spend(key: string, ms: number, now = Date.now()): void {
		const b = this.refill(key, now) ?? { ms: this.burst, last: now };
		b.ms -= ms;
		this.spent.set(key, b);
		if (this.spent.size > this.maxKeys) for (const k of [...this.spent.keys()]) this.refill(k, now);
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
