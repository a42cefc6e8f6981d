/**
 * Preloaded (`--import`) into every server under test, ours included, so event-loop lag is
 * measured the same way for all of them: a monitorEventLoopDelay histogram that the
 * orchestrator resets and reads over the IPC channel.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { LoopLagRequest, LoopLagReport } from './protocol.ts';

if (process.send) {
	const histogram = monitorEventLoopDelay({ resolution: 10 });
	histogram.enable();
	const ms = (ns: number) => ns / 1e6;
	process.on('message', (message: LoopLagRequest) => {
		if (!message || typeof message !== 'object' || !('loopLag' in message)) return;
		if (message.loopLag === 'reset') {
			histogram.reset();
			return;
		}
		const report: LoopLagReport = {
			loopLag: { p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) }
		};
		process.send?.(report);
	});
	// The channel must not keep a server alive that is asked to stop.
	process.channel?.unref();
}
