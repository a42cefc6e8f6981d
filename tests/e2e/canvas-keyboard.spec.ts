import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from './test';
import * as Y from 'yjs';
import { addNotes, initBoard, makeNote } from '../../src/lib/board';
import { pushToBoard } from '../helpers/board-generator';
import { createBoard, openAs, shot } from './helpers';

/*
 * Clustering with the keyboard alone: no mouse event is sent in this file. Focus is checked after
 * every step (it must never fall to the page), and so is what the live region says.
 */

const TEXTS = [
	'Billing: charged twice',
	'Billing: refund came late',
	'Billing: invoice was wrong',
	'Delivery: driver was late',
	'Delivery: parcel lost',
	'Delivery: box damaged',
	'App: login is slow',
	'App: crashes on start',
	'App: password reset fails'
];

async function board(baseURL: string) {
	const b = await createBoard(baseURL, 'Keyboard clustering');
	const doc = new Y.Doc();
	initBoard(doc);
	addNotes(
		doc,
		TEXTS.map((text, i) => makeNote({ id: `note_k${i}`, text, createdAt: 1_700_000_000_000 + i })),
		{ kind: 'import' }
	);
	await pushToBoard(baseURL, b.id, b.links.facilitator, doc);
	return b;
}

/** What has keyboard focus: a note, a group's name, a text box, the canvas, or the page itself. */
function focused(page: Page) {
	return page.evaluate(() => {
		const a = document.activeElement as HTMLElement | null;
		return {
			body: !a || a === document.body,
			note: a?.dataset.noteId ?? null,
			noteGroup: a?.dataset.groupId ?? null,
			group: a?.dataset.groupFocus ?? null,
			testid: a?.dataset.testid ?? null
		};
	});
}

async function expectFocusOnBoard(page: Page) {
	const f = await focused(page);
	expect(f.body, 'keyboard focus fell to the page').toBe(false);
}

const announcer = (page: Page) => page.getByTestId('announcer');
const groupByName = (page: Page, name: string) => page.locator('[data-testid="group"]', { has: page.locator(`[data-testid="group-name"]`, { hasText: name }) });
const groupId = async (page: Page, name: string) => (await groupByName(page, name).first().getAttribute('data-group-id'))!;

/** Tab from wherever focus is until the board canvas has it (the way a keyboard user gets there). */
async function tabToCanvas(page: Page) {
	for (let i = 0; i < 60; i++) {
		if ((await focused(page)).testid === 'canvas') return;
		await page.keyboard.press('Tab');
	}
	throw new Error('the canvas is not reachable with Tab');
}

/** Search for a note, jump to it with Enter and go back to the board with Escape: focus lands on the note. */
async function focusNoteBySearch(page: Page, text: string) {
	await page.keyboard.press('/');
	await expect(page.getByTestId('search')).toBeFocused();
	await page.keyboard.type(text);
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('search-count')).toContainText('1 / 1');
	await page.keyboard.press('Escape');
	const id = `note_k${TEXTS.indexOf(text)}`;
	await expect.poll(async () => (await focused(page)).note).toBe(id);
	return id;
}

/**
 * Presses arrow keys towards `target` (read from where it is drawn) until `done` holds; returns
 * what the live region said after each press.
 */
async function arrowTo(page: Page, target: Locator, done: () => Promise<boolean>): Promise<string[]> {
	const said: string[] = [];
	for (let i = 0; i < 24; i++) {
		if (await done()) return said;
		const from = await page.evaluate(() => {
			const r = document.activeElement!.getBoundingClientRect();
			return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
		});
		const t = (await target.boundingBox())!;
		const dx = t.x + Math.min(t.width / 2, 60) - from.x;
		const dy = t.y + Math.min(t.height / 2, 20) - from.y;
		await page.keyboard.press(Math.abs(dx) > Math.abs(dy) ? (dx > 0 ? 'ArrowRight' : 'ArrowLeft') : dy > 0 ? 'ArrowDown' : 'ArrowUp');
		await expectFocusOnBoard(page);
		said.push((await announcer(page).textContent()) ?? '');
	}
	throw new Error(`did not reach the target; the live region said: ${said.join(' | ')}`);
}

