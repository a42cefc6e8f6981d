import { clampText, graphemes } from '../text/graphemes';

/**
 * Who this browser is on boards: a random user id, a display name and a colour. No account: the
 * name is asked once and kept on this device.
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

function randomId(): string {
	const bytes = new Uint8Array(10);
	crypto.getRandomValues(bytes);
	return 'user_' + Array.from(bytes, (b) => (b % 36).toString(36)).join('');
}

const SECRET_KEY = 'gistboard.participant';

/**
 * This browser's participant secret (256 random bits, base64url): the server derives the
 * participant id that owns this browser's changes from it, so nobody who only sees the id can
 * write as this browser.
 */
export function participantSecret(storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.localStorage ?? null): string {
	const saved = storage?.getItem(SECRET_KEY);
	if (saved && /^[A-Za-z0-9_-]{43}$/.test(saved)) return saved;
	const bytes = new Uint8Array(32);
	crypto.getRandomValues(bytes);
	const secret = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
	storage?.setItem(SECRET_KEY, secret);
	return secret;
}

export function colorFor(id: string): string {
	let h = 0;
	for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
	return PRESENCE_COLORS[h % PRESENCE_COLORS.length];
}

export function cleanName(name: string): string {
	return clampText(name.replace(/\s+/g, ' ').trim(), MAX_NAME);
}

/** The identity kept in this browser; a new one (without a name yet) on first use. */
export function loadIdentity(storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.localStorage ?? null): Identity {
	try {
		const saved = JSON.parse(storage?.getItem(KEY) ?? 'null');
		if (saved && typeof saved.id === 'string' && /^user_[a-z0-9]{4,64}$/.test(saved.id)) {
			return { id: saved.id, name: cleanName(String(saved.name ?? '')), color: colorFor(saved.id) };
		}
	} catch {
		// A damaged entry is replaced below.
	}
	const id = randomId();
	const identity = { id, name: '', color: colorFor(id) };
	storage?.setItem(KEY, JSON.stringify(identity));
	return identity;
}

export function saveName(identity: Identity, name: string, storage: Pick<Storage, 'setItem'> | null = globalThis.localStorage ?? null): Identity {
	const next = { ...identity, name: cleanName(name) };
	storage?.setItem(KEY, JSON.stringify(next));
	return next;
}

export function initials(name: string): string {
	const parts = name.trim().split(/\s+/).filter(Boolean);
	if (parts.length === 0) return '?';
	// First characters, not first code units: a name may start with an emoji or an astral letter.
	const first = (part: string) => graphemes(part)[0] ?? '';
	return (first(parts[0]) + (parts.length > 1 ? first(parts[parts.length - 1]) : '')).toUpperCase();
}
