import type { Origin } from './schema.ts';

const origins = new Map<string, Origin>();

/**
 * The origin of this user's own edits. The undo manager matches origins by identity, so every
 * edit a user makes must carry the very same object: always get it from here.
 */
export function userOrigin(userId: string): Origin {
	let origin = origins.get(userId);
	if (!origin) origins.set(userId, (origin = Object.freeze({ kind: 'user', userId }) as Origin));
	return origin;
}
