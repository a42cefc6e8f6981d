import { expect, test, type Page } from './test';
import { generateBoard, pushToBoard } from '../helpers/board-generator';
import { createBoard, openAs, drag } from './helpers';

/**
 * Board interactions beyond the basics: box select, merging and nesting groups by drag, collapse,
 * keyboard pick-up, the filter panel and the minimap. Each board: 8 notes, the first four in two
 * groups (n0, n2 in "Late deliveries"; n1, n3 in "Billing errors"), n4–n7 loose below them.
 */
async function seeded(baseURL: string) {
	const board = await createBoard(baseURL, 'Affinity board');
	const { doc } = generateBoard({ notes: 8, groups: 2, grouped: 0.5 });
	await pushToBoard(baseURL, board.id, board.links.facilitator, doc);
	return board;
}

const note = (page: Page, id: string) => page.locator(`[data-testid="note"][data-note-id="${id}"]`);
const group = (page: Page, id: string) => page.locator(`[data-testid="group"][data-group-id="${id}"]`);
const inGroup = (page: Page, id: string) => page.locator(`[data-testid="note"][data-group-id="${id}"]`);

async function box(page: Page, locator: ReturnType<Page['locator']>) {
	const b = await locator.boundingBox();
	expect(b, 'element is on screen').not.toBeNull();
	return b!;
}


/** A point on a group's header, clear of its collapse button and its name. */
async function header(page: Page, id: string) {
	const b = await box(page, group(page, id));
	return { x: b.x + b.width - 12, y: b.y + 10 };
}

test('box select two loose notes and drag them together into a group', async ({ browser, baseURL }) => {
	const board = await seeded(baseURL!);
	const alice = await openAs(browser, board.links.facilitator);
	const bob = await openAs(browser, board.links.editor);

	const [n4, n5] = [await box(alice, note(alice, 'note_n4')), await box(alice, note(alice, 'note_n5'))];
	await alice.keyboard.down('Shift');
	await drag(alice, { x: n4.x - 8, y: n4.y + n4.height + 8 }, { x: n5.x + n5.width / 2, y: n5.y + n5.height / 2 });
	await alice.keyboard.up('Shift');
	await expect(note(alice, 'note_n4')).toHaveAttribute('aria-pressed', 'true');
	await expect(note(alice, 'note_n5')).toHaveAttribute('aria-pressed', 'true');
	await expect(note(alice, 'note_n6')).toHaveAttribute('aria-pressed', 'false');

	const g1 = await box(alice, group(alice, 'grp_g1'));
	await drag(alice, { x: n4.x + n4.width / 2, y: n4.y + n4.height / 2 }, { x: g1.x + g1.width / 2, y: g1.y + g1.height - 12 });
	for (const page of [alice, bob]) {
		await expect(note(page, 'note_n4')).toHaveAttribute('data-group-id', 'grp_g1');
		await expect(note(page, 'note_n5')).toHaveAttribute('data-group-id', 'grp_g1');
		await expect(inGroup(page, 'grp_g1')).toHaveCount(4);
		await expect(group(page, 'grp_g1').locator('.count')).toHaveText('4');
	}
	await expect(note(bob, 'note_n6')).toHaveAttribute('data-group-id', '');
});

test("dropping a group on another group's header merges them", async ({ browser, baseURL }) => {
	const board = await seeded(baseURL!);
	const alice = await openAs(browser, board.links.facilitator);
	const bob = await openAs(browser, board.links.editor);

	await drag(alice, await header(alice, 'grp_g0'), await header(alice, 'grp_g1'));
	for (const page of [alice, bob]) {
		await expect(page.getByTestId('group')).toHaveCount(1);
		await expect(inGroup(page, 'grp_g1')).toHaveCount(4);
		await expect(group(page, 'grp_g1').locator('.count')).toHaveText('4');
		await expect(group(page, 'grp_g1').getByTestId('group-name')).toHaveText('Billing errors');
	}
});

