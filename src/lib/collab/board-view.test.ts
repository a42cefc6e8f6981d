import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addNotes, makeNote } from '$lib/board';
import { stackNotes } from '$lib/board/grouping';
import { deleteNotes } from '$lib/board/note';
import { columnsFromCounts, columnsOf } from '$lib/canvas/facets';
import { BoardContext } from '$lib/context/board';
import { BoardView, BULK_NOTES, BULK_QUIET_MS } from './board-view.svelte';

const origin = { kind: 'import', userId: 'test' } as const;
const SATISFACTION = ['Very dissatisfied', 'Dissatisfied', 'Satisfied', 'Very satisfied'];

function notes(n: number, from = 0) {
	return Array.from({ length: n }, (_, i) =>
		makeNote({ id: `note_b${from + i}`, text: `Comment ${from + i}`, fields: { satisfaction: SATISFACTION[(from + i) % 4], region: (from + i) % 3 ? 'North' : 'South' } })
	);
}

/** Another participant's change, as the connection applies it: an update from elsewhere. */
function fromElsewhere(doc: Y.Doc, change: (other: Y.Doc) => void) {
	const other = new Y.Doc();
	Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
	const before = Y.encodeStateVector(other);
	change(other);
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, before), 'provider');
}

/** Without animation frames the view flushes in a microtask. */
const frame = () => Promise.resolve();

describe('BoardView: an import arriving in chunks', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('draws the chunks of an import once, when they stop coming', async () => {
		const doc = new Y.Doc();
		addNotes(doc, notes(1), origin);
		const view = new BoardView(doc);
		const drawn = view.version;
		fromElsewhere(doc, (o) => addNotes(o, notes(BULK_NOTES, 100), origin));
		await frame();
		vi.advanceTimersByTime(BULK_QUIET_MS / 2);
		fromElsewhere(doc, (o) => addNotes(o, notes(BULK_NOTES, 1000), origin));
		await frame();
		vi.advanceTimersByTime(BULK_QUIET_MS / 2);
		await frame();
		expect(view.notes.size).toBe(1);
		expect(view.holding).toBe(true);
		vi.advanceTimersByTime(BULK_QUIET_MS);
		await frame();
		expect(view.notes.size).toBe(1 + 2 * BULK_NOTES);
		expect(view.version).toBe(drawn + 1);
		expect(view.layout.notes.size).toBe(1 + 2 * BULK_NOTES);
		view.destroy();
	});

	it('draws held chunks at once when told the import is complete, and small edits meanwhile', async () => {
		const doc = new Y.Doc();
		addNotes(doc, notes(1), origin);
		const view = new BoardView(doc);
		fromElsewhere(doc, (o) => addNotes(o, notes(BULK_NOTES, 100), origin));
		fromElsewhere(doc, (o) => addNotes(o, [makeNote({ id: 'note_typed', text: 'Typed by someone' })], { kind: 'user', userId: 'user_a' }));
		await frame();
		expect([...view.notes.keys()].sort()).toEqual(['note_b0', 'note_typed']);
		view.release();
		await frame();
		expect(view.notes.size).toBe(2 + BULK_NOTES);
		expect(view.holding).toBe(false);
		view.destroy();
	});

	it('holds neither the first drawing of a board nor this tab’s own changes', async () => {
		const doc = new Y.Doc();
		const view = new BoardView(doc);
		fromElsewhere(doc, (o) => addNotes(o, notes(BULK_NOTES), origin));
		await frame();
		expect(view.notes.size).toBe(BULK_NOTES);
		addNotes(doc, notes(BULK_NOTES, 1000), origin);
		await frame();
		expect(view.notes.size).toBe(2 * BULK_NOTES);
		view.destroy();
	});
});

describe('BoardView: value counts for colours and filters', () => {
	it('counts what columnsOf counts, through stacking, deleting and changes from elsewhere', async () => {
		const doc = new Y.Doc();
		addNotes(doc, notes(40), origin);
		const view = new BoardView(doc);
		const context = new BoardContext();
		const same = () => expect(columnsFromCounts(view.fieldCounts, context)).toEqual(columnsOf(view.notes.values(), new BoardContext()));
		same();
		stackNotes(doc, 'note_b0', ['note_b1', 'note_b2', 'note_b3'], origin);
		await frame();
		expect(view.stacked.size).toBe(3);
		same();
		deleteNotes(doc, ['note_b0', 'note_b5'], origin);
		await frame();
		same();
		fromElsewhere(doc, (o) => addNotes(o, notes(5, 500), origin));
		await frame();
		same();
		expect(view.fieldCounts.get('region')?.get('South')).toBe([...view.notes.values()].filter((n) => n.fields.region === 'South').length);
		view.destroy();
	});
});