test('keyboard only: three groups, notes carried between them with the drop target announced, rename, merge, undo and redo', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const page = await openAs(browser, b.links.editor);
	await page.keyboard.press('Escape');
	await tabToCanvas(page);

	// Three groups, each made from one note with G and named as it is made.
	for (const [text, name] of [
		['Billing: charged twice', 'Billing'],
		['Delivery: driver was late', 'Delivery'],
		['App: login is slow', 'App']
	]) {
		await focusNoteBySearch(page, text);
		await page.keyboard.press('g');
		await expect(page.getByTestId('group-name-input')).toBeFocused();
		await expect(announcer(page)).toContainText('New group with 1 note.');
		await page.keyboard.type(name);
		await page.keyboard.press('Enter');
		const id = await groupId(page, name);
		await expect.poll(async () => (await focused(page)).group).toBe(id);
	}
	await expect(page.getByTestId('group')).toHaveCount(3);
	const billing = await groupId(page, 'Billing');
	const delivery = await groupId(page, 'Delivery');
	const app = await groupId(page, 'App');
	const header = (id: string) => page.locator(`[data-group-focus="${id}"]`);

	// Carry a note from the unsorted area into Billing: every step says where it would land.
	const refund = await focusNoteBySearch(page, 'Billing: refund came late');
	await page.keyboard.press('p');
	await expect(announcer(page)).toContainText('Picked up 1 note');
	// Its neighbour in the unsorted area comes first.
	await page.keyboard.press('ArrowRight');
	await expect(announcer(page)).toHaveText('Over “Billing: invoice was wrong” in the unsorted area. Enter makes a new group of it and the note.');
	let said = await arrowTo(page, header(billing), async () => (await focused(page)).group === billing);
	expect(said.at(-1)).toBe('Over group “Billing” (1 note). Enter moves the note into it.');
	// Every step on the way said what is under the carried note.
	for (const s of said) expect(s).toMatch(/^Over (group )?“/);
	await page.keyboard.press('Enter');
	await expect(announcer(page)).toContainText('Moved 1 note to Billing');
	await expect.poll(async () => (await focused(page)).note).toBe(refund);
	await expect(page.locator(`[data-note-id="${refund}"]`)).toHaveAttribute('data-group-id', billing);

	// Over a note in a group, the live region names the group and its count.
	await page.keyboard.press('p');
	await arrowTo(page, header(delivery), async () => (await focused(page)).group === delivery);
	await expect(announcer(page)).toHaveText('Over group “Delivery” (1 note). Enter moves the note into it.');
	await page.keyboard.press('Escape');
	await expect(announcer(page)).toContainText('Put back');
	await expectFocusOnBoard(page);

	// Move with M: a note to Delivery.
	const parcel = await focusNoteBySearch(page, 'Delivery: parcel lost');
	await page.keyboard.press('m');
	await expect(page.getByTestId('move-dialog')).toBeVisible();
	await page.keyboard.type('Deliv');
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('move-dialog')).toBeHidden();
	await expect(announcer(page)).toContainText('Moved 1 note to Delivery');
	await expect.poll(async () => (await focused(page)).note).toBe(parcel);
	await expect(groupByName(page, 'Delivery')).toContainText('2');

	// Between groups: the refund note leaves Billing for App, carried.
	await focusNoteBySearch(page, 'Billing: refund came late');
	await page.keyboard.press('p');
	said = await arrowTo(page, header(app), async () => (await focused(page)).group === app);
	expect(said.at(-1)).toBe('Over group “App” (1 note). Enter moves the note into it.');
	await page.keyboard.press('Enter');
	await expect(announcer(page)).toContainText('Moved 1 note to App');
	await expect(page.locator(`[data-note-id="${refund}"]`)).toHaveAttribute('data-group-id', app);
	await expect(groupByName(page, 'App')).toContainText('2');
	await expect(groupByName(page, 'Billing')).toContainText('1');
	await expect.poll(async () => (await focused(page)).note).toBe(refund);

	// Rename App from its header: F2 opens the name selected, so typing replaces it.
	await arrowTo(page, header(app), async () => (await focused(page)).group === app);
	await page.keyboard.press('F2');
	await expect(page.getByTestId('group-name-input')).toBeFocused();
	await page.keyboard.type('App and website');
	await page.keyboard.press('Enter');
	await expect(header(app)).toHaveText('App and website');
	await expect.poll(async () => (await focused(page)).group).toBe(app);

	// Merge Delivery into Billing: pick the group up, carry it onto Billing, Enter.
	await arrowTo(page, header(delivery), async () => (await focused(page)).group === delivery);
	await page.keyboard.press('p');
	await expect(announcer(page)).toContainText('Picked up group “Delivery”');
	said = await arrowTo(page, header(billing), async () => (await focused(page)).group === billing);
	expect(said.at(-1)).toBe('Over group “Billing” (1 note). Enter merges the group into it; Shift+Enter nests it inside.');
	await page.keyboard.press('Enter');
	await expect(announcer(page)).toHaveText('Merged “Delivery” into “Billing”, now 3 notes.');
	await expect(page.getByTestId('group')).toHaveCount(2);
	await expect.poll(async () => (await focused(page)).group).toBe(billing);

	// Undo brings Delivery back; redo merges again. Focus stays on the board throughout.
	await page.keyboard.press('Control+z');
	await expect(announcer(page)).toContainText('Undone');
	await expect(page.getByTestId('group')).toHaveCount(3);
	await expect(groupByName(page, 'Delivery')).toContainText('2');
	await expect.poll(async () => (await focused(page)).group ?? (await focused(page)).note).not.toBeNull();
	await page.keyboard.press('Control+Shift+z');
	await expect(announcer(page)).toContainText('Redone');
	await expect(page.getByTestId('group')).toHaveCount(2);
	await expect(groupByName(page, 'Billing')).toContainText('3');
	await expect.poll(async () => (await focused(page)).group ?? (await focused(page)).note).not.toBeNull();
	await expectFocusOnBoard(page);

	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('Enter goes into a group and Shift+Enter back out, so a shortcut after naming never types over the name; F2 renames with the name selected, Escape puts it back', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const page = await openAs(browser, b.links.editor);
	await page.keyboard.press('Escape');
	await tabToCanvas(page);
	const input = page.getByTestId('group-name-input');

	// A new group's name field takes focus, empty, ready to type.
	const charged = await focusNoteBySearch(page, 'Billing: charged twice');
	await page.keyboard.press('g');
	await expect(input).toBeFocused();
	await expect(input).toHaveValue('');
	await shot(page, 'naming-new-group');
	await page.keyboard.type('Billing');
	await page.keyboard.press('Enter');
	const billing = await groupId(page, 'Billing');
	const header = page.locator(`[data-group-focus="${billing}"]`);
	await expect.poll(async () => (await focused(page)).group).toBe(billing);

	// Enter again, then P: the note in the group is picked up; the name is not opened, nor typed over.
	await page.keyboard.press('Enter');
	await expect(input).toHaveCount(0);
	await expect.poll(async () => (await focused(page)).note).toBe(charged);
	await expect(announcer(page)).toHaveText('In “Billing”, 1 note. Shift+Enter goes back to the group.');
	await page.keyboard.press('p');
	await expect(announcer(page)).toContainText('Picked up 1 note');
	await page.keyboard.press('Escape');
	await expect(announcer(page)).toContainText('Put back');
	await expect(header).toHaveText('Billing');

	// Shift+Enter goes back out to the group.
	await page.keyboard.press('Shift+Enter');
	await expect.poll(async () => (await focused(page)).group).toBe(billing);

	// F2 opens the name with all of it selected: what is typed replaces it.
	await page.keyboard.press('F2');
	await expect(input).toBeFocused();
	expect(await input.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd])).toEqual([0, 'Billing'.length]);
	await shot(page, 'naming-rename-selected');
	await page.keyboard.type('Invoices');
	await page.keyboard.press('Enter');
	await expect(header).toHaveText('Invoices');
	await expect.poll(async () => (await focused(page)).group).toBe(billing);

	// Escape puts back the name it had when it was opened, and leaves nothing of it to undo.
	await page.keyboard.press('F2');
	await page.keyboard.type('Oops');
	await expect(input).toHaveValue('Oops');
	await page.keyboard.press('Escape');
	await expect(header).toHaveText('Invoices');
	await expect.poll(async () => (await focused(page)).group).toBe(billing);
	await page.keyboard.press('Control+z');
	await expect(header).toHaveText('Billing');
	await expectFocusOnBoard(page);
});

