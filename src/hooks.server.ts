import type { Handle, HandleServerError } from '@sveltejs/kit';
import { participantOfRequest } from '$lib/server/participant';
import { isStorageFailure, STORAGE_FAILURE_HINT, STORAGE_FAILURE_MESSAGE } from '$lib/server/storage-failure';

/** Every browser gets its participant cookie with the first page it is served (see participant.ts). */
export const handle: Handle = async ({ event, resolve }) => {
	event.locals.participant = participantOfRequest(event.cookies, event.url);
	// The HTTP API answers errors as JSON `{message, hint}` whatever the client accepts: a script
	// that sends no Accept header must not get the HTML error page.
	if (event.url.pathname.startsWith('/api/') && !/json/i.test(event.request.headers.get('accept') ?? '')) {
		try {
			event.request.headers.set('accept', 'application/json');
		} catch {
			// Headers of this request are immutable; the answer is then negotiated as usual.
		}
	}
	return resolve(event);
};

/** Unexpected errors are logged in full and reach the user as a short message with what to do. */
export const handleError: HandleServerError = ({ error, status, message }) => {
	if (status !== 404) console.error(error);
	if (isStorageFailure(error)) return { message: STORAGE_FAILURE_MESSAGE, hint: STORAGE_FAILURE_HINT };
	return {
		message: status === 404 ? message : 'Something went wrong on the server.',
		hint: status === 404 ? 'Check the address.' : 'Try again in a moment; if it keeps happening, tell whoever runs this Gistboard.'
	};
};
