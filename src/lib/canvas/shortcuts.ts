import type { PresenceRole } from '$lib/collab/presence.svelte';

/**
 * Every keyboard shortcut of the board page, listed once: its keys, what it does, the section of
 * the shortcut list it appears in, when it applies, and the command it runs. The page's key
 * handler, the canvas's, the search field's and the side panels' all dispatch through
 * `dispatchShortcut`, and the shortcut list (`ShortcutsDialog`) renders `helpSections`, so a key
 * that acts is a key the list names, and the other way round.
 *
 * Commands are not stored here: each handler passes the commands it runs, built from its own
 * state when a key is pressed (`ShortcutHandler`), so nothing reads a component's state before
 * the component exists.
 */

/**
 * Where a shortcut is listened for:
 * - `page`: anywhere on the board page while no dialog is open (the window's key handler);
 * - `canvas`: keyboard focus on the canvas or an item on it, or on the outline that stands in for it;
 * - `search`: in the search field;
 * - `panel`: in a side panel or drawer;
 * - `pointer`: a pointer gesture the list explains; no key handler dispatches it.
 */
export type Scope = 'page' | 'canvas' | 'search' | 'panel' | 'pointer';
export type Platform = 'mac' | 'other';
/** A person's role on the board, as their link gives it. */
export type Role = PresenceRole;
export type Section = 'Move around' | 'Select' | 'Group' | 'Find and undo' | 'Panels';

/** One key combination. Modifiers left out must not be held, except Shift, which is "either" unless given. */
export interface Chord {
	/** `KeyboardEvent.key`; letters match in either case. */
	key?: string;
	/** `KeyboardEvent.code`, matched when `key` does not: with Alt (which changes `key` on a Mac) and for digits on any layout. */
	code?: string;
	/** Ctrl, or ⌘ on a Mac (either is taken on every platform). */
	mod?: boolean;
	alt?: boolean;
	shift?: boolean;
	/** Also acts while the person types in a text field (only for combinations that type nothing). */
	inText?: boolean;
}

/** What the board is doing when a key is pressed, read by the handler at that moment. */
export interface ShortcutState {
	role: Role;
	/** False while the board is locked or read-only for this person. */
	editable: boolean;
	/** The kind of item that has keyboard focus on the canvas or outline. */
	focus: 'note' | 'group' | null;
	/** What is being carried with the keyboard (picked up with P). */
	carrying: 'notes' | 'group' | null;
}

/** The names of the modifier keys on a platform, for labels. */
export interface KeyNames {
	mod: string;
	alt: string;
	shift: string;
}

interface Definition {
	section: Section;
	scope: Scope;
	/** What it does, as the list says it; a function where it names other keys of the platform. */
	description: string | ((k: KeyNames) => string);
	/** The combinations that run it; empty for pointer gestures. */
	keys: Chord[];
	/** The list's text for the keys when a chord-by-chord one would not read well ("Arrow keys"). */
	label?: (k: KeyNames) => string;
	/** When it applies besides its scope: focus, carrying. */
	when?: (s: ShortcutState) => boolean;
	/** The lowest role it is for: below it the key does nothing and the list leaves it out. */
	role?: 'editor' | 'facilitator';
	/** It changes the board: on a locked or read-only board the key is answered with a refusal. */
	edits?: boolean;
}

const ARROWS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'];
const focused = (s: ShortcutState) => s.focus !== null && s.carrying === null;

