import { Worker } from 'node:worker_threads';

let worker: Worker | null = null;
let nextId = 1;
const calls = new Map<number, { resolve: (merged: Uint8Array) => void; reject: (err: Error) => void }>();

function start(): Worker {
	const w = new Worker(new URL('./merge.worker.js', import.meta.url), { execArgv: [] });
	// An idle merger must not keep a stopping process alive.
	w.unref();
	w.on('message', ({ id, merged, error }: { id: number; merged?: Uint8Array; error?: string }) => {
		const call = calls.get(id);
		calls.delete(id);
		if (calls.size === 0) w.unref();
		if (!call) return;
		if (error !== undefined) call.reject(new Error(error));
		else call.resolve(merged!);
	});
	const fail = (err: Error) => {
		worker = null;
		for (const call of calls.values()) call.reject(err);
		calls.clear();
	};
	w.on('error', fail);
	w.on('exit', (code) => fail(new Error(`the merge worker exited with code ${code}`)));
	return w;
}

/**
 * `Y.mergeUpdates` on a worker thread, for compaction: merging hundreds of updates, or a large
 * board's snapshot, takes tens to hundreds of milliseconds, and the event loop that relays live
 * edits must keep going meanwhile.
 */
export function mergeOffThread(parts: Uint8Array[]): Promise<Uint8Array> {
	worker ??= start();
	const w = worker;
	w.ref();
	const id = nextId++;
	return new Promise((resolve, reject) => {
		calls.set(id, { resolve, reject });
		w.postMessage({ id, parts });
	});
}
