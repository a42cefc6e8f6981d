/**
 * A token bucket per connection: `rate` messages a second on average, bursts up to `burst`.
 * A browser sends a few presence and document messages a second, even while dragging;
 * a client far above that is broken or hostile and is disconnected.
 */
export class RateLimit {
	private tokens: number;
	private last: number;

	constructor(
		private readonly rate: number,
		private readonly burst = rate * 2,
		now = Date.now()
	) {
		this.tokens = burst;
		this.last = now;
	}

	/** Takes one token; false when the bucket is empty. */
	take(now = Date.now()): boolean {
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
		this.last = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}