const DEFINITIONS = {
	// ---- Move around
	'focus.board': {
		section: 'Move around',
		scope: 'page',
		keys: [{ code: 'KeyB', alt: true, inText: true }],
		description: 'Skip to the board (also the first link on the page, for Tab)'
	},
	'focus.move': {
		section: 'Move around',
		scope: 'canvas',
		keys: ARROWS.map((key) => ({ key })),
		label: () => 'Arrow keys',
		description: 'Move focus to the nearest note or group'
	},
	'focus.start': {
		section: 'Move around',
		scope: 'canvas',
		keys: [{ key: 'Enter' }],
		when: (s) => s.focus === null,
		label: () => 'Enter on the board',
		description: 'Focus the note nearest the middle of the screen'
	},
	'focus.enter': {
		section: 'Move around',
		scope: 'canvas',
		keys: [{ key: 'Enter', shift: false }],
		when: (s) => focused(s) && s.focus === 'group',
		label: () => 'Enter on a group',
		description: 'Go into the focused group: focus its first note'
	},
	'focus.parent': {
		section: 'Move around',
		scope: 'canvas',
		keys: [{ key: 'Enter', shift: true }],
		when: focused,
		description: 'Go out to the group around the focused note or group'
	},
	pan: {
		section: 'Move around',
		scope: 'canvas',
		keys: ARROWS.map((key) => ({ key, alt: true })),
		label: (k) => `${k.alt} + arrow keys`,
		description: (k) => `Pan (hold ${k.shift} too to pan further; scrolling or dragging the background pans too)`
	},
	'pointer.pan': {
		section: 'Move around',
		scope: 'pointer',
		keys: [],
		label: () => 'Space + drag',
		description: 'Pan, wherever the pointer starts'
	},
	'zoom.in': {
		section: 'Move around',
		scope: 'page',
		keys: [{ key: '+' }, { key: '=' }],
		description: (k) => `Zoom in (scrolling with ${k.mod} held and pinching zoom too)`
	},
	'zoom.out': { section: 'Move around', scope: 'page', keys: [{ key: '-' }], description: 'Zoom out' },
	'zoom.fit': { section: 'Move around', scope: 'page', keys: [{ key: '1', code: 'Digit1' }], description: 'Zoom to fit the board' },
	'zoom.selection': {
		section: 'Move around',
		scope: 'page',
		keys: [{ key: '2', code: 'Digit2' }],
		description: 'Zoom to the selection, or fit the focused group'
	},
	'zoom.reset': { section: 'Move around', scope: 'page', keys: [{ key: '0', code: 'Digit0' }], description: 'Zoom to 100%' },
	'view.switch': { section: 'Move around', scope: 'page', keys: [{ key: 'o' }], description: 'Switch between canvas and outline' },

	// ---- Select
	'pointer.select': {
		section: 'Select',
		scope: 'pointer',
		keys: [],
		label: () => 'Click, Shift+click',
		description: 'Select, add to selection'
	},
	'pointer.box': { section: 'Select', scope: 'pointer', keys: [], label: () => 'Shift + drag', description: 'Box select' },
	'select.toggle': {
		section: 'Select',
		scope: 'canvas',
		keys: [{ key: ' ' }],
		when: focused,
		description: 'Select or unselect the focused note or group'
	},
	'select.note': {
		section: 'Select',
		scope: 'canvas',
		keys: [{ key: 'Enter', shift: false }],
		when: (s) => focused(s) && s.focus === 'note',
		label: () => 'Enter on a note',
		description: 'Select only the focused note'
	},
	'select.all': {
		section: 'Select',
		scope: 'page',
		keys: [{ key: 'a', mod: true }],
		description: 'Select all notes (or all search/filter results)'
	},
	escape: { section: 'Select', scope: 'page', keys: [{ key: 'Escape' }], description: 'Clear selection; put back what you carry' },

	// ---- Group
	'carry.pick': {
		section: 'Group',
		scope: 'canvas',
		keys: [{ key: 'p' }],
		when: focused,
		edits: true,
		description: 'Pick up the focused note (or the selected notes) or group, to carry it with the arrow keys'
	},
	'carry.nest': {
		section: 'Group',
		scope: 'canvas',
		keys: [{ key: 'Enter', shift: true }],
		when: (s) => s.carrying === 'group' && s.focus !== null,
		description: 'While carrying a group: nest it inside the group under focus'
	},
	'carry.drop': {
		section: 'Group',
		scope: 'canvas',
		keys: [{ key: 'Enter' }, { key: ' ' }, { key: 'p' }],
		when: (s) => s.carrying !== null && s.focus !== null,
		description: 'While carrying: drop it on the focused note or group (a group dropped on a group merges into it)'
	},
	'group.new': { section: 'Group', scope: 'page', keys: [{ key: 'g' }], edits: true, description: 'New group from the selection' },
	'group.move': { section: 'Group', scope: 'page', keys: [{ key: 'm' }], edits: true, description: 'Move to group (type to find it)' },
	'group.leave': { section: 'Group', scope: 'page', keys: [{ key: 'u' }], edits: true, description: 'Take out of its group' },
	'group.assign': {
		section: 'Group',
		scope: 'page',
		keys: [{ key: 'a' }],
		role: 'editor',
		edits: true,
		description: 'Department and owner of the selected or focused group (in Details)'
	},
	'group.rename': {
		section: 'Group',
		scope: 'canvas',
		keys: [{ key: 'F2' }],
		when: (s) => focused(s) && s.focus === 'group',
		edits: true,
		description: 'Rename the focused group (or double-click its name): typing replaces the selected name, Enter keeps it, Esc cancels'
	},
	'group.collapse': {
		section: 'Group',
		scope: 'canvas',
		keys: [{ key: 'c' }],
		when: (s) => s.focus === 'group',
		edits: true,
		description: 'Collapse or expand the focused group'
	},
	tidy: {
		section: 'Group',
		scope: 'page',
		keys: [{ key: 't', shift: true }],
		edits: true,
		description: 'Tidy up: arrange the whole board (undo puts it back)'
	},
	delete: {
		section: 'Group',
		scope: 'page',
		keys: [{ key: 'Delete' }, { key: 'Backspace' }],
		edits: true,
		description: 'Delete selected notes, or dissolve the focused group'
	},

	// ---- Find and undo
	search: {
		section: 'Find and undo',
		scope: 'page',
		keys: [{ key: '/' }, { key: 'f', mod: true, inText: true }],
		description: 'Search'
	},
	'search.next': { section: 'Find and undo', scope: 'search', keys: [{ key: 'Enter', shift: false, inText: true }], description: 'In search: next match' },
	'search.previous': { section: 'Find and undo', scope: 'search', keys: [{ key: 'Enter', shift: true, inText: true }], description: 'In search: previous match' },
	'search.leave': {
		section: 'Find and undo',
		scope: 'search',
		keys: [{ key: 'Escape', inText: true }],
		description: 'In search: clear it and go back to the board, on the last match'
	},
	undo: { section: 'Find and undo', scope: 'page', keys: [{ key: 'z', mod: true, shift: false }], edits: true, description: 'Undo your last change' },
	redo: {
		section: 'Find and undo',
		scope: 'page',
		keys: [{ key: 'z', mod: true, shift: true }, { key: 'y', mod: true }],
		edits: true,
		description: 'Redo'
	},
	help: { section: 'Find and undo', scope: 'page', keys: [{ key: '?' }], description: 'This list' },

	// ---- Panels
	'panel.tasks': {
		section: 'Panels',
		scope: 'page',
		keys: [{ code: 'KeyT', alt: true }],
		description: 'Tasks: departments, insights, publish and export'
	},
	'panel.suggest': {
		section: 'Panels',
		scope: 'page',
		keys: [{ code: 'KeyG', alt: true }],
		role: 'editor',
		description: 'Suggest: the clustering assistant'
	},
	'panel.close': { section: 'Panels', scope: 'panel', keys: [{ key: 'Escape', inText: true }], description: 'In a panel: close it and go back where you were' },
	import: {
		section: 'Panels',
		scope: 'page',
		keys: [{ key: 'i' }],
		role: 'facilitator',
		description: 'Import comments from a file (CSV, TSV, XLSX)'
	}
} satisfies Record<string, Definition>;

