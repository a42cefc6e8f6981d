/**
 * The newest value a page's streamed promise gave, kept while the next one is on its way: a page
 * whose data is loaded again (`invalidate`) goes on showing what it had until the new answer comes,
 * instead of blanking it. Create it while a component initialises; `source` reads the promise from
 * the page's data (null or undefined when there is none).
 */
export class Latest<T> {
	/** The newest value given, null until the first comes. */
	value = $state<T | null>(null);
	/** When the newest value came (the reader's clock), null until the first. */
	at = $state<Date | null>(null);
	/** Whether a promise newer than `value` has not settled yet. */
	pending = $state(false);

	constructor(source: () => Promise<T> | null | undefined) {
		$effect(() => {
			const promise = source();
			if (!promise) return;
			let current = true;
			this.pending = true;
			promise.then(
				(value) => {
					if (!current) return;
					this.value = value;
					this.at = new Date();
					this.pending = false;
				},
				// The value shown stays; the next refresh asks again.
				() => current && (this.pending = false)
			);
			return () => {
				current = false;
			};
		});
	}
}
