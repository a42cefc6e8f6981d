import { expect, test, type Page } from './test';
import * as Y from 'yjs';
import { addNotes, initBoard, makeNote } from '../../src/lib/board';
import { pushToBoard } from '../helpers/board-generator';
import { createBoard, openAs, drag as dragTo } from './helpers';

const noteByText = (page: Page, text: string) => page.locator('[data-testid="note"]', { hasText: text });

async function middle(page: Page, text: string) {
	const b = (await noteByText(page, text).boundingBox())!;
	return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}


/** Where each unsorted note is drawn on screen, by its text. */
async function unsortedBoxes(page: Page): Promise<Map<string, string>> {
	const list = await page.evaluate(() =>
		[...document.querySelectorAll<HTMLElement>('[data-testid="note"]:not([data-group-id^="grp_"])')].map((n) => {
			const r = n.getBoundingClientRect();
			return [n.dataset.noteId!, `${Math.round(r.x)},${Math.round(r.y)}`] as const;
		})
	);
	return new Map(list);
}

test('hand clustering in the unsorted area: the other notes keep their places and each new group appears on screen', async ({ browser, baseURL }) => {
	const texts = Array.from({ length: 24 }, (_, i) => `Comment ${String(i).padStart(2, '0')} from a customer`);
	const board = await createBoard(baseURL!, 'Hand clustering');
	const doc = new Y.Doc();
	initBoard(doc);
	addNotes(doc, texts.map((text, i) => makeNote({ id: `note_h${String(i).padStart(2, '0')}`, text, createdAt: 1_700_000_000_000 + i })), { kind: 'import' });
	await pushToBoard(baseURL!, board.id, board.links.facilitator, doc);
	const page = await openAs(browser, board.links.editor);
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.getByTestId('zoom-fit').click();

	// The person looks at the board and plans two drags, then does them one after the other.
	const first = { from: await middle(page, 'Comment 05'), to: await middle(page, 'Comment 06') };
	const second = { from: await middle(page, 'Comment 13'), to: await middle(page, 'Comment 20') };
	const before = await unsortedBoxes(page);

	await dragTo(page, first.from, first.to);
	await expect(page.getByTestId('group')).toHaveCount(1);
	await expect(page.locator('[data-testid="note"][data-group-id^="grp_"]')).toHaveCount(2);
	const after = await unsortedBoxes(page);
	expect(after.size).toBe(22);
	for (const [id, at] of after) expect(at, `${id} stayed where it was`).toBe(before.get(id));
	const canvas = (await page.getByTestId('canvas').boundingBox())!;
	const inCanvas = (b: { x: number; y: number; width: number; height: number } | null) =>
		!!b && b.x >= canvas.x - 1 && b.y >= canvas.y - 1 && b.x + b.width <= canvas.x + canvas.width + 1 && b.y + b.height <= canvas.y + canvas.height + 1;
	expect(inCanvas(await page.getByTestId('group').first().boundingBox())).toBe(true);

	// The second drag, with the coordinates read before the first, still picks up "Comment 13".
	await dragTo(page, second.from, second.to);
	await expect(page.getByTestId('group')).toHaveCount(2);
	const id = await noteByText(page, 'Comment 13').getAttribute('data-group-id');
	expect(id).toMatch(/^grp_/);
	await expect(noteByText(page, 'Comment 20')).toHaveAttribute('data-group-id', id!);
	expect(inCanvas(await page.locator(`[data-testid="group"][data-group-id="${id}"]`).boundingBox())).toBe(true);
	for (const [id, at] of await unsortedBoxes(page)) expect(at, `${id} stayed where it was`).toBe(before.get(id));
	await page.screenshot({ path: 'test-results/hand-clustering.png' });
});

test('a group made by dropping a note on another in a full unsorted area comes into view clear of the zoom bar and minimap', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Full view');
	const doc = new Y.Doc();
	initBoard(doc);
	const texts = Array.from({ length: 800 }, (_, i) => `Customer comment ${String(i).padStart(3, '0')} about the order`);
	addNotes(doc, texts.map((text, i) => makeNote({ id: `note_f${String(i).padStart(3, '0')}`, text, createdAt: 1_700_000_000_000 + i })), { kind: 'import' });
	await pushToBoard(baseURL!, board.id, board.links.facilitator, doc);
	const page = await openAs(browser, board.links.editor);
	await page.setViewportSize({ width: 1440, height: 900 });
	// The whole board, then 100% in its middle: notes fill the screen.
	await page.getByTestId('canvas').focus();
	await page.keyboard.press('1');
	await page.keyboard.press('0');
	await expect(page.getByTestId('zoom-level')).toHaveText('100%');

	// The person drags a note onto the note right of it, at the bottom right of the screen.
	const canvas = (await page.getByTestId('canvas').boundingBox())!;
	const overlays = await page.locator('[data-board-overlay]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })));
	const clear = (b: { x: number; y: number; width: number; height: number }) => overlays.every((o) => b.x + b.width <= o.x || o.x + o.w <= b.x || b.y + b.height <= o.y || o.y + o.h <= b.y);
	const boxes = (await page.getByTestId('note').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height }))))
		.filter((b) => b.x >= canvas.x && b.y >= canvas.y && b.x + b.width <= canvas.x + canvas.width && b.y + b.height <= canvas.y + canvas.height && clear(b));
	const to = boxes.reduce((best, b) => (b.x + b.y > best.x + best.y ? b : best));
	const from = boxes.filter((b) => Math.abs(b.y - to.y) < 2 && b.x < to.x).reduce((best, b) => (b.x > best.x ? b : best));
	await dragTo(page, { x: from.x + from.width / 2, y: from.y + from.height / 2 }, { x: to.x + to.width / 2, y: to.y + to.height / 2 });
	await expect(page.getByTestId('group')).toHaveCount(1);
	const onScreenAndClear = async () => {
		const group = (await page.getByTestId('group').boundingBox())!;
		const inCanvas = group.x >= canvas.x && group.y >= canvas.y && group.x + group.width <= canvas.x + canvas.width && group.y + group.height <= canvas.y + canvas.height;
		return inCanvas && clear(group);
	};
	await expect.poll(onScreenAndClear, { message: `the new group is on screen, clear of ${JSON.stringify(overlays)}` }).toBe(true);
	await page.screenshot({ path: 'test-results/drop-group-clear-of-controls.png' });
});