export type ShortcutId = keyof typeof DEFINITIONS;
export type Shortcut = Definition & { id: ShortcutId };

/** Every shortcut, in the order of the list (and of matching: the first that applies wins). */
export const SHORTCUTS: readonly Shortcut[] = Object.entries(DEFINITIONS).map(([id, d]) => ({ id: id as ShortcutId, ...(d as Definition) }));

const SECTIONS: Section[] = ['Move around', 'Select', 'Group', 'Find and undo', 'Panels'];
const RANK: Record<Role, number> = { viewer: 0, editor: 1, facilitator: 2 };

/** The platform of this browser (`mac` for macOS and iOS), `other` where there is no navigator. */
export function currentPlatform(): Platform {
	return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? 'mac' : 'other';
}

export function keyNames(platform: Platform): KeyNames {
	return platform === 'mac' ? { mod: '⌘', alt: '⌥', shift: '⇧' } : { mod: 'Ctrl', alt: 'Alt', shift: 'Shift' };
}

const KEY_NAMES: Record<string, string> = {
	' ': 'Space',
	Escape: 'Esc',
	Delete: 'Del',
	ArrowLeft: '←',
	ArrowRight: '→',
	ArrowUp: '↑',
	ArrowDown: '↓',
	'-': '−'
};

/**
 * A chord as people read it: `Ctrl+Shift+Z` elsewhere, `⇧⌘Z` on a Mac (Apple's modifier order,
 * without plus signs). Letters are shown in capitals; Shift is named only when the chord needs it.
 */
