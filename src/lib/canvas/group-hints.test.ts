import { describe, expect, it } from 'vitest';
import { boardSketch, mergeLeaving, sameNameHints, type SketchSource } from './group-hints';

const board: SketchSource = {
	groups: new Map([
		['grp_a', { label: 'Fabric quality', parentId: null }],
		['grp_b', { label: 'fabric  quality ', parentId: null }],
		['grp_c', { label: 'Sizing runs small', parentId: null }],
		['grp_fit', { label: 'Fit', parentId: null }],
		['grp_d', { label: '', parentId: 'grp_fit' }],
		['grp_e', { label: '  ', parentId: null }],
		['grp_outer', { label: 'Outer', parentId: null }]
	]),
	notes: new Map([
		['note_1', { text: 'Love this dress!  it’s sooo pretty. i happened to find it in a store, and i’m glad i did' }],
		['note_2', { text: 'The fabric is thin and see-through' }],
		['note_3', { text: 'Runs small' }],
		['note_4', { text: 'Too long in the sleeves' }],
		['note_5', { text: 'Zipper broke on day one' }]
	]),
	layout: {
		members: new Map([
			['grp_a', ['note_1']],
			['grp_b', ['note_2']],
			['grp_c', ['note_3']],
			['grp_d', ['note_4']],
			['grp_e', ['note_5']]
		]),
		children: new Map([
			['grp_fit', ['grp_d']],
			['grp_outer', ['grp_a']]
		])
	}
};
const sketch = (id: string) => boardSketch(board, id);
const list = (...ids: string[]) => ids.map((id) => ({ id, label: board.groups.get(id)!.label }));

describe('sameNameHints', () => {
	it('tells groups of the same name apart by their first note, and leaves groups with a name of their own alone', () => {
		const hints = sameNameHints(list('grp_a', 'grp_b', 'grp_c'), sketch);
		expect(hints.get('grp_a')).toBe('“Love this dress! it’s sooo pretty. i happened…”');
		expect(hints.get('grp_b')).toBe('“The fabric is thin and see-through”');
		expect(hints.has('grp_c')).toBe(false);
	});

	it('names the parent when same-named groups sit in different places, untitled ones included', () => {
		const hints = sameNameHints(list('grp_d', 'grp_e'), sketch);
		expect(hints.get('grp_d')).toBe('in “Fit” · “Too long in the sleeves”');
		expect(hints.get('grp_e')).toBe('not nested · “Zipper broke on day one”');
	});

	it('gives nothing when every name is different', () => {
		expect(sameNameHints(list('grp_a', 'grp_c', 'grp_d'), sketch).size).toBe(0);
	});
});

describe('boardSketch', () => {
	it('reads a group of groups’ first note from its first nested group', () => {
		expect(boardSketch(board, 'grp_outer')).toEqual({ parent: null, firstNote: board.notes.get('note_1')!.text });
		expect(boardSketch(board, 'grp_d').parent).toBe('Fit');
	});
});

describe('mergeLeaving', () => {
	it('counts groups of the same shown name as one entry, in first-seen order', () => {
		expect(
			mergeLeaving([
				{ name: 'Fabric quality', count: 3 },
				{ name: 'Sizing', count: 1 },
				{ name: 'fabric  quality ', count: 2 },
				{ name: '', count: 1 },
				{ name: ' ', count: 4 }
			])
		).toEqual([
			{ name: 'Fabric quality', count: 5, groups: 2 },
			{ name: 'Sizing', count: 1, groups: 1 },
			{ name: '', count: 5, groups: 2 }
		]);
		expect(mergeLeaving([])).toEqual([]);
	});
});
