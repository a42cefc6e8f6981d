import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNotes, initBoard, makeNote } from '$lib/board';
import { BoardEditor } from './editor.svelte';
import { inView, READING_ZOOM } from './viewport';

/**
 * A board of loose notes on a 1,200 x 800 screen: a grid of 40 "Loose remark" notes from (0, 0),
 * and two side by side far away to the right and below, the only ones about the clinic.
 */
function editor() {
	const doc = new Y.Doc();
	initBoard(doc);
	addNotes(
		doc,
		[
			...Array.from({ length: 40 }, (_, i) => makeNote({ id: `note_r${i}`, text: `Loose remark ${i}`, x: (i % 8) * 230, y: Math.floor(i / 8) * 140, createdAt: i })),
			makeNote({ id: 'note_park', text: 'Parking at the clinic was impossible', x: 6000, y: 4000, createdAt: 100 }),
			makeNote({ id: 'note_refund', text: 'The clinic refund took a month', x: 6230, y: 4000, createdAt: 101 })
		],
		{ kind: 'import' }
	);
	const e = new BoardEditor(doc, 'user_alice');
	e.view.flush();
	e.screen = { w: 1200, h: 800 };
	return e;
}

const rectOf = (e: BoardEditor, id: string) => e.view.layout.notes.get(id)!;
const shown = (e: BoardEditor, id: string, obstacles = e.overlays()) => inView(e.viewport, rectOf(e, id), e.screen.w, e.screen.h, obstacles);

describe('search brings its matches into view at a readable zoom', () => {
	it('a single match seen from far, or off the screen, is shown readable and becomes the current match', () => {
		const e = editor();
		e.zoomToFit();
		expect(e.viewport.zoom).toBeLessThan(READING_ZOOM);
		e.setQuery('parking');
		e.showMatches();
		expect(e.viewport.zoom).toBeGreaterThanOrEqual(READING_ZOOM);
		expect(e.viewport.zoom).toBeLessThanOrEqual(1);
		expect(shown(e, 'note_park')).toBe(true);
		expect(e.matchIndex).toBe(0);
		// Nothing is selected: focus stays in the search field.
		expect(e.selection.notes.size).toBe(0);

		// Close up somewhere else: the view comes to it.
		e.setViewport({ panX: 0, panY: 0, zoom: 1.5 });
		e.setQuery('refund');
		e.showMatches();
		expect(shown(e, 'note_refund')).toBe(true);
		expect(e.viewport.zoom).toBeGreaterThanOrEqual(READING_ZOOM);
	});

	it('matches close together are fitted together; matches already readable on the screen leave the view as it is', () => {
		const e = editor();
		e.zoomToFit();
		e.setQuery('clinic');
		expect(e.matches).toHaveLength(2);
		e.showMatches();
		expect(e.viewport.zoom).toBeGreaterThanOrEqual(READING_ZOOM);
		expect(e.viewport.zoom).toBeLessThanOrEqual(1);
		expect(shown(e, 'note_park')).toBe(true);
		expect(shown(e, 'note_refund')).toBe(true);
		expect(e.matchIndex).toBe(-1);

		// "Loose remark 3" (and 30 to 39) at 100%, the first of them on the screen: no move.
		e.setViewport({ panX: 0, panY: 0, zoom: 1 });
		e.setQuery('remark 3');
		expect(e.matches).toHaveLength(11);
		e.showMatches();
		expect(e.viewport).toEqual({ panX: 0, panY: 0, zoom: 1 });
	});

	it('many matches spread over the board, seen from far, keep the overview (a search made at fit to select them all); none on the screen shows the first in reading order', () => {
		const e = editor();
		e.zoomToFit();
		const fit = { ...e.viewport };
		e.setQuery('loose');
		expect(e.matches).toHaveLength(40);
		e.showMatches();
		expect(e.viewport).toEqual(fit);
		expect(e.matchIndex).toBe(-1);

		// Looking at the far notes: the grid is off the screen, so its first note (top left) is shown.
		e.setViewport({ panX: 600 - 6100 * 0.5, panY: 400 - 4060 * 0.5, zoom: 0.5 });
		expect(shown(e, 'note_r0')).toBe(false);
		e.showMatches();
		expect(e.matchIndex).toBe(0);
		expect(e.matches[0]).toBe('note_r0');
		expect(shown(e, 'note_r0')).toBe(true);
		expect(e.viewport.zoom).toBeGreaterThanOrEqual(READING_ZOOM);
	});

	it('a match is shown clear of the controls over the board, stepping to it too', () => {
		const e = editor();
		// A zoom bar across the middle of the screen's lower half, where a centred note would sit below.
		const bar = { x: 300, y: 380, w: 600, h: 120 };
		e.overlays = () => [bar];
		e.zoomToFit();
		e.setQuery('parking');
		e.showMatches();
		expect(shown(e, 'note_park', [bar])).toBe(true);
		e.setViewport({ panX: 0, panY: 0, zoom: 1 });
		e.jumpToMatch(1);
		expect(shown(e, 'note_park', [bar])).toBe(true);
		expect([...e.selection.notes]).toEqual(['note_park']);
	});
});
