/**
 * A change the database did not take: a board update, or a row a server-side change needs. It is
 * recognised by its `code`, not its class, because the server entry and SvelteKit's bundle each
 * load their own copy of this module.
 */
export class StorageFailure extends Error {
	readonly code = 'storage-failed';
}

/** Whether an error says that a change could not be stored (from either copy of this module). */
export function isStorageFailure(err: unknown): boolean {
	return !!err && typeof err === 'object' && (err as { code?: unknown }).code === 'storage-failed';
}

/** What a person is told when the server could not store their change. */
export const STORAGE_FAILURE_MESSAGE = 'The server could not store this change, so nothing of it was kept.';
export const STORAGE_FAILURE_HINT = 'Try again in a moment; if it keeps happening, tell whoever runs this Gistboard (its database is not taking writes).';
