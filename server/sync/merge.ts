import { Worker } from 'node:worker_threads';
import { WorkerCalls, type WorkerReply } from '../../src/lib/server/worker-calls.ts';

let merger: WorkerCalls | null = null;

function start(): WorkerCalls {
	const worker = new Worker(new URL('./merge.worker.js', import.meta.url), { execArgv: [] });
	// An idle merger must not keep a stopping process alive.
	worker.unref();
	const calls = new WorkerCalls(worker);
	worker.on('message', (reply: WorkerReply) => {
		calls.settle(reply);
		if (calls.size === 0) worker.unref();
	});
	const fail = (err: Error) => {
		// The next merge starts a new worker.
		if (merger === calls) merger = null;
		calls.fail(err);
	};
	worker.on('error', fail);
	worker.on('exit', (code) => fail(new Error(`the merge worker exited with code ${code}`)));
	return calls;
}

/**
 * `Y.mergeUpdates` on a worker thread, for compaction: merging hundreds of updates, or a large
 * board's snapshot, takes tens to hundreds of milliseconds, and the event loop that relays live
 * edits must keep going meanwhile.
 */
export function mergeOffThread(parts: Uint8Array[]): Promise<Uint8Array> {
	merger ??= start();
	merger.worker.ref();
	return merger.call<Uint8Array>({ parts });
}
