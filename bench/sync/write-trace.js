/**
 * Preloaded (`--import`) into every server under test, like loop-lag.js, so that the server's own
 * part of the fan-out is measured the same way in all of them: every chunk a server writes to a
 * socket is searched for the writers' markers (`~bm:<writer>:<seq>:m:<µs>~`, bench/sync/wire.ts),
 * and for each measured update the time of its last socket write is kept. The orchestrator asks
 * for `last write − writer's send` of the updates sent inside its window: the time from a writer's
 * send to the moment the server has handed the update to the kernel for its last recipient, which
 * excludes the load generator's receiving side that end-to-end latency includes.
 *
 * The writer stamps its send with `performance.timeOrigin + performance.now()` (µs); this process
 * reads the same clock, so the two agree to within microseconds on one machine.
 *
 * Server frames are not masked, so the marker bytes appear as written. Cost: one `indexOf` per
 * written chunk, and a short parse for chunks that carry a marker; the same for every server.
 */
// Plain JavaScript, so that it loads into the baseline servers without a TypeScript loader.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

/** @typedef {import('./protocol.ts').WriteTraceRequest} WriteTraceRequest */
/** @typedef {import('./protocol.ts').WriteTraceReport} WriteTraceReport */

const MARKER_OPEN = Buffer.from('~bm:');
const TILDE = 0x7e;
/** Updates kept: 100 per second for 20 minutes is far more than one workload sends. */
const KEEP = 1 << 17;

if (process.send) {
	const sentUs = new Float64Array(KEEP);
	const lastUs = new Float64Array(KEEP);
	/** @type {Map<string, number>} */
	const slotOf = new Map();
	let next = 0;

	const record = (/** @type {Buffer} */ buf) => {
		let at = buf.indexOf(MARKER_OPEN);
		if (at === -1) return;
		const now = (performance.timeOrigin + performance.now()) * 1000;
		while (at !== -1) {
			const end = buf.indexOf(TILDE, at + MARKER_OPEN.length);
			if (end === -1) return;
			const text = buf.toString('latin1', at + MARKER_OPEN.length, end);
			const [writer, seq, phase, sent] = text.split(':');
			if (phase === 'm') {
				const key = `${writer}:${seq}`;
				let slot = slotOf.get(key);
				if (slot === undefined) {
					slot = next++ % KEEP;
					slotOf.set(key, slot);
					if (slotOf.size > KEEP) slotOf.delete(/** @type {string} */ (slotOf.keys().next().value));
					sentUs[slot] = Number(sent);
				}
				lastUs[slot] = now;
			}
			at = buf.indexOf(MARKER_OPEN, end + 1);
		}
	};

	const write = net.Socket.prototype.write;
	/** @this {net.Socket} @param {unknown} chunk @param {...unknown} rest */
	function traced(chunk, ...rest) {
		if (chunk instanceof Uint8Array) record(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
		return /** @type {(...args: unknown[]) => boolean} */ (write).call(this, chunk, ...rest);
	}
	net.Socket.prototype.write = /** @type {typeof write} */ (traced);

	process.on('message', (/** @type {WriteTraceRequest} */ message) => {
		if (!message || typeof message !== 'object' || !('writeTrace' in message)) return;
		const from = message.writeTrace.from * 1000;
		const to = message.writeTrace.to * 1000;
		/** @type {number[]} */
		const latencies = [];
		for (const slot of slotOf.values()) {
			if (sentUs[slot] >= from && sentUs[slot] <= to) latencies.push((lastUs[slot] - sentUs[slot]) / 1000);
		}
		latencies.sort((a, b) => a - b);
		const pick = (/** @type {number} */ p) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] ?? NaN;
		/** @type {WriteTraceReport} */
		const report = {
			writeTrace: { updates: latencies.length, p50Ms: pick(0.5), p99Ms: pick(0.99), maxMs: latencies.at(-1) ?? NaN }
		};
		process.send?.(report);
	});
	process.channel?.unref();
}
