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

/**
 * Stops the merge worker thread (the server is shutting down): a merge still running fails with
 * an error saying so, and its compaction is simply not done (the update log keeps everything).
 * Resolves once the thread has exited. A later merge starts a new worker.
 */
export async function stopMerging(): Promise<void> {
	const calls = merger;
	if (!calls) return;
	merger = null;
	calls.fail(new Error('The server is stopping; the merge was not finished.'));
	await calls.worker.terminate();
}
