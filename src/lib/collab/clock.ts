/**
 * The offset between this device's clock and the server's, so a timer set by a facilitator whose
 * laptop clock is two minutes off still ends at the same moment for everyone.
 */
export class ServerClock {
	offset = 0;

	now(): number {
		return Date.now() + this.offset;
	}

	/** Measures the offset a few times and keeps the sample with the shortest round trip. */
	async sync(fetcher: typeof fetch = fetch, samples = 3): Promise<void> {
		let best = Infinity;
		for (let i = 0; i < samples; i++) {
			try {
				const sent = Date.now();
				const res = await fetcher('/api/time', { cache: 'no-store' });
				const { now } = (await res.json()) as { now: number };
				const received = Date.now();
				const rtt = received - sent;
				if (rtt < best && typeof now === 'number') {
					best = rtt;
					this.offset = now + rtt / 2 - received;
				}
			} catch {
				// Offline: keep the last offset (zero at first); the timer is then as good as this clock.
			}
		}
	}
}
