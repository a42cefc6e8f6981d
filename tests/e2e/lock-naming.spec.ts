import { expect, test, type Page } from './test';
import * as Y from 'yjs';
import { addNotes, initBoard, makeNote, type Note } from '../../src/lib/board';
import { moveNotesToGroup, renameGroup } from '../../src/lib/board/grouping';
import { pushToBoard } from '../helpers/board-generator';
import { editBoard, joinAs } from './collab-helpers';
import { createBoard, shot } from './helpers';

/** A board of `texts` as notes nobody sorted yet (the unsorted area), on the running server. */
async function unsortedBoard(baseURL: string, title: string, texts: string[]) {
	const board = await createBoard(baseURL, title);
	const doc = new Y.Doc();
	initBoard(doc);
	const notes: Note[] = texts.map((text, i) => makeNote({ id: `note_u${i}`, text, createdAt: 1_700_000_000_000 + i }));
	addNotes(doc, notes, { kind: 'import' });
	await pushToBoard(baseURL, board.id, board.links.facilitator, doc);
	return board;
}

const TEXTS = ['Filters on the website do not work', 'Shoes run one size small', 'Checkout page froze', 'Store was clean', 'Delivery slot missed', 'Refund still not received'];
const note = (page: Page, text: string) => page.getByTestId('note').filter({ hasText: text });

/** Drags one note onto another with the mouse, in several pointer moves: a new group, its name field focused. */
async function dropOn(page: Page, from: string, onto: string) {
	const a = (await note(page, from).boundingBox())!;
	const b = (await note(page, onto).boundingBox())!;
	await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
	await page.mouse.down();
	await page.mouse.move(a.x + a.width / 2 + 20, a.y + a.height / 2 + 10, { steps: 4 });
	await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
	await page.mouse.up();
}

/** The group the facilitator's script can rename: the only group on the board. */
async function onlyGroupId(page: Page): Promise<string> {
	await expect(page.getByTestId('group')).toHaveCount(1);
	return (await page.getByTestId('group').getAttribute('data-group-id'))!;
}

test('a lock while an editor types a group name keeps the name in a read-only field with a note, and the unlock gives the field back', async ({ browser, baseURL }) => {
	const board = await unsortedBoard(baseURL!, 'Lock while naming', TEXTS);
	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran', { width: 1440, height: 900 });
	const { page: ed } = await joinAs(browser, board.links.editor, 'Eddie', { width: 1440, height: 900 });

	await dropOn(ed, TEXTS[0], TEXTS[1]);
	const field = ed.getByTestId('group-name-input');
	await expect(field).toBeFocused();
	await ed.keyboard.type('Custo');
	await expect(fac.getByTestId('group-name')).toHaveText('Custo');

	await fac.getByTestId('lock-toggle').click();
	await expect(ed.getByTestId('locked-chip')).toBeVisible();
	// The field keeps the name, takes no more typing, and says why next to it.
	await expect(field).toHaveAttribute('readonly', '');
	await expect(ed.getByTestId('held-name')).toContainText('Locked by the facilitator: your name is kept and saved when the board is unlocked');
	await ed.keyboard.type('mer website');
	await expect(field).toHaveValue('Custo');
	// Enter does not close it (the name would look thrown away); the page did not start again either.
	await ed.keyboard.press('Enter');
	await expect(field).toBeVisible();
	await expect(field).toHaveValue('Custo');
	await shot(ed, 'lock-naming-held');
	// Undo and redo on the board while locked change nothing and say why; the name stays held.
	await ed.getByTestId('canvas').focus();
	await ed.keyboard.press('Control+z');
	await expect(ed.getByTestId('announcer')).toContainText('Undo waits until you can change the board again');
	await ed.keyboard.press('Control+Shift+z');
	await expect(ed.getByTestId('announcer')).toContainText('Redo waits until you can change the board again');
	await expect(ed.getByTestId('undo')).toBeDisabled();
	await expect(field).toHaveValue('Custo');
	await expect(fac.getByTestId('group')).toHaveCount(1);
	await expect(fac.getByTestId('group-name')).toHaveText('Custo');

	await fac.getByTestId('lock-toggle').click();
	await expect(ed.getByTestId('locked-chip')).toHaveCount(0);
	await expect(ed.getByTestId('held-name')).toHaveCount(0);
	await expect(field).not.toHaveAttribute('readonly');
	await field.focus();
	await field.press('End');
	await ed.keyboard.type('mer website');
	await ed.keyboard.press('Enter');
	await expect(fac.getByTestId('group-name')).toHaveText('Customer website');
	await expect(ed.getByTestId('group-name')).toHaveText('Customer website');
});

