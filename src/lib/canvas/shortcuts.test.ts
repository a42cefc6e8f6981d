import { describe, expect, it } from 'vitest';
import {
	ariaKeysOf,
	dispatchShortcut,
	formatChord,
	helpSections,
	SHORTCUTS,
	type KeyPress,
	type Platform,
	type Role,
	type Scope,
	type ShortcutId,
	type ShortcutState
} from './shortcuts';

// Key presses as a US keyboard sends them: every printable key unshifted and shifted, and the named keys.
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const DIGITS_SHIFTED = ')!@#$%^&*(';
const PUNCTUATION: [string, string, string][] = [
	['`', '~', 'Backquote'],
	['-', '_', 'Minus'],
	['=', '+', 'Equal'],
	['[', '{', 'BracketLeft'],
	[']', '}', 'BracketRight'],
	['\\', '|', 'Backslash'],
	[';', ':', 'Semicolon'],
	["'", '"', 'Quote'],
	[',', '<', 'Comma'],
	['.', '>', 'Period'],
	['/', '?', 'Slash']
];
const NAMED = ['Enter', 'Escape', 'Tab', 'Backspace', 'Delete', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown', 'Insert', ...Array.from({ length: 12 }, (_, i) => `F${i + 1}`)];

type Mods = { ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean };
const MODIFIERS: Mods[] = [];
for (const ctrlKey of [false, true]) for (const metaKey of [false, true]) for (const altKey of [false, true]) for (const shiftKey of [false, true]) MODIFIERS.push({ ctrlKey, metaKey, altKey, shiftKey });

/** Every key a person can press, with every combination of modifiers. */
function presses(): Omit<KeyPress, 'target' | 'defaultPrevented' | 'preventDefault'>[] {
	const out: Omit<KeyPress, 'target' | 'defaultPrevented' | 'preventDefault'>[] = [];
	for (const m of MODIFIERS) {
		for (const c of LOWER) out.push({ ...m, key: m.shiftKey ? c.toUpperCase() : c, code: `Key${c.toUpperCase()}` });
		for (let i = 0; i < 10; i++) out.push({ ...m, key: m.shiftKey ? DIGITS_SHIFTED[i] : DIGITS[i], code: `Digit${i}` });
		for (const [plain, shifted, code] of PUNCTUATION) out.push({ ...m, key: m.shiftKey ? shifted : plain, code });
		out.push({ ...m, key: ' ', code: 'Space' });
		for (const key of NAMED) out.push({ ...m, key, code: key });
	}
	return out;
}

/** Stand-ins for DOM elements: what `closest` answers for a text field and for anything else. */
const element = (tag: string) => ({ closest: (selector: string) => (selector.split(',').some((s) => s.trim() === tag) ? {} : null) });
const BOARD = element('div');
const TEXT_FIELDS = [element('input'), element('textarea'), element('select'), element('[contenteditable="true"]')];

const SCOPES: Exclude<Scope, 'pointer'>[] = ['page', 'canvas', 'search', 'panel'];
const STATES: ShortcutState[] = [];
for (const focus of [null, 'note', 'group'] as const) for (const carrying of [null, 'notes', 'group'] as const) STATES.push({ role: 'facilitator', editable: true, focus, carrying });

/** Presses a key in a handler that has every command, and answers the command that ran. */
function press(p: Omit<KeyPress, 'target' | 'defaultPrevented' | 'preventDefault'>, target: unknown, scope: Exclude<Scope, 'pointer'>, state: ShortcutState) {
	let ran: ShortcutId | null = null;
	let refused: ShortcutId | null = null;
	let prevented = false;
	const commands = Object.fromEntries(SHORTCUTS.map((s) => [s.id, () => (ran = s.id)]));
	const handled = dispatchShortcut({ ...p, target: target as EventTarget, defaultPrevented: false, preventDefault: () => (prevented = true) }, scope, {
		state: () => state,
		commands,
		refuse: (s) => (refused = s.id)
	});
	return { ran, refused, prevented, handled: handled?.id ?? null };
}

function listed(platform: Platform, role: Role) {
	return helpSections(platform, role).flatMap((s) => s.rows);
}

/** The list's text for one chord turned back into a key press, as a person would read and press it. */
function pressFor(text: string): Omit<KeyPress, 'target' | 'defaultPrevented' | 'preventDefault'> {
	const parts = text === '+' ? ['+'] : text.split('+');
	const name = parts.pop()!;
	const mods = { ctrlKey: parts.includes('Ctrl'), metaKey: false, altKey: parts.includes('Alt'), shiftKey: parts.includes('Shift') };
	const named: Record<string, string> = { Space: ' ', Esc: 'Escape', Del: 'Delete', '−': '-' };
	const key = named[name] ?? (name.length === 1 ? (mods.shiftKey ? name : name.toLowerCase()) : name);
	const code = /^[A-Z]$/.test(name) ? `Key${name}` : /^\d$/.test(name) ? `Digit${name}` : key === ' ' ? 'Space' : key;
	return { ...mods, key, code };
}

describe('the shortcut registry', () => {
	const all = presses();

	it('lists every key the dispatchers act on, and every listed key acts', () => {
		const acted = new Set<ShortcutId>();
		for (const scope of SCOPES) for (const state of STATES) for (const p of all) {
			const { ran } = press(p, BOARD, scope, state);
			if (ran) acted.add(ran);
		}
		const keys = listed('other', 'facilitator').filter((r) => !r.pointer).map((r) => r.id);
		expect([...acted].sort()).toEqual([...keys].sort());
		// The Mac's list names the same shortcuts.
		expect(listed('mac', 'facilitator').map((r) => r.id)).toEqual(listed('other', 'facilitator').map((r) => r.id));
	});

	it('runs what the list says for each key as the list writes it', () => {
		const rows = listed('other', 'facilitator').filter((r) => !r.pointer && !SHORTCUTS.find((s) => s.id === r.id)!.label);
		expect(rows.length).toBeGreaterThan(20);
		for (const row of rows) {
			for (const text of row.keys.split(/, | or /)) {
				const scope = SHORTCUTS.find((s) => s.id === row.id)!.scope as Exclude<Scope, 'pointer'>;
				const results = STATES.map((state) => press(pressFor(text), BOARD, scope, state).ran);
				expect(results, `${text} in ${scope}`).toContain(row.id);
				// In no state does the key run another shortcut of the same scope instead, except by focus or carrying.
				expect(results.filter((r) => r !== null && r !== row.id).every((r) => SHORTCUTS.find((s) => s.id === r)!.when), `${text}`).toBe(true);
			}
		}
	});

	it('never lets typing in a text field trigger a shortcut', () => {
		for (const field of [TEXT_FIELDS[0], TEXT_FIELDS[3]])
			for (const scope of SCOPES)
				for (const state of STATES)
					for (const p of all) {
						const { ran, prevented } = press(p, field, scope, state);
						if (!ran) {
							expect(prevented).toBe(false);
							continue;
						}
						// What acts in a text field types nothing: a chord with Ctrl, ⌘ or Alt, or Enter or Escape.
						const typesNothing = p.ctrlKey || p.metaKey || p.altKey || p.key.length > 1;
						expect(typesNothing, `${p.key} in ${scope} ran ${ran}`).toBe(true);
					}
		// The board's own keys do nothing while a note is being typed, Ctrl+Z included (the field's own undo).
		const typing = { ctrlKey: false, metaKey: false, altKey: false, shiftKey: false };
		for (const field of TEXT_FIELDS)
			for (const key of [...LOWER, ...DIGITS, '?', '/', '+', '-', ' ', 'Delete', 'Backspace', 'Escape', 'Enter'])
				for (const scope of ['page', 'canvas'] as const) expect(press({ ...typing, key, code: '' }, field, scope, STATES[4]).ran, key).toBeNull();
		expect(press({ ...typing, ctrlKey: true, key: 'z', code: 'KeyZ' }, element('input'), 'page', STATES[0]).ran).toBeNull();
		// Search (Ctrl+F) and skipping to the board (Alt+B) work from a field: they type nothing.
		expect(press({ ...typing, ctrlKey: true, key: 'f', code: 'KeyF' }, element('input'), 'page', STATES[0]).ran).toBe('search');
		expect(press({ ...typing, altKey: true, key: '∫', code: 'KeyB' }, element('textarea'), 'page', STATES[0]).ran).toBe('focus.board');
	});

	it('leaves role-limited keys out for other roles, and refuses editing keys on a locked board', () => {
		const plain = { ctrlKey: false, metaKey: false, altKey: false, shiftKey: false };
		const viewer: ShortcutState = { role: 'viewer', editable: false, focus: null, carrying: null };
		expect(press({ ...plain, key: 'i', code: 'KeyI' }, BOARD, 'page', viewer)).toMatchObject({ ran: null, prevented: false });
		expect(press({ ...plain, altKey: true, key: 'g', code: 'KeyG' }, BOARD, 'page', viewer).ran).toBeNull();
		expect(press({ ...plain, key: 'i', code: 'KeyI' }, BOARD, 'page', STATES[0]).ran).toBe('import');
		expect(listed('other', 'viewer').map((r) => r.id)).not.toContain('import');
		expect(listed('other', 'editor').map((r) => r.id)).toContain('panel.suggest');
		expect(listed('other', 'editor').map((r) => r.id)).not.toContain('import');

		const locked: ShortcutState = { role: 'editor', editable: false, focus: 'group', carrying: null };
		expect(press({ ...plain, key: 'g', code: 'KeyG' }, BOARD, 'page', locked)).toMatchObject({ ran: null, refused: 'group.new', prevented: true });
		expect(press({ ...plain, ctrlKey: true, key: 'z', code: 'KeyZ' }, BOARD, 'page', locked).refused).toBe('undo');
		expect(press({ ...plain, key: 'p', code: 'KeyP' }, BOARD, 'canvas', locked).refused).toBe('carry.pick');
		// Moving around and searching still work.
		expect(press({ ...plain, key: '/', code: 'Slash' }, BOARD, 'page', locked).ran).toBe('search');
		expect(press({ ...plain, key: 'ArrowLeft', code: 'ArrowLeft' }, BOARD, 'canvas', locked).ran).toBe('focus.move');
	});

	it('leaves a key press another handler took, and one this handler has no command for', () => {
		const p = { ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, key: 'g', code: 'KeyG', target: BOARD as unknown as EventTarget };
		let ran = false;
		const handler = { state: () => STATES[0], commands: { 'group.new': () => (ran = true) } };
		expect(dispatchShortcut({ ...p, defaultPrevented: true, preventDefault: () => {} }, 'page', handler)).toBeNull();
		let prevented = false;
		expect(dispatchShortcut({ ...p, key: 'm', code: 'KeyM', defaultPrevented: false, preventDefault: () => (prevented = true) }, 'page', handler)).toBeNull();
		expect([ran, prevented]).toEqual([false, false]);
	});

	it('tells apart what the same key does by focus and carrying', () => {
		const enter = { ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, key: 'Enter', code: 'Enter' };
		const at = (focus: ShortcutState['focus'], carrying: ShortcutState['carrying'], shiftKey = false) =>
			press({ ...enter, shiftKey }, BOARD, 'canvas', { role: 'editor', editable: true, focus, carrying }).ran;
		expect(at(null, null)).toBe('focus.start');
		expect(at('note', null)).toBe('select.note');
		// Enter goes into a group, Shift+Enter back out; renaming is F2's, so Enter never selects a name to type over.
		expect(at('group', null)).toBe('focus.enter');
		expect(at('note', null, true)).toBe('focus.parent');
		expect(at('group', null, true)).toBe('focus.parent');
		expect(press({ ...enter, key: 'F2', code: 'F2' }, BOARD, 'canvas', { role: 'editor', editable: true, focus: 'group', carrying: null }).ran).toBe('group.rename');
		expect(press({ ...enter, key: 'F2', code: 'F2' }, BOARD, 'canvas', { role: 'editor', editable: true, focus: 'note', carrying: null }).ran).toBeNull();
		expect(at('group', 'notes')).toBe('carry.drop');
		expect(at('group', 'group', true)).toBe('carry.nest');
		expect(at('note', 'notes', true)).toBe('carry.drop');
	});

	it('writes keys the way each platform names them', () => {
		expect(formatChord({ key: 'z', mod: true, shift: true }, 'other')).toBe('Ctrl+Shift+Z');
		expect(formatChord({ key: 'z', mod: true, shift: true }, 'mac')).toBe('⇧⌘Z');
		expect(formatChord({ code: 'KeyT', alt: true }, 'other')).toBe('Alt+T');
		expect(formatChord({ code: 'KeyT', alt: true }, 'mac')).toBe('⌥T');
		expect(formatChord({ key: '-' }, 'other')).toBe('−');
		expect(formatChord({ key: 'Escape' }, 'mac')).toBe('Esc');
		const drop = SHORTCUTS.find((s) => s.id === 'carry.drop')!;
		expect(helpSections('other', 'editor').flatMap((s) => s.rows).find((r) => r.id === drop.id)?.keys).toBe('Enter, Space or P');
	});

	it('gives aria-keyshortcuts in ARIA\'s key names, every chord of the registry', () => {
		expect(ariaKeysOf('panel.tasks', 'other')).toBe('Alt+T');
		expect(ariaKeysOf('panel.tasks', 'mac')).toBe('Alt+T');
		expect(ariaKeysOf('redo', 'other')).toBe('Control+Shift+Z Control+Y');
		expect(ariaKeysOf('redo', 'mac')).toBe('Meta+Shift+Z Meta+Y');
		expect(ariaKeysOf('panel.close', 'mac')).toBe('Escape');
		expect(ariaKeysOf('carry.drop', 'other')).toBe('Enter Space P');
		expect(ariaKeysOf('pointer.pan', 'other')).toBe('');
		// Never the display names of the list: no symbols, no "Ctrl", no "Esc".
		for (const s of SHORTCUTS)
			for (const platform of ['mac', 'other'] as Platform[]) expect(ariaKeysOf(s.id, platform)).not.toMatch(/[⌘⌥⇧←→↑↓−]|Ctrl|Esc\b|Del\b/);
	});
});
