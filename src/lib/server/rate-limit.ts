import { createHash } from 'node:crypto';

/**
 * Token buckets by key (an address, a credential): `rate` tokens a second, up to `burst` saved
 * up. In memory, per process: behind a load balancer each process allows its share. Buckets that
 * have filled up again are forgotten, so the map stays as small as the set of recent clients
 * (`maxKeys` bounds it even under a flood of new addresses; past it the fullest are dropped first).
 */
export class KeyedBuckets {
	private readonly buckets = new Map<string, { tokens: number; last: number }>();

	constructor(
		readonly rate: number,
		readonly burst: number,
		private readonly maxKeys = 100_000
	) {}

	/** `key`'s bucket refilled to `now`, made full when it has none. */
	private bucket(key: string, now: number): { tokens: number; last: number } {
		let b = this.buckets.get(key);
		if (!b) {
			b = { tokens: this.burst, last: now };
			this.buckets.set(key, b);
		}
		b.tokens = Math.min(this.burst, b.tokens + ((now - b.last) / 1000) * this.rate);
		b.last = now;
		return b;
	}

	/**
	 * Takes one token for each key; all or none. Answers `{ok: true}` or `{ok: false, retryAfter}`
	 * (whole seconds until one token is back for every key, at least 1).
	 */
	take(keys: string[], now = Date.now()): { ok: true } | { ok: false; retryAfter: number } {
		let wait = 0;
		const states = keys.map((key) => {
			const b = this.bucket(key, now);
			if (b.tokens < 1) wait = Math.max(wait, (1 - b.tokens) / this.rate);
			return b;
		});
		if (wait > 0) return { ok: false, retryAfter: Math.max(1, Math.ceil(wait)) };
		for (const b of states) b.tokens -= 1;
		if (this.buckets.size > this.maxKeys) this.sweep(now);
		return { ok: true };
	}

	/** Takes `amount` tokens from `key` and answers true; answers false and takes nothing when fewer are left. */
	spendIfAvailable(key: string, amount: number, now = Date.now()): boolean {
		if (this.tokens(key, now) < amount) return false;
		this.charge(key, amount, now);
		return true;
	}

	/** Tokens `key` has at `now` (`burst` for a key it holds no bucket for); below 0 while in debt. */
	tokens(key: string, now = Date.now()): number {
		const b = this.buckets.get(key);
		return b ? Math.min(this.burst, b.tokens + ((now - b.last) / 1000) * this.rate) : this.burst;
	}

	/**
	 * Takes `amount` tokens from `key` after the fact, for work already done (a refusal made, the
	 * milliseconds an export took): the bucket may go into debt, down to `floor`.
	 */
	charge(key: string, amount: number, now = Date.now(), floor = -Infinity): void {
		const b = this.bucket(key, now);
		b.tokens = Math.max(floor, b.tokens - amount);
		if (this.buckets.size > this.maxKeys) this.sweep(now);
	}

	/** Forgets the keys whose bucket has filled up again. */
	prune(now = Date.now()): void {
		for (const [key, b] of this.buckets) {
			if (b.tokens + ((now - b.last) / 1000) * this.rate >= this.burst) this.buckets.delete(key);
		}
	}

	/** Keys with a bucket held. */
	get size(): number {
		return this.buckets.size;
	}

	private sweep(now: number): void {
		this.prune(now);
		// Still too many: every key is busy; forget the oldest.
		for (const key of this.buckets.keys()) {
			if (this.buckets.size <= this.maxKeys) break;
			this.buckets.delete(key);
		}
	}
}

/** A credential as a rate-limit key: a short hash, so no token is kept in memory as itself. */
export function credentialKey(token: string): string {
	return `cred:${createHash('sha256').update(token).digest('base64url').slice(0, 22)}`;
}

/** The bearer token of a request, if any. */
export function bearerOf(headers: { get(name: string): string | null }): string | null {
	const auth = headers.get('authorization');
	const m = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
	return m ? m[1] : null;
}

/**
 * The rate limits' key for a request's client address: `ip:<address>`, or `ip:unknown` where the
 * adapter cannot tell (a request built in a test, a socket already closed).
 */
export function addressKey(event: { getClientAddress(): string }): string {
	try {
		return `ip:${event.getClientAddress()}`;
	} catch {
		return 'ip:unknown';
	}
}