export function formatChord(chord: Chord, platform: Platform): string {
	const k = keyNames(platform);
	const raw = chord.key ?? (chord.code ?? '').replace(/^(Key|Digit)/, '');
	const key = KEY_NAMES[raw] ?? (raw.length === 1 ? raw.toUpperCase() : raw);
	if (platform === 'mac') return [chord.alt && k.alt, chord.shift && k.shift, chord.mod && k.mod].filter(Boolean).join('') + key;
	return [chord.mod && k.mod, chord.alt && k.alt, chord.shift && k.shift, key].filter(Boolean).join('+');
}

/** The keys of a shortcut as the list shows them: its label, or its chords as "Enter, Space or P". */
export function formatKeys(shortcut: Shortcut, platform: Platform): string {
	if (shortcut.label) return shortcut.label(keyNames(platform));
	const chords = shortcut.keys.map((c) => formatChord(c, platform));
	return chords.length > 1 ? `${chords.slice(0, -1).join(', ')} or ${chords.at(-1)}` : (chords[0] ?? '');
}

/**
 * A shortcut's keys for a button's tooltip or a spoken hint: `Ctrl+Z` (`⌘Z` on a Mac); its first
 * chord only. For `aria-keyshortcuts`, which wants ARIA's own names (`Alt+T`, `Escape`), see {@link ariaKeysOf}.
 */
export function keysOf(id: ShortcutId, platform: Platform = currentPlatform()): string {
	const shortcut = SHORTCUTS.find((s) => s.id === id)!;
	return shortcut.keys.length ? formatChord(shortcut.keys[0], platform) : formatKeys(shortcut, platform);
}

const ARIA_KEY_NAMES: Record<string, string> = { ' ': 'Space', '+': 'Plus' };

/**
 * A shortcut's keys for `aria-keyshortcuts`: ARIA's names, the same on every platform except that
 * Ctrl is `Meta` (⌘) on a Mac, every chord separated by a space (`Control+Shift+Z Control+Y`).
 * Modifiers are named as the UI Events `KeyboardEvent.key` values and the key as its
 * `KeyboardEvent.key` value, letters in capitals (WAI-ARIA 1.2, `aria-keyshortcuts`). Empty for a
 * pointer gesture.
 */
export function ariaKeysOf(id: ShortcutId, platform: Platform = currentPlatform()): string {
	const shortcut = SHORTCUTS.find((s) => s.id === id)!;
	return shortcut.keys
		.map((chord) => {
			const raw = chord.key ?? (chord.code ?? '').replace(/^(Key|Digit)/, '');
			const key = ARIA_KEY_NAMES[raw] ?? (raw.length === 1 ? raw.toUpperCase() : raw);
			const mods = [chord.mod && (platform === 'mac' ? 'Meta' : 'Control'), chord.alt && 'Alt', chord.shift && 'Shift'];
			return [...mods.filter(Boolean), key].join('+');
		})
		.join(' ');
}