test("dropping a group into another group's body nests it as a sub-group", async ({ browser, baseURL }) => {
	const board = await seeded(baseURL!);
	const alice = await openAs(browser, board.links.facilitator);
	const bob = await openAs(browser, board.links.editor);

	const g1 = await box(alice, group(alice, 'grp_g1'));
	await drag(alice, await header(alice, 'grp_g0'), { x: g1.x + g1.width / 2, y: g1.y + g1.height - 12 });
	for (const page of [alice, bob]) {
		await expect(page.getByTestId('group')).toHaveCount(2);
		await expect(group(page, 'grp_g0')).toHaveClass(/\bnested\b/);
		await expect(group(page, 'grp_g1')).not.toHaveClass(/\bnested\b/);
		// The notes stay in their own group, and the sub-group is drawn inside its parent.
		await expect(inGroup(page, 'grp_g0')).toHaveCount(2);
		await expect(inGroup(page, 'grp_g1')).toHaveCount(2);
		await expect
			.poll(async () => {
				const [inner, outer] = [await box(page, group(page, 'grp_g0')), await box(page, group(page, 'grp_g1'))];
				return inner.x >= outer.x && inner.y > outer.y && inner.x + inner.width <= outer.x + outer.width + 1 && inner.y + inner.height <= outer.y + outer.height + 1;
			})
			.toBe(true);
	}
});

test('collapsing a group hides its notes for everyone and expanding shows them again', async ({ browser, baseURL }) => {
	const board = await seeded(baseURL!);
	const alice = await openAs(browser, board.links.facilitator);
	const bob = await openAs(browser, board.links.editor);

	const before = await box(alice, group(alice, 'grp_g0'));
	await alice.getByRole('button', { name: 'Collapse Late deliveries' }).click();
	for (const page of [alice, bob]) {
		await expect(inGroup(page, 'grp_g0')).toHaveCount(0);
		await expect(group(page, 'grp_g0')).toHaveClass(/\bcollapsed\b/);
		await expect(group(page, 'grp_g0').locator('.count')).toHaveText('2');
		await expect(inGroup(page, 'grp_g1')).toHaveCount(2);
	}
	expect((await box(alice, group(alice, 'grp_g0'))).height).toBeLessThan(before.height);

	await bob.getByRole('button', { name: 'Expand Late deliveries' }).click();
	for (const page of [alice, bob]) {
		await expect(inGroup(page, 'grp_g0')).toHaveCount(2);
		await expect(group(page, 'grp_g0')).not.toHaveClass(/\bcollapsed\b/);
	}
});

test('keyboard pick-up: P, arrow keys to a group, Enter drops the note into it', async ({ browser, baseURL }) => {
	const board = await seeded(baseURL!);
	const alice = await openAs(browser, board.links.editor);
	const bob = await openAs(browser, board.links.editor);
	const active = () => alice.evaluate(() => document.activeElement?.getAttribute('data-note-id') ?? document.activeElement?.getAttribute('data-group-focus') ?? null);

	await note(alice, 'note_n4').click();
	await expect.poll(active).toBe('note_n4');
	await alice.keyboard.press('p');
	await expect(alice.getByTestId('canvas')).toHaveClass(/\bcarrying\b/);
	// Up from the loose notes reaches a group's header (passing its notes on the way, if any).
	for (let i = 0; i < 8 && !(await active())?.startsWith('grp_'); i++) await alice.keyboard.press('ArrowUp');
	const target = await active();
	expect(target).toMatch(/^grp_g[01]$/);
	await alice.keyboard.press('Enter');
	await expect(alice.getByTestId('canvas')).not.toHaveClass(/\bcarrying\b/);
	for (const page of [alice, bob]) {
		await expect(note(page, 'note_n4')).toHaveAttribute('data-group-id', target!);
		await expect(inGroup(page, target!)).toHaveCount(3);
		await expect(group(page, target!).locator('.count')).toHaveText('3');
	}
	await expect(note(bob, 'note_n5')).toHaveAttribute('data-group-id', '');
});