test('a name held by a lock is offered beside the one the facilitator gave the group meanwhile, and Escape while locked takes the typing back at the unlock', async ({ browser, baseURL }) => {
	const board = await unsortedBoard(baseURL!, 'Lock and rename', TEXTS);
	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran', { width: 1440, height: 900 });
	const { page: ed } = await joinAs(browser, board.links.editor, 'Eddie', { width: 1440, height: 900 });

	await dropOn(ed, TEXTS[0], TEXTS[1]);
	const field = ed.getByTestId('group-name-input');
	await expect(field).toBeFocused();
	await ed.keyboard.type('Custo');
	await expect(fac.getByTestId('group-name')).toHaveText('Custo');
	const g = await onlyGroupId(fac);

	await fac.getByTestId('lock-toggle').click();
	await expect(field).toHaveAttribute('readonly', '');
	// The facilitator (who may change a locked board) renames the group meanwhile.
	await editBoard(baseURL!, board.id, board.links.facilitator, (doc) => renameGroup(doc, g, 'Web shop', { kind: 'server' }));
	await expect(fac.getByTestId('group-name')).toHaveText('Web shop');
	await expect(field).toHaveValue('Custo');

	await fac.getByTestId('lock-toggle').click();
	const held = ed.getByTestId('held-name');
	await expect(held).toContainText('While the board was locked, this group was renamed “Web shop”');
	await shot(ed, 'lock-naming-offer');
	await held.getByTestId('held-name-mine').click();
	await expect(fac.getByTestId('group-name')).toHaveText('Custo');
	await expect(held).toHaveCount(0);
	await ed.keyboard.press('Enter');

	// A second group, named while locked and given up with Escape: the name goes back at the unlock.
	await dropOn(ed, TEXTS[2], TEXTS[3]);
	await expect(field).toBeFocused();
	await ed.keyboard.type('Checkout');
	await expect(fac.getByTestId('group-name').filter({ hasText: 'Checkout' })).toHaveCount(1);
	await fac.getByTestId('lock-toggle').click();
	await expect(field).toHaveAttribute('readonly', '');
	await ed.keyboard.press('Escape');
	await expect(field).toHaveCount(0);
	await expect(ed.getByTestId('announcer')).toContainText('taken back when the board is unlocked');
	await fac.getByTestId('lock-toggle').click();
	await expect(fac.getByTestId('group-name').filter({ hasText: 'Checkout' })).toHaveCount(0);
	await expect(fac.getByTestId('group-name')).toHaveText(['Custo', 'Untitled group']);
});

