import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './test';
import { createBoard, shot } from './helpers';
import { joinAs } from './collab-helpers';

/**
 * Ordinary conditions never strand anyone (DESIGN.md "Validation and repair"): a drop, a lock, an
 * undo while locked, a change the server does not keep. Each person is a separate browser context.
 */

async function addNote(page: Page, text: string) {
	await page.getByLabel('New note text').fill(text);
	await page.keyboard.press('Enter');
}

const note = (page: Page, text: string) => page.getByTestId('note').filter({ hasText: text });

test('after a 3 s drop, an editor and a viewer carry on with the board', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Patchy wifi');
	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran');
	const { page: ed, context: edContext } = await joinAs(browser, board.links.editor, 'Eddie');
	const { page: vi, context: viContext } = await joinAs(browser, board.links.viewer, 'Vic');
	await addNote(fac, 'First comment');
	await expect(note(vi, 'First comment')).toBeVisible();

	// The facilitator moves to the next phase while the editor's connection is down.
	await edContext.setOffline(true);
	await expect(ed.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	await fac.getByTestId('phase-group').click();
	await ed.waitForTimeout(3000);
	await edContext.setOffline(false);
	await expect(ed.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	await addNote(ed, 'Written after the drop');
	await expect(note(fac, 'Written after the drop')).toBeVisible();
	await expect(ed.locator('nav[aria-label="Workshop phase"] [aria-current="step"]')).toHaveText('Grouping');

	// The viewer drops while others move notes, comes back and keeps receiving the board.
	await viContext.setOffline(true);
	await expect(vi.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	const moved = note(fac, 'First comment');
	const box = (await moved.boundingBox())!;
	await fac.mouse.move(box.x + 20, box.y + 20);
	await fac.mouse.down();
	await fac.mouse.move(box.x + 220, box.y + 180, { steps: 6 });
	await fac.mouse.up();
	await ed.waitForTimeout(3000);
	await viContext.setOffline(false);
	await expect(vi.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	await addNote(ed, 'Seen by the viewer too');
	await expect(note(vi, 'Seen by the viewer too')).toBeVisible();
	for (const page of [ed, vi]) {
		await expect(page.getByTestId('refused-reason')).toHaveCount(0);
		await expect(page.getByTestId('not-kept')).toHaveCount(0);
	}
});

test('undo is off while the board is locked; after unlocking, the editor’s next note reaches the facilitator', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Locked undo');
	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran');
	const { page: ed } = await joinAs(browser, board.links.editor, 'Eddie');
	await addNote(ed, 'Kept through the lock');
	await expect(note(fac, 'Kept through the lock')).toBeVisible();
	await expect(ed.getByTestId('undo')).toBeEnabled();

	await fac.getByTestId('lock-toggle').click();
	await expect(ed.getByTestId('locked-chip')).toBeVisible();
	await expect(ed.getByTestId('undo')).toBeDisabled();
	await expect(ed.getByTestId('redo')).toBeDisabled();
	await expect(ed.getByLabel('New note text')).toBeDisabled();
	// The shortcut does nothing either: the note stays, for everyone.
	await ed.getByTestId('board').click({ position: { x: 5, y: 5 } });
	await ed.keyboard.press('Control+z');
	await ed.waitForTimeout(500);
	await expect(note(ed, 'Kept through the lock')).toBeVisible();
	await expect(note(fac, 'Kept through the lock')).toBeVisible();
	await expect(ed.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	await shot(ed, 'authority-locked-editor');
	await new AxeBuilder({ page: ed }).analyze().then(({ violations }) => expect(violations.map((v) => v.id)).toEqual([]));

	await fac.getByTestId('lock-toggle').click();
	await expect(ed.getByTestId('locked-chip')).toHaveCount(0);
	await expect(ed.getByTestId('undo')).toBeEnabled();
	await addNote(ed, 'After the unlock');
	await expect(note(fac, 'After the unlock')).toBeVisible();
	await expect(ed.getByTestId('not-kept')).toHaveCount(0);
});

test('a note written offline while the facilitator locked the board is not kept; the tab says so and carries on', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Lock while away');
	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran');
	const { page: ed, context } = await joinAs(browser, board.links.editor, 'Eddie');
	await addNote(fac, 'On the board');
	await expect(note(ed, 'On the board')).toBeVisible();

	await context.setOffline(true);
	await expect(ed.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	await addNote(ed, 'Written while away');
	await expect(note(ed, 'Written while away')).toBeVisible();
	await fac.getByTestId('lock-toggle').click();
	await context.setOffline(false);

	// The server refuses the note (the board is locked); the tab starts again from the server's copy.
	await expect(ed.getByTestId('not-kept')).toContainText('the facilitator locked the board', { timeout: 15_000 });
	await expect(ed.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	await expect(note(ed, 'On the board')).toBeVisible();
	await expect(note(ed, 'Written while away')).toHaveCount(0);
	await expect(note(fac, 'Written while away')).toHaveCount(0);
	await expect(ed.getByTestId('locked-chip')).toBeVisible();
	await shot(ed, 'authority-not-kept');
	await new AxeBuilder({ page: ed }).analyze().then(({ violations }) => expect(violations.map((v) => v.id)).toEqual([]));

	// It keeps working: once unlocked, the editor's notes reach everyone.
	await fac.getByTestId('lock-toggle').click();
	await addNote(ed, 'Back in business');
	await expect(note(fac, 'Back in business')).toBeVisible();
	await ed.getByTestId('not-kept-dismiss').click();
	await expect(ed.getByTestId('not-kept')).toHaveCount(0);
});