export interface HelpRow {
	id: ShortcutId;
	keys: string;
	description: string;
	/** A pointer gesture: explained, not dispatched. */
	pointer: boolean;
}

/** The shortcut list for a person of `role`, by section in the list's order; sections with no row are left out. */
export function helpSections(platform: Platform, role: Role): { title: Section; rows: HelpRow[] }[] {
	return SECTIONS.map((title) => ({
		title,
		rows: SHORTCUTS.filter((s) => s.section === title && allowed(s, role)).map((s) => ({
			id: s.id,
			keys: formatKeys(s, platform),
			description: typeof s.description === 'string' ? s.description : s.description(keyNames(platform)),
			pointer: s.scope === 'pointer'
		}))
	})).filter((section) => section.rows.length > 0);
}

function allowed(shortcut: Shortcut, role: Role): boolean {
	return !shortcut.role || RANK[role] >= RANK[shortcut.role];
}

/** The fields of a `KeyboardEvent` the dispatcher reads. */
export interface KeyPress {
	key: string;
	code: string;
	ctrlKey: boolean;
	metaKey: boolean;
	altKey: boolean;
	shiftKey: boolean;
	target: EventTarget | null;
	defaultPrevented: boolean;
	preventDefault(): void;
}

const TEXT_FIELDS = 'input, textarea, select, [contenteditable="true"], [contenteditable=""]';

/** Whether a key press lands in something a person types into (a text field, a select, editable content). */
export function inTextField(target: EventTarget | null): boolean {
	const el = target as { closest?: (selector: string) => unknown } | null;
	return typeof el?.closest === 'function' && el.closest(TEXT_FIELDS) !== null;
}

function matches(chord: Chord, e: KeyPress, typing: boolean): boolean {
	if (typing && !chord.inText) return false;
	if (!!chord.mod !== (e.ctrlKey || e.metaKey) || !!chord.alt !== e.altKey) return false;
	if (chord.shift !== undefined && chord.shift !== e.shiftKey) return false;
	const key = chord.key !== undefined && (e.key === chord.key || (chord.key.length === 1 && e.key.toLowerCase() === chord.key));
	return key || (chord.code !== undefined && e.code === chord.code);
}

/** The shortcut a key press means in `scope` for the board's `state`, or null. */
export function shortcutFor(e: KeyPress, scope: Exclude<Scope, 'pointer'>, state: ShortcutState): Shortcut | null {
	const typing = inTextField(e.target);
	for (const s of SHORTCUTS) {
		if (s.scope !== scope || !allowed(s, state.role) || (s.when && !s.when(state))) continue;
		if (s.keys.some((c) => matches(c, e, typing))) return s;
	}
	return null;
}

/** The state of a handler whose shortcuts depend on nothing (the search field, a panel). */
export const ANY_STATE: ShortcutState = { role: 'viewer', editable: true, focus: null, carrying: null };

/** What a key handler gives the dispatcher. */
export interface ShortcutHandler {
	/** The board's state now; called at each key press. */
	state(): ShortcutState;
	/** The commands this handler runs; a shortcut without one here is left to other handlers. */
	commands: Partial<Record<ShortcutId, (e: KeyPress) => void>>;
	/** Answers an editing shortcut pressed while the board is read-only (a message to the person). */
	refuse?(shortcut: Shortcut): void;
}

/**
 * Runs the shortcut a key press means, if this handler has its command: prevents the browser's
 * default, and on a read-only board answers an editing shortcut with `refuse` instead of running
 * it. A press another handler already took (`defaultPrevented`) is left alone. Returns the
 * shortcut handled, or null.
 */
export function dispatchShortcut(e: KeyPress, scope: Exclude<Scope, 'pointer'>, handler: ShortcutHandler): Shortcut | null {
	if (e.defaultPrevented) return null;
	const state = handler.state();
	const shortcut = shortcutFor(e, scope, state);
	const command = shortcut && handler.commands[shortcut.id];
	if (!shortcut || !command) return null;
	e.preventDefault();
	if (shortcut.edits && !state.editable) handler.refuse?.(shortcut);
	else command(e);
	return shortcut;
}
