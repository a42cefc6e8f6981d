import type { Services } from '../../../server/services.ts';

/**
 * The process's services (database, open boards) are created by the server entry (or the dev
 * server plugin) before any request; SvelteKit code reaches them here. They live on globalThis
 * because the server entry and SvelteKit's bundle each load their own copy of this module.
 */
const KEY = Symbol.for('gistboard.services');

type Holder = { [KEY]?: Services };

export function setServices(services: Services): void {
	(globalThis as Holder)[KEY] = services;
}

export function services(): Services {
	const s = (globalThis as Holder)[KEY];
	if (!s) throw new Error('Gistboard services are not started: run the app through `npm start` or `npm run dev`.');
	return s;
}
