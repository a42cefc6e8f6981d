import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_GROUPS, MAX_NOTES } from '../board/repair';
import { roots } from '../board/schema';
import { checkBoardRoom } from './room';

/** A document with `notes` notes and `groups` groups, as far as their counts go. */
function boardOf(notes: number, groups = 0): Y.Doc {
	const doc = new Y.Doc();
	const r = roots(doc);
	doc.transact(() => {
		for (let i = 0; i < notes; i++) r.notes.set(`note_${i}`, [`n${i}`, 'user_a', 1]);
		for (let i = 0; i < groups; i++) r.groups.set(`grp_${i}`, new Y.Map());
	});
	return doc;
}

describe('checkBoardRoom', () => {
	it('lets an import that fits exactly through', () => {
		expect(() => checkBoardRoom(boardOf(MAX_NOTES - 10), { notes: 10, groups: 0 }, 'a.csv')).not.toThrow();
	});

	it('refuses one note too many, saying what the board holds, the limit and what the file adds', () => {
		const run = () => checkBoardRoom(boardOf(MAX_NOTES - 10), { notes: 11, groups: 0 }, 'tickets.csv');
		expect(run).toThrow(expect.objectContaining({ name: 'ImportError', code: 'board-full' }));
		expect(run).toThrow('This board holds 29,990 notes and “tickets.csv” would add 11; a board holds at most 30,000 notes');
		expect(run).toThrow('Import at most 10 comments here');
	});

	it('says nothing fits on a full board', () => {
		expect(() => checkBoardRoom(boardOf(MAX_NOTES), { notes: 1, groups: 0 }, 'a.csv')).toThrow('Nothing more fits here');
	});

	it('refuses the group of set-aside non-answers on a board at its group limit', () => {
		const doc = boardOf(0, MAX_GROUPS);
		expect(() => checkBoardRoom(doc, { notes: 5, groups: 1 }, 'a.csv')).toThrow(/holds 5,000 groups .* at most 5,000 groups/);
		expect(() => checkBoardRoom(doc, { notes: 5, groups: 0 }, 'a.csv')).not.toThrow();
	});
});
