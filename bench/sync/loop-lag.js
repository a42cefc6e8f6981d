/**
 * Preloaded (`--import`) into every server under test, ours included, so event-loop lag is
 * measured the same way for all of them. A 10 ms timer records how late it fires, with the
 * wall-clock time; the orchestrator asks for the lag inside its measuring window. Asking by
 * time rather than "since the last reset" keeps the answer right when a saturated server reads
 * its IPC messages late.
 *
 * It also runs a full garbage collection when asked (`{ gc: true }`), before memory is sampled.
 */
// Plain JavaScript, so that it loads into the baseline servers without a TypeScript loader.
import { performance } from 'node:perf_hooks';

/** @typedef {import('./protocol.ts').LoopLagRequest} LoopLagRequest */
/** @typedef {import('./protocol.ts').LoopLagReport} LoopLagReport */

const INTERVAL_MS = 10;
const KEEP = 200_000;

if (process.send) {
	const at = new Float64Array(KEEP);
	const lag = new Float64Array(KEEP);
	let n = 0;
	let last = performance.now();
	setInterval(() => {
		const now = performance.now();
		at[n % KEEP] = performance.timeOrigin + now;
		lag[n % KEEP] = Math.max(0, now - last - INTERVAL_MS);
		n++;
		last = now;
	}, INTERVAL_MS).unref();
	process.on('message', (/** @type {LoopLagRequest | { gc: true }} */ message) => {
		// A full collection before memory is read, so that every server is measured by what it
		// holds, not by how much garbage its last burst of work left (needs --expose-gc).
		if (message && typeof message === 'object' && 'gc' in message) {
			/** @type {{ gc?: () => void }} */ (globalThis).gc?.();
			process.send?.({ gc: { done: true } });
			return;
		}
		if (!message || typeof message !== 'object' || !('loopLag' in message)) return;
		const { from, to } = message.loopLag;
		/** @type {number[]} */
		const inWindow = [];
		for (let i = Math.max(0, n - KEEP); i < n; i++) {
			const t = at[i % KEEP];
			if (t >= from && t <= to) inWindow.push(lag[i % KEEP]);
		}
		inWindow.sort((a, b) => a - b);
		const pick = (/** @type {number} */ p) => inWindow[Math.min(inWindow.length - 1, Math.ceil(p * inWindow.length) - 1)] ?? 0;
		/** @type {LoopLagReport} */
		const report = { loopLag: { p50Ms: pick(0.5), p99Ms: pick(0.99), maxMs: inWindow.at(-1) ?? 0 } };
		process.send?.(report);
	});
	// The channel must not keep a server alive that is asked to stop.
	process.channel?.unref();
}
