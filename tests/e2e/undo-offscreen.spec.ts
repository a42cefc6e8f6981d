import { expect, test, type Page } from './test';
import * as Y from 'yjs';
import { addNotes, initBoard, makeNote } from '../../src/lib/board';
import { pushToBoard } from '../helpers/board-generator';
import { joinAs } from './collab-helpers';
import { createBoard } from './helpers';

const noteByText = (page: Page, text: string) => page.locator('[data-testid="note"]', { hasText: text });

async function inCanvas(page: Page, selector: string): Promise<boolean> {
	const canvas = (await page.getByTestId('canvas').boundingBox())!;
	// Items far off the screen are not drawn at all.
	if ((await page.locator(selector).count()) === 0) return false;
	const box = await page.locator(selector).first().boundingBox({ timeout: 2_000 }).catch(() => null);
	return !!box && box.x < canvas.x + canvas.width && box.x + box.width > canvas.x && box.y < canvas.y + canvas.height && box.y + box.height > canvas.y;
}

test('an undo that reaches a change off the screen shows it and says what it took back, for everyone on the board', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Undo far away');
	const doc = new Y.Doc();
	initBoard(doc);
	const texts = Array.from({ length: 400 }, (_, i) => `Customer comment ${String(i).padStart(3, '0')}`);
	addNotes(doc, texts.map((text, i) => makeNote({ id: `note_u${String(i).padStart(3, '0')}`, text, createdAt: 1_700_000_000_000 + i })), { kind: 'import' });
	await pushToBoard(baseURL!, board.id, board.links.facilitator, doc);
	const eve = await joinAs(browser, board.links.editor, 'Eve');
	const fiona = await joinAs(browser, board.links.facilitator, 'Fiona');
	const page = eve.page;

	// Eve groups two comments from the end of the unsorted area by keyboard and names the group.
	await page.getByTestId('canvas').focus();
	await page.keyboard.press('/');
	await page.keyboard.type('Customer comment 398');
	await page.keyboard.press('Enter');
	await page.keyboard.press('Escape');
	await noteByText(page, 'Customer comment 398').click();
	await noteByText(page, 'Customer comment 399').click({ modifiers: ['Shift'] });
	await page.keyboard.press('g');
	await page.keyboard.type('Staff');
	await page.keyboard.press('Enter');
	// The facilitator's spotlight menu lists the groups by name.
	const spotlightStaff = fiona.page.locator('option').filter({ hasText: 'Staff' });
	await expect(spotlightStaff).toHaveCount(1);

	// She goes to the other end of the board, far from the group, and works there.
	await page.keyboard.press('/');
	await page.keyboard.type('Customer comment 000');
	await page.keyboard.press('Enter');
	await page.keyboard.press('Escape');
	await expect(noteByText(page, 'Customer comment 000')).toBeVisible();
	expect(await inCanvas(page, '[data-testid="group"]')).toBe(false);

	// Ctrl+Z takes back the name she gave minutes ago: the board shows the group and says so.
	await page.keyboard.press('ControlOrMeta+z');
	const notice = page.getByTestId('notice');
	await expect(notice).toContainText('Undone: your change to group “Untitled group”');
	await expect(notice).toContainText('the board now shows it');
	await expect(page.getByTestId('announcer')).toContainText('Undone: your change to group');
	await expect.poll(() => inCanvas(page, '[data-testid="group"], [data-testid="group-label"]')).toBe(true);
	await page.screenshot({ path: test.info().outputPath('undo-offscreen.png') });

	// The facilitator sees the name go too; redo gives it back and says so.
	await expect(spotlightStaff).toHaveCount(0);
	await page.keyboard.press('ControlOrMeta+Shift+z');
	await expect(page.getByTestId('announcer')).toContainText('Redone: your change to group “Staff”');
	await eve.context.close();
	await fiona.context.close();
});
