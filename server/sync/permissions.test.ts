import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBoard, roots } from '../../src/lib/board/schema.ts';
import { refuseUpdate, touchedPaths } from './permissions.ts';
import { CLOSE } from './protocol.ts';

/** A server copy of a board and a client that synced it, so the client's edits are deltas against the server. */
function setup() {
	const server = new Y.Doc();
	initBoard(server);
	// The controls as the document held them before they moved to the server's tables.
	for (const [k, v] of Object.entries({ phase: 'import', locked: false, votesPerPerson: 5 })) roots(server).meta.set(k, v);
	server.getMap<Y.Map<number>>('votes').set('grp_a', new Y.Map<number>());
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
	const edit = (fn: (doc: Y.Doc) => void) => {
		const before = Y.encodeStateVector(client);
		fn(client);
		return Y.encodeStateAsUpdate(client, before);
	};
	return { server, client, edit };
}

const editor = { role: 'editor' as const, participant: 'user_eddie' };

describe('write permissions', () => {
	it('finds where an update writes, including overwrites and deletions of existing keys', () => {
		const { server, edit } = setup();
		expect(touchedPaths(server, edit((d) => roots(d).meta.set('locked', true)))).toContainEqual(['meta', 'locked']);
		expect(touchedPaths(server, edit((d) => roots(d).meta.delete('phase')))).toContainEqual(['meta', 'phase']);
		expect(touchedPaths(server, edit((d) => d.getMap<Y.Map<number>>('votes').get('grp_a')!.set('user_x', 1)))).toContainEqual(['votes', 'grp_a', 'user_x']);
		const nested = touchedPaths(server, edit((d) => roots(d).notes.set('note_1', new Y.Map([['text', 'hi']]) as Y.Map<unknown>)));
		expect(nested).toContainEqual(['notes', 'note_1']);
		expect(nested).toContainEqual(['notes', 'note_1', 'text']);
	});

	it('places every item of a large paste, and a long run of text typed one character at a time', () => {
		const { server, edit } = setup();
		// Thousands of notes in one update: each item is found among the update's own structs.
		const paste = edit((d) => {
			for (let i = 0; i < 5000; i++) {
				roots(d).notes.set(`note_${i}`, new Y.Map<unknown>([['text', `comment ${i}`], ['x', i]]) as Y.Map<unknown>);
			}
		});
		const paths = touchedPaths(server, paste);
		expect(paths.filter((p) => p.length === 2 && p[0] === 'notes')).toHaveLength(5000);
		expect(paths.filter((p) => p[0] === 'notes' && p[2] === 'text')).toHaveLength(5000);
		expect(refuseUpdate(server, editor, paste, false)).toBeNull();
		// 200 characters typed one by one, each before the last: each is placed next to the
		// previous one, a chain deeper than the recursion limit; each is still found under its note.
		const typed = edit((d) => {
			const text = new Y.Text();
			roots(d).notes.set('note_typed', new Y.Map<unknown>([['title', text]]) as Y.Map<unknown>);
			for (let i = 0; i < 200; i++) text.insert(0, 'x');
		});
		const typedPaths = touchedPaths(server, typed).filter((p) => p[1] === 'note_typed');
		expect(typedPaths.every((p) => p.join('/') === 'notes/note_typed' || p.join('/').startsWith('notes/note_typed/title'))).toBe(true);
		expect(typedPaths.filter((p) => p.join('/') === 'notes/note_typed/title/#').length).toBeGreaterThan(0);
	});

	it('lets editors change notes but not the facilitator controls', () => {
		const { server, edit } = setup();
		expect(refuseUpdate(server, editor, edit((d) => roots(d).notes.set('note_1', new Y.Map() as Y.Map<unknown>)), false)).toBeNull();
		for (const key of ['locked', 'phase', 'timer', 'votesRevealed', 'privateMode', 'follow', 'spotlight', 'schemaVersion']) {
			expect(refuseUpdate(server, editor, edit((d) => roots(d).meta.set(key, 'x')), false)).toBe(CLOSE.facilitatorOnly);
		}
		expect(refuseUpdate(server, editor, edit((d) => roots(d).meta.delete('locked')), false)).toBe(CLOSE.facilitatorOnly);
	});

	it('refuses everything from a viewer and from an editor while the board is locked', () => {
		const { server, edit } = setup();
		const note = edit((d) => roots(d).notes.set('note_1', new Y.Map() as Y.Map<unknown>));
		expect(refuseUpdate(server, { role: 'viewer', participant: 'user_vera' }, note, false)).toBe(CLOSE.readOnly);
		expect(refuseUpdate(server, editor, note, false)).toBeNull();
		// The lock is the board's controls, not anything in the document.
		expect(refuseUpdate(server, editor, note, true)).toBe(CLOSE.locked);
		expect(refuseUpdate(server, { role: 'facilitator', participant: 'user_fran' }, note, true)).toBeNull();
	});

	it('takes no votes through the document: votes are commands', () => {
		const { server, edit } = setup();
		expect(refuseUpdate(server, editor, edit((d) => d.getMap<Y.Map<number>>('votes').get('grp_a')!.set('user_eddie', 2)), false)).toBe(CLOSE.facilitatorOnly);
		expect(refuseUpdate(server, editor, edit((d) => d.getMap<Y.Map<number>>('votes').delete('grp_a')), false)).toBe(CLOSE.facilitatorOnly);
		const stuffed = edit((d) => d.getMap<Y.Map<number>>('votes').set('grp_b', new Y.Map([['user_other', 5]])));
		expect(refuseUpdate(server, editor, stuffed, false)).toBe(CLOSE.facilitatorOnly);
	});

	it('resolves items that build on earlier items of the same update', () => {
		const { server, edit } = setup();
		const typed = edit((d) => {
			const text = new Y.Text();
			roots(d).groups.set('grp_x', new Y.Map([['label', text]]) as Y.Map<unknown>);
			text.insert(0, 'Late');
			text.insert(4, ' deliveries');
		});
		expect(touchedPaths(server, typed).every((p) => p[0] === 'groups')).toBe(true);
		expect(refuseUpdate(server, editor, typed, false)).toBeNull();
	});

	it('keeps every close reason within the 123 bytes a WebSocket close frame allows', () => {
		for (const info of Object.values(CLOSE)) expect(Buffer.byteLength(info.reason)).toBeLessThanOrEqual(123);
	});
});