test('after joining, keyboard focus is on the board, so its shortcuts work at once; a first visit gets there once the name is given', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const page = await openAs(browser, b.links.editor);
	await expect(page.getByTestId('canvas')).toBeFocused();
	// The canvas is inside the Board landmark, after the skip link and the bars.
	await expect(page.getByRole('main', { name: 'Board' }).getByTestId('canvas')).toBeFocused();
	await shot(page, 'joined-focus');
	await page.keyboard.press('Enter');
	await expect.poll(async () => (await focused(page)).note).toMatch(/^note_k/);
	await page.keyboard.press('?');
	await expect(page.getByTestId('shortcuts')).toBeVisible();
	await page.keyboard.press('Escape');
	await expectFocusOnBoard(page);
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

	// A browser that never joined is asked for a name first; the board takes focus after it.
	const first = await (await browser.newContext()).newPage();
	await first.goto(b.links.viewer);
	const dialog = first.getByTestId('name-dialog');
	await expect(dialog.getByLabel('Your name')).toBeFocused();
	await first.keyboard.type('Vic Viewer');
	await first.keyboard.press('Enter');
	await expect(dialog).toBeHidden();
	await expect(first.getByTestId('canvas')).toBeFocused();
	await first.keyboard.press('Enter');
	await expect.poll(async () => (await focused(first)).note).toMatch(/^note_k/);

});
