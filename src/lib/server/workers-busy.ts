/** What the import dialog (and any client) shows when every worker thread and its queue are taken. */
export const SERVER_BUSY_MESSAGE = 'The server is busy reading other files; try again in a few seconds.';

/** Seconds a refused upload is told to wait (Retry-After): a file is read in well under that. */
export const BUSY_RETRY_AFTER_S = 5;

/**
 * A file refused before it was read because reading it would pass the bound on worker jobs
 * (`server/worker-job.ts`, `WorkerSlots`): every worker and place in the queue is taken
 * (`scope: 'server'`, answered 503), or the credential it came with already has its share of
 * files being read or waiting (`scope: 'credential'`, answered 429). Either way nothing was read.
 */
export class WorkersBusyError extends Error {
	readonly code = 'busy';
	constructor(
		readonly scope: 'server' | 'credential',
		/** Jobs one credential may have running or waiting at once (named in its message). */
		readonly perCredential: number,
		/** Seconds to wait before trying again. */
		readonly retryAfter = BUSY_RETRY_AFTER_S
	) {
		super(
			scope === 'server'
				? SERVER_BUSY_MESSAGE
				: `${perCredential === 1 ? 'A file' : `${perCredential} files`} sent with this link ${perCredential === 1 ? 'is' : 'are'} still being read; try again in a few seconds.`
		);
		this.name = 'WorkersBusyError';
	}
}

/**
 * Whether `err` is a `WorkersBusyError`, by name: the readers live in the server's bundle, which
 * has its own copy of the class.
 */
export function isWorkersBusy(err: unknown): err is WorkersBusyError {
	return err instanceof Error && err.name === 'WorkersBusyError';
}

/**
 * The answer to a refused file: 503 (server busy) or 429 (this credential's share taken), with
 * Retry-After in seconds and `{message, hint, code: 'busy', retryAfter}`; `extra` fields join the
 * body (the import route's `imported: 0`, …).
 */
export function busyResponse(err: WorkersBusyError, extra: Record<string, unknown> = {}): Response {
	const body = { message: err.message, hint: `Wait ${err.retryAfter} s and try again.`, code: 'busy', retryAfter: err.retryAfter, ...extra };
	return new Response(JSON.stringify(body), {
		status: err.scope === 'server' ? 503 : 429,
		headers: { 'content-type': 'application/json', 'retry-after': String(err.retryAfter) }
	});
}