test('the filter panel dims the notes that do not match', async ({ browser, baseURL }) => {
	const board = await seeded(baseURL!);
	const page = await openAs(browser, board.links.editor);
	await expect(page.locator('[data-testid="note"].dim')).toHaveCount(0);

	await page.getByTestId('filter-button').click();
	const panel = page.getByRole('region', { name: 'Filter notes' });
	await expect(panel).toBeVisible();
	// The first value of the first column, with the number of notes that have it.
	const option = panel.locator('label.opt').first();
	const matching = Number(await option.locator('.n').textContent());
	expect(matching).toBeGreaterThan(0);
	expect(matching).toBeLessThan(8);
	await option.locator('input').check();
	await expect(page.getByTestId('filter-button')).toContainText(`${matching} of 8 match`);
	await expect(page.locator('[data-testid="note"].dim')).toHaveCount(8 - matching);
	await expect(page.locator('[data-testid="note"]:not(.dim)')).toHaveCount(matching);

	// Select matching selects exactly the notes left bright.
	await panel.getByTestId('select-filtered').click();
	await expect(page.locator('[data-testid="note"][aria-pressed="true"]')).toHaveCount(matching);
	await expect(page.locator('[data-testid="note"].dim[aria-pressed="true"]')).toHaveCount(0);

	await panel.getByRole('button', { name: 'Clear' }).click();
	await expect(page.locator('[data-testid="note"].dim')).toHaveCount(0);
});

test('clicking and dragging on the minimap pans the board', async ({ browser, baseURL }) => {
	const board = await seeded(baseURL!);
	const page = await openAs(browser, board.links.editor);
	const zoom = await page.getByTestId('canvas').getAttribute('data-zoom');
	const map = await box(page, page.getByTestId('minimap'));
	const canvas = await box(page, page.getByTestId('canvas'));
	const where = async () => {
		const b = await box(page, note(page, 'note_n0'));
		return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
	};
	const start = await where();

	// Click near the minimap's bottom-right corner: the view moves there, so n0 (top-left) goes up-left.
	await page.mouse.click(map.x + map.width - 6, map.y + map.height - 6);
	await expect.poll(async () => (await where()).x).toBeLessThan(start.x - 40);
	expect((await where()).y).toBeLessThan(start.y);
	// Dragging across the minimap to its top-left corner brings n0 back towards the middle of the screen.
	const mid = await where();
	await drag(page, { x: map.x + map.width - 6, y: map.y + map.height - 6 }, { x: map.x + 6, y: map.y + 6 });
	await expect.poll(async () => (await where()).x).toBeGreaterThan(mid.x + 40);
	const end = await where();
	expect(end.x).toBeGreaterThan(canvas.x);
	expect(end.y).toBeGreaterThan(mid.y);
	// Panning does not zoom.
	await expect(page.getByTestId('canvas')).toHaveAttribute('data-zoom', zoom!);
});

test('the Tasks and Suggest panels open below the whole header and leave the toolbar usable', async ({ browser, baseURL }) => {
	const board = await seeded(baseURL!);
	const page = await openAs(browser, board.links.facilitator);
	const headerBottom = async () => (await box(page, page.locator('header.top'))).y + (await box(page, page.locator('header.top'))).height;
	for (const [open, panel] of [['open-tasks', 'tasks-panel'], ['open-suggest', 'suggest-panel']] as const) {
		await page.getByTestId(open).click();
		await expect(page.getByTestId(panel)).toBeVisible();
		expect((await box(page, page.getByTestId(panel))).y).toBeGreaterThanOrEqual((await headerBottom()) - 1);
		// The toolbar's right end is not covered: the shortcut list opens from its button.
		await page.getByTestId('help').click();
		await expect(page.getByTestId('shortcuts')).toBeVisible();
		await page.keyboard.press('Escape');
		await expect(page.getByTestId('shortcuts')).toBeHidden();
		await page.getByTestId(open).click();
		await expect(page.getByTestId(panel)).toBeHidden();
	}
});
