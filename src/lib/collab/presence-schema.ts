import { z } from 'zod';
import { stripBidiControls } from '../text/direction.ts';
import { clampText } from '../text/graphemes.ts';

/** Bytes of one presence state (its JSON text) the server relays at most. */
export const MAX_PRESENCE_BYTES = 4096;
/** Characters of a display name shown to others. */
export const MAX_PRESENCE_NAME = 40;
/** Ids in one selection or drag. */
export const MAX_PRESENCE_IDS = 500;

const id = z.string().max(64);
const finite = z.number().finite();

/**
 * What one tab may tell the others (see `PresenceState`). Unknown keys are dropped; a colour is a
 * `#rrggbb` value and nothing else, since browsers draw it as CSS (a `url(…)` would make every
 * participant's browser fetch it).
 */
export const presenceSchema = z.object({
	user: z.object({
		id,
		name: z.string().max(400),
		color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
		role: z.enum(['facilitator', 'editor', 'viewer'])
	}),
	cursor: z.object({ x: finite, y: finite }).nullable().default(null),
	selection: z.array(id).max(MAX_PRESENCE_IDS).default([]),
	drag: z.object({ ids: z.array(id).max(MAX_PRESENCE_IDS), dx: finite, dy: finite }).nullable().default(null),
	typing: id.nullable().default(null),
	view: z.object({ x: finite, y: finite, zoom: finite.positive() }).nullable().default(null)
});

export type CheckedPresence = z.infer<typeof presenceSchema>;

/**
 * The presence state the server relays for a connection, as JSON text: the client's state checked
 * against `presenceSchema`, its name without bidi controls and cut to 40 characters, and `user.id` and `user.role` replaced
 * by the connection's participant and role, so nobody appears as someone else or as a facilitator;
 * a viewer's drag and typing are dropped (the app never sends them for a view-only link).
 * Returns null for a state that is too large or not valid (it is not relayed). With `keep`, only
 * the ids it keeps stay in the selection, the drag and `typing` (during private mode: only notes
 * and groups everyone has, so nobody's private notes show through presence).
 */
export function checkPresence(
	json: string,
	who: { participant: string; role: 'facilitator' | 'editor' | 'viewer' },
	keep?: (id: string) => boolean
): string | null {
	if (json.length > MAX_PRESENCE_BYTES) return null;
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		return null;
	}
	const parsed = presenceSchema.safeParse(value);
	if (!parsed.success) return null;
	const state = parsed.data;
	state.user = { ...state.user, id: who.participant, role: who.role, name: clampText(stripBidiControls(state.user.name), MAX_PRESENCE_NAME) };
	// A view-only link moves nothing and names nothing: others are never shown its drag or typing.
	if (who.role === 'viewer') {
		state.drag = null;
		state.typing = null;
	}
	if (keep) {
		state.selection = state.selection.filter(keep);
		const dragged = state.drag?.ids.filter(keep) ?? [];
		state.drag = state.drag && dragged.length > 0 ? { ...state.drag, ids: dragged } : null;
		if (state.typing !== null && !keep(state.typing)) state.typing = null;
	}
	return JSON.stringify(state);
}