test('the outline’s name field keeps a name typed when the lock comes, read-only with the same note', async ({ browser, baseURL }) => {
	const board = await unsortedBoard(baseURL!, 'Lock in outline', TEXTS);
	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran', { width: 1440, height: 900 });
	const { page: ed } = await joinAs(browser, board.links.editor, 'Eddie', { width: 1440, height: 900 });
	await dropOn(ed, TEXTS[0], TEXTS[1]);
	await ed.keyboard.press('Enter');
	await ed.getByTestId('view-outline').click();
	const field = ed.getByTestId('outline-group-name');
	await field.click();
	await ed.keyboard.type('Web');
	await expect(fac.getByTestId('group-name')).toHaveText('Web');
	await fac.getByTestId('lock-toggle').click();
	await expect(field).toHaveAttribute('readonly', '');
	await expect(ed.getByTestId('held-name')).toContainText('Locked by the facilitator');
	await ed.keyboard.type('site');
	await expect(field).toHaveValue('Web');
	await shot(ed, 'lock-naming-outline');
	await fac.getByTestId('lock-toggle').click();
	await expect(ed.getByTestId('held-name')).toHaveCount(0);
	await field.press('End');
	await ed.keyboard.type('site');
	await ed.keyboard.press('Enter');
	await expect(fac.getByTestId('group-name')).toHaveText('Website');
});

test('Details counts a selected group’s notes live when someone else moves notes into it', async ({ browser, baseURL }) => {
	const board = await unsortedBoard(baseURL!, 'Live details', TEXTS);
	const { page: ed } = await joinAs(browser, board.links.editor, 'Eddie', { width: 1440, height: 900 });
	const { page: ed2 } = await joinAs(browser, board.links.editor, 'Erin', { width: 1440, height: 900 });
	await dropOn(ed, TEXTS[0], TEXTS[1]);
	await ed.keyboard.type('Custo');
	await ed.keyboard.press('Enter');
	const g = await onlyGroupId(ed2);
	await ed2.getByTestId('group-name').click();
	const details = ed2.getByTestId('details');
	await expect(details).toContainText(/Custo\s*2 notes\./);
	// Another participant (Suggest's "Sort the rest" accepts notes the same way) moves four more in.
	await editBoard(baseURL!, board.id, board.links.facilitator, (doc) =>
		moveNotesToGroup(doc, ['note_u2', 'note_u3', 'note_u4', 'note_u5'], g, { kind: 'server' })
	);
	await expect(ed2.getByTestId('group').getByText('6', { exact: true })).toBeVisible();
	await expect(details).toContainText(/Custo\s*6 notes\./);
	await shot(ed2, 'lock-naming-details-live');
});

test('a note dragged onto another while offline makes a group that reaches the others when back online', async ({ browser, baseURL }) => {
	const board = await unsortedBoard(baseURL!, 'Offline drag', TEXTS);
	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran', { width: 1440, height: 900 });
	const { page: ed, context } = await joinAs(browser, board.links.editor, 'Eddie', { width: 1440, height: 900 });
	await ed.getByTestId('zoom-level').click();
	await expect(ed.getByTestId('zoom-level')).toHaveText('100%');

	const a = (await note(ed, TEXTS[4]).boundingBox())!;
	const b = (await note(ed, TEXTS[5]).boundingBox())!;
	await ed.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
	await ed.mouse.down();
	await ed.mouse.move(a.x + a.width / 2 + 15, a.y + a.height / 2 + 10, { steps: 4 });
	await context.setOffline(true);
	await expect(ed.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	await ed.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
	await ed.mouse.up();
	await fac.getByTestId('phase-name').click();
	await expect(ed.getByTestId('group')).toHaveCount(1);
	await expect(ed.getByTestId('group-name-input')).toBeFocused();
	await ed.keyboard.type('Delivery');
	await ed.keyboard.press('Enter');
	await shot(ed, 'lock-naming-offline-group');
	await ed.waitForTimeout(10_000);
	await context.setOffline(false);
	await expect(ed.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	await expect(fac.getByTestId('group-name')).toHaveText('Delivery');
	await expect(fac.locator('[data-testid="note"][data-group-id^="grp_"]')).toHaveCount(2);
	await expect(ed.getByTestId('group-name')).toHaveText('Delivery');
	await expect(ed.locator('nav[aria-label="Workshop phase"] [aria-current="step"]')).toHaveText('Naming');
	await shot(ed, 'lock-naming-offline-synced');
});
