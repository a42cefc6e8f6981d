import { expect, test } from './test';
import * as Y from 'yjs';
import { addNotes, initBoard, makeNote } from '../../src/lib/board';
import { pushToBoard } from '../helpers/board-generator';
import { createBoard, openAs } from './helpers';

test('keyboard: the first Tab reaches "Skip to board", which puts focus on the canvas; Alt+B does the same from anywhere', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Skip link');
	const doc = new Y.Doc();
	initBoard(doc);
	addNotes(doc, Array.from({ length: 6 }, (_, i) => makeNote({ id: `note_k${i}`, text: `Comment ${i}`, createdAt: 1_700_000_000_000 + i })), { kind: 'import' });
	await pushToBoard(baseURL!, board.id, board.links.facilitator, doc);
	const page = await openAs(browser, board.links.editor);
	// Joining puts focus on the board once it is drawn; from the top of the page, Tab goes to the skip link first.
	await expect(page.getByTestId('canvas')).toBeFocused();
	// Back to the top of the page, as a person who has just arrived there is (body takes focus only with a tabindex).
	await page.evaluate(() => {
		document.body.tabIndex = -1;
		document.body.focus();
		document.body.removeAttribute('tabindex');
	});
	await page.keyboard.press('Tab');
	const skip = page.getByTestId('skip-to-board');
	await expect(skip).toBeFocused();
	await expect(skip).toBeInViewport();
	await expect(skip).toHaveAccessibleName(/Skip to board/);
	await page.screenshot({ path: 'test-results/skip-to-board.png' });
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('canvas')).toBeFocused();
	await expect(page.getByTestId('announcer')).toContainText('On the board');
	// With no note focused, an arrow key goes to the nearest note instead of panning.
	await page.keyboard.press('ArrowDown');
	await expect(page.locator('[data-testid="note"]:focus')).toHaveCount(1);

	await page.getByTestId('search').focus();
	await page.keyboard.press('Alt+b');
	await expect(page.getByTestId('canvas')).toBeFocused();
	await page.keyboard.press('?');
	await expect(page.getByRole('dialog')).toContainText('Skip to the board');
});
