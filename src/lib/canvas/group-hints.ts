import { normalize } from './search';
import { ELLIPSIS, ellipsize } from '../text';

/** What tells a group apart from another of the same name: where it is nested, and its first note. */
export interface GroupSketch {
	/** Name of the group it is nested in; null at the top level. */
	parent: string | null;
	/** Text of its first note (the one drawn first in it); null when it has none. */
	firstNote: string | null;
}

/** The shown name of a group: its label, or "Untitled group" when it has none. */
export const shownName = (label: string) => label.trim() || 'Untitled group';

/** Graphemes of a first note quoted in a hint, ellipsis included. */
const NOTE_GRAPHEMES = 48;

/** The opening of a note on one line, cut at a word when it is longer than a hint holds. */
function opening(text: string): string {
	const line = text.trim().replace(/\s+/g, ' ');
	const cut = ellipsize(line, NOTE_GRAPHEMES);
	if (cut === line) return line;
	const body = cut.slice(0, -ELLIPSIS.length);
	const space = body.lastIndexOf(' ');
	return (space > body.length / 2 ? body.slice(0, space) : body).replace(/[\s,;:.]+$/, '') + ELLIPSIS;
}

/**
 * A short line for each group whose shown name another of `groups` has too (compared as search
 * compares text: case, accents and width ignored), so a list of "Fabric quality" and
 * "Fabric quality" says which is which: `in “Fit” · “Love this dress! it's sooo pretty…”`, the
 * parent when the same-named groups are nested in different places, then the opening of the
 * group's first note. Groups with a name of their own get no entry.
 *
 * `sketch(id)` reads a group's parent and first note from the board.
 */
export function sameNameHints(groups: readonly { id: string; label: string }[], sketch: (id: string) => GroupSketch): Map<string, string> {
	const byName = new Map<string, string[]>();
	for (const g of groups) {
		const key = normalize(shownName(g.label)).replace(/\s+/g, ' ');
		const ids = byName.get(key);
		if (ids) ids.push(g.id);
		else byName.set(key, [g.id]);
	}
	const hints = new Map<string, string>();
	for (const ids of byName.values()) {
		if (ids.length < 2) continue;
		const sketches = ids.map((id) => sketch(id));
		const parentsDiffer = new Set(sketches.map((s) => s.parent)).size > 1;
		ids.forEach((id, i) => {
			const s = sketches[i];
			const parts: string[] = [];
			if (parentsDiffer) parts.push(s.parent === null ? 'not nested' : `in “${shownName(s.parent)}”`);
			if (s.firstNote?.trim()) parts.push(`“${opening(s.firstNote)}”`);
			if (parts.length) hints.set(id, parts.join(' · '));
		});
	}
	return hints;
}

/** The board as `boardSketch` reads it: groups by id, drawn notes by id, and each group's notes in drawing order. */
export interface SketchSource {
	groups: ReadonlyMap<string, { label: string; parentId: string | null }>;
	notes: ReadonlyMap<string, { text: string }>;
	layout: { members: ReadonlyMap<string, readonly string[]>; children: ReadonlyMap<string, readonly string[]> };
}

/** A group's parent name and first note (of it or, when it holds only groups, of its first nested group), from a board view. */
export function boardSketch(view: SketchSource, id: string): GroupSketch {
	const parentId = view.groups.get(id)?.parentId ?? null;
	// A group stored as its own parent is drawn at the top level.
	const parent = parentId && parentId !== id ? (view.groups.get(parentId)?.label ?? null) : null;
	let firstNote: string | null = null;
	const seen = new Set<string>();
	const walk = (g: string) => {
		if (firstNote !== null || seen.has(g)) return;
		seen.add(g);
		for (const n of view.layout.members.get(g) ?? []) {
			const text = view.notes.get(n)?.text;
			if (text?.trim()) {
				firstNote = text;
				return;
			}
		}
		for (const k of view.layout.children.get(g) ?? []) walk(k);
	};
	walk(id);
	return { parent, firstNote };
}

/**
 * The groups notes were taken out of, with those of the same shown name (compared as
 * `sameNameHints` compares) counted as one entry: `[{name, count, groups}]` in first-seen order,
 * `count` the notes taken from all of them, `groups` how many groups of that name lost notes. A
 * banner listing "3 from Fabric quality, 2 from Fabric quality" said the same name twice.
 */
export function mergeLeaving(left: readonly { name: string; count: number }[]): { name: string; count: number; groups: number }[] {
	const byName = new Map<string, { name: string; count: number; groups: number }>();
	for (const l of left) {
		const key = normalize(shownName(l.name)).replace(/\s+/g, ' ');
		const entry = byName.get(key);
		if (entry) {
			entry.count += l.count;
			entry.groups += 1;
		} else byName.set(key, { name: l.name, count: l.count, groups: 1 });
	}
	return [...byName.values()];
}
