import { stripBidiControls } from '../text/direction';
import { clampText, graphemes } from '../text/graphemes';

/**
 * Who this browser is on boards: its participant id (given by the server, from the browser's
 * HttpOnly participant cookie), a display name and a colour. No account: the name is asked once
 * and kept on this device; it is only shown, never trusted.
 */
export interface Identity {
	id: string;
	name: string;
	color: string;
}

/** Colours that keep white text readable (contrast >= 4.5:1) and stay apart from each other. */
export const PRESENCE_COLORS = ['#b42318', '#b54708', '#067647', '#0e7090', '#175cd3', '#444ce7', '#7a2bd6', '#c11574', '#475467', '#107569'];

const KEY = 'gistboard.identity';
export const MAX_NAME = 40;

export function colorFor(id: string): string {
	let h = 0;
	for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
	return PRESENCE_COLORS[h % PRESENCE_COLORS.length];
}

export function cleanName(name: string): string {
	return clampText(stripBidiControls(name).replace(/\s+/g, ' ').trim(), MAX_NAME);
}

/** The identity of participant `id` in this browser, with the display name kept on this device. */
export function loadIdentity(id: string, storage: Pick<Storage, 'getItem'> | null = globalThis.localStorage ?? null): Identity {
	let name = '';
	try {
		const saved = JSON.parse(storage?.getItem(KEY) ?? 'null');
		if (saved && typeof saved.name === 'string') name = cleanName(saved.name);
	} catch {
		// A damaged entry counts as no name yet.
	}
	return { id, name, color: colorFor(id) };
}

export function saveName(identity: Identity, name: string, storage: Pick<Storage, 'setItem'> | null = globalThis.localStorage ?? null): Identity {
	const next = { ...identity, name: cleanName(name) };
	storage?.setItem(KEY, JSON.stringify({ name: next.name }));
	return next;
}

export function initials(name: string): string {
	// Brackets and quotes around a word ("Fiona (facilitator)", "“Sam”") are not its first letter.
	const parts = name
		.trim()
		.split(/\s+/)
		.map((part) => part.replace(/^\p{P}+/u, ''))
		.filter(Boolean);
	if (parts.length === 0) return '?';
	// First characters, not first code units: a name may start with an emoji or an astral letter.
	const first = (part: string) => graphemes(part)[0] ?? '';
	return (first(parts[0]) + (parts.length > 1 ? first(parts[parts.length - 1]) : '')).toUpperCase();
}
