import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from './test';
import { clinicBoard, joinAs } from './collab-helpers';

/** Phone, tablet portrait and landscape, small, common and large laptops. */
const SIZES = [
	{ width: 390, height: 844 },
	{ width: 768, height: 1024 },
	{ width: 1024, height: 768 },
	{ width: 1280, height: 800 },
	{ width: 1366, height: 768 },
	{ width: 1440, height: 900 }
];
/** Where the top bar's tools fold into a menu and the side column becomes a drawer (the page's `narrow`). */
const NARROW = 1100;
const TITLE = 'Patient feedback, spring survey';

/** The clinic board (`clinicBoard`) titled TITLE. */
const board = (baseURL: string) => clinicBoard(baseURL, TITLE);

/** Every visible child of `row` lies within the row's one line: none sits below another's top edge. */
async function expectOneLine(row: Locator) {
	const boxes = await row.evaluate((el) =>
		[...el.children]
			.map((c) => c.getBoundingClientRect())
			.filter((r) => r.width > 0 && r.height > 0)
			.map((r) => ({ top: r.top, bottom: r.bottom }))
	);
	expect(boxes.length).toBeGreaterThan(1);
	const firstBottom = Math.min(...boxes.map((b) => b.bottom));
	for (const b of boxes) expect(b.top).toBeLessThan(firstBottom);
	expect((await row.boundingBox())!.height).toBeLessThan(60);
}

/** What is drawn at the centre of each control is the control (or inside it): no panel or menu lies over it. */
async function expectUncovered(page: Page, controls: Locator) {
	const n = await controls.count();
	expect(n).toBeGreaterThan(0);
	for (let i = 0; i < n; i++) {
		const hit = await controls.nth(i).evaluate((el) => {
			const r = el.getBoundingClientRect();
			const x = r.left + r.width / 2;
			const y = r.top + r.height / 2;
			const top = document.elementFromPoint(x, y);
			return { onScreen: x >= 0 && y >= 0 && x <= innerWidth && y <= innerHeight, mine: !!top && (el === top || el.contains(top)) };
		});
		expect(hit).toEqual({ onScreen: true, mine: true });
	}
}

/** No part of `panel` lies over any of `controls`: their boxes on screen do not intersect. */
async function expectApart(panel: Locator, controls: Locator) {
	const a = await panel.boundingBox();
	if (!a) throw new Error('the panel is not drawn');
	for (const control of await controls.all()) {
		const b = (await control.boundingBox())!;
		const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
		expect(overlap, `the panel at ${JSON.stringify(a)} lies over a control at ${JSON.stringify(b)}`).toBe(false);
	}
}

/**
 * The colour menu shows its choice whole or, where the bar has no room for it, only its icon, with
 * its label as its name. A native select cuts its text without an ellipsis, so the text is measured
 * in the select's own font against the room left of its drop-down arrow.
 */
async function expectColourMenuReadable(page: Page) {
	const menu = page.getByRole('combobox', { name: /^Colour notes by/ });
	await expect(menu).toBeVisible();
	const shown = await menu.evaluate((el: HTMLSelectElement) => {
		const style = getComputedStyle(el);
		const icon = el.parentElement!.querySelector('svg')!.getBoundingClientRect();
		if (style.opacity === '0') return { text: 'icon', whole: icon.width >= 12 && icon.height >= 12 && el.getBoundingClientRect().width >= 24 };
		const context = document.createElement('canvas').getContext('2d')!;
		context.font = style.font;
		const text = el.selectedOptions[0].text;
		const arrow = 16;
		return { text, whole: context.measureText(text).width <= el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - arrow };
	});
	expect(shown.whole, `the colour menu shows “${shown.text}” whole`).toBe(true);
}

/** Opens a tool of the top bar, through its overflow menu on a narrow window. */
async function openTool(page: Page, testid: string, width: number) {
	if (width <= NARROW) await page.getByRole('button', { name: 'More: Board tools' }).click();
	await page.getByTestId(testid).click();
}

test('at phone, tablet and laptop sizes the bars stay one line and no panel covers the zoom controls or the minimap', async ({ browser, baseURL }) => {
	test.setTimeout(240_000);
	const b = await board(baseURL!);
	for (const size of SIZES) {
		const { page, context } = await joinAs(browser, b.links.facilitator, 'Alice', size);
		const tag = `${size.width}x${size.height}`;
		await expect(page.getByTestId('board')).toHaveAttribute('data-shown', 'true');
		await page.getByTestId('search').fill('Comment');
		await expect(page.getByTestId('search-count')).toContainText('9 matches');
		// A phone puts the canvas bar on two rows (its own test below).
		if (size.width > 640) await expectOneLine(page.getByRole('toolbar', { name: 'Canvas' }));
		await expectOneLine(page.locator('header.top .bar'));
		await expectColourMenuReadable(page);
		await page.getByRole('combobox', { name: /^Colour notes by/ }).selectOption('region');
		await expectColourMenuReadable(page);
		await page.getByRole('toolbar', { name: 'Canvas' }).screenshot({ path: test.info().outputPath(`toolbar-${tag}.png`) });
		// The title keeps room to be read.
		expect((await page.getByRole('heading', { level: 1 }).boundingBox())!.width).toBeGreaterThan(60);

		const zoom = page.getByRole('toolbar', { name: 'Zoom' }).getByRole('button');
		const minimap = page.getByTestId('minimap');
		const chrome = async () => {
			await expectUncovered(page, zoom);
			if (await minimap.isVisible()) {
				await expectUncovered(page, minimap);
				await expectApart(minimap, zoom);
			}
		};
		/** Beside two open panels the board is narrow: the overview shrinks with it, leaving the groups under it room. */
		const overviewFits = async () => {
			const board = (await page.getByTestId('board').boundingBox())!;
			const map = (await minimap.boundingBox())!;
			expect(map.width, `the overview is ${map.width} px wide on a board ${board.width} px wide`).toBeLessThanOrEqual(board.width / 4);
			// Fitting the board keeps every group's name and buttons clear of the overview and the zoom bar.
			await page.getByTestId('zoom-fit').click();
			// The names are drawn again at the new zoom, in the frames after the click.
			await expect(page.getByTestId('group-label')).toHaveCount(3);
			await expectUncovered(page, page.getByTestId('group-label'));
		};
		// At 100% the middle group (the board's centre) is drawn note by note.
		await page.getByTestId('zoom-level').click();
		await page.getByTestId('note').filter({ hasText: 'Comment 2 about' }).click();
		// The details panel is a column beside the board, or below `NARROW` a drawer that starts closed.
		const details = page.getByRole('complementary', { name: 'Side panels' });
		if (size.width <= NARROW) {
			await expect(details).toBeHidden();
			await page.getByTestId('open-side').click();
		}
		await expect(details).toBeVisible();
		await expect(details.getByTestId('details-text')).toHaveText('Comment 2 about the clinic visit');
		await chrome();
		await expectApart(details, zoom);
		if (await minimap.isVisible()) await expectApart(details, minimap);
		await page.screenshot({ path: test.info().outputPath(`details-${tag}.png`) });

		await openTool(page, 'open-suggest', size.width);
		const suggest = page.getByRole('complementary', { name: 'Clustering assistant' });
		await expect(suggest).toBeVisible();
		await chrome();
		if (size.width > NARROW) await overviewFits();
		await page.screenshot({ path: test.info().outputPath(`suggest-${tag}.png`) });

		await openTool(page, 'open-tasks', size.width);
		await expect(page.getByRole('complementary', { name: 'Accountability' })).toBeVisible();
		await expect(suggest).toHaveCount(0);
		await chrome();
		if (size.width > NARROW) await overviewFits();
		await page.screenshot({ path: test.info().outputPath(`tasks-${tag}.png`) });
		await context.close();
	}
});

test('on a tablet the side panels are a drawer that opens and closes by keyboard and touch and gives focus back', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const { page, context } = await joinAs(browser, b.links.facilitator, 'Alice', { width: 768, height: 1024 });
	const opener = page.getByRole('button', { name: 'Details' });
	const drawer = page.getByRole('complementary', { name: 'Side panels' });
	await expect(drawer).toBeHidden();
	await expect(opener).toHaveAttribute('aria-expanded', 'false');

	await opener.focus();
	await page.keyboard.press('Enter');
	await expect(drawer).toBeVisible();
	await expect(drawer).toBeFocused();
	await expect(opener).toHaveAttribute('aria-expanded', 'true');
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
	await page.keyboard.press('Escape');
	await expect(drawer).toBeHidden();
	await expect(opener).toBeFocused();

	await page.keyboard.press('Enter');
	await drawer.getByRole('button', { name: 'Close the side panels' }).click();
	await expect(drawer).toBeHidden();
	await expect(opener).toBeFocused();

	// The overflow menu: tools open from it, and a panel opened there gives focus back to the menu's button.
	const more = page.getByRole('button', { name: 'More: Board tools' });
	await more.focus();
	await page.keyboard.press('Enter');
	await expect(more).toHaveAttribute('aria-expanded', 'true');
	const tools = page.getByRole('group', { name: 'Board tools' });
	await expect(tools.getByRole('button', { name: 'Tasks' })).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(tools.getByRole('button', { name: 'Tasks' })).toBeHidden();
	await expect(more).toBeFocused();
	await page.keyboard.press('Enter');
	await page.keyboard.press('Tab');
	await expect(tools.getByRole('button', { name: 'Tasks' })).toBeFocused();
	await page.keyboard.press('Enter');
	const tasks = page.getByRole('complementary', { name: 'Accountability' });
	await expect(tasks).toBeVisible();
	await expect(more).toHaveAttribute('aria-expanded', 'false');
	await page.keyboard.press('Escape');
	await expect(tasks).toHaveCount(0);
	await expect(more).toBeFocused();
	await context.close();

	// Touch: a tap opens the drawer and a tap on its close button shuts it.
	const touch = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 768, height: 1024 } });
	await touch.addInitScript(() => localStorage.setItem('gistboard.identity', JSON.stringify({ id: 'user_tapper1', name: 'Tapper' })));
	const tablet = await touch.newPage();
	await tablet.goto(b.links.editor);
	await expect(tablet.getByTestId('board')).toHaveAttribute('data-synced', 'true');
	await tablet.getByTestId('note').filter({ hasText: 'Comment 2 about' }).tap();
	await tablet.getByRole('button', { name: 'Details' }).tap();
	const sheet = tablet.getByRole('complementary', { name: 'Side panels' });
	await expect(sheet).toBeVisible();
	await expect(sheet.getByTestId('details-text')).toHaveText('Comment 2 about the clinic visit');
	await sheet.getByRole('button', { name: 'Close the side panels' }).tap();
	await expect(sheet).toBeHidden();
	await expect(tablet.getByRole('button', { name: 'Details' })).toBeFocused();
	await touch.close();
});

test('the shortcut list gives every description room to read at laptop and phone sizes', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	for (const size of [SIZES[3], SIZES[0]]) {
		const { page, context } = await joinAs(browser, b.links.editor, 'Dana', size);
		await openTool(page, 'help', size.width);
		const keys = page.getByTestId('shortcuts');
		await expect(keys).toBeVisible();
		const group = keys.locator('section').filter({ has: page.getByRole('heading', { name: 'Group', exact: true }) });
		const section = (await group.boundingBox())!;
		// Each description has at least half its section's width, and no key is wider than its column.
		for (const dd of await group.locator('dd').all()) expect((await dd.boundingBox())!.width).toBeGreaterThan(section.width / 2);
		for (const dt of await group.locator('dt').all()) {
			const [cell, key] = [(await dt.boundingBox())!, (await dt.locator('kbd').boundingBox())!];
			expect(key.x + key.width).toBeLessThanOrEqual(cell.x + cell.width + 1);
		}
		await keys.screenshot({ path: test.info().outputPath(`shortcuts-${size.width}.png`) });
		await context.close();
	}
});

test('on a tablet and a phone the search keeps room, the view switch is whole, the filter panel fits the screen, and voting opened by the facilitator shows on the closed drawer’s button', async ({ browser, baseURL }) => {
	test.setTimeout(240_000);
	const b = await board(baseURL!);
	const facilitator = await joinAs(browser, b.links.facilitator, 'Alice', { width: 1280, height: 800 });
	for (const size of [{ width: 768, height: 1024 }, { width: 390, height: 844 }]) {
		const tag = `${size.width}x${size.height}`;
		await facilitator.page.getByTestId('phase-group').click();
		const { page, context } = await joinAs(browser, b.links.editor, 'Bob', size);
		await expect(page.getByTestId('board')).toHaveAttribute('data-shown', 'true');
		const toolbar = page.getByRole('toolbar', { name: 'Canvas' });
		if (size.width > 640) await expectOneLine(toolbar);

		// The note field's placeholder is shown whole, not "Add a no…".
		const cut = await page.getByTestId('draft').evaluate((el: HTMLTextAreaElement) => {
			const style = getComputedStyle(el);
			const context = document.createElement('canvas').getContext('2d')!;
			context.font = style.font;
			return context.measureText(el.placeholder).width - (el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
		});
		expect(cut, `the note field's placeholder at ${tag} is cut by ${cut} px`).toBeLessThanOrEqual(0);

		// Search keeps room for a query of two words, its count and all its buttons.
		await page.getByTestId('search').fill('clinic visit');
		await expect(page.getByTestId('search-count')).toContainText('9 matches');
		expect((await page.getByTestId('search').boundingBox())!.width).toBeGreaterThanOrEqual(80);
		const search = (await page.getByRole('search').boundingBox())!;
		for (const name of ['Previous match', 'Next match', 'Select all matches', 'Clear search']) {
			const button = (await page.getByRole('search').getByRole('button', { name }).boundingBox())!;
			expect(button.x + button.width, `${name} is inside the search box`).toBeLessThanOrEqual(search.x + search.width);
		}
		if (size.width >= 768) {
			// A tablet holds the whole bar: nothing is cut at its right edge (Tidy up and the shortcut list are under More).
			expect(await toolbar.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
			for (const id of ['view-canvas', 'view-outline', 'undo', 'redo']) {
				const box = (await page.getByTestId(id).boundingBox())!;
				expect(box.x + box.width, `${id} is inside the window`).toBeLessThanOrEqual(size.width);
			}
		}
		// The view switch is whole on the screen.
		await page.getByTestId('view-outline').scrollIntoViewIfNeeded();
		await expectUncovered(page, page.getByRole('group', { name: 'View' }).getByRole('button'));

		// The filter panel opens inside the window, in front of everything.
		await page.getByTestId('filter-button').scrollIntoViewIfNeeded();
		await page.getByTestId('filter-button').click();
		const panel = page.locator('#filter-panel');
		await expect(panel).toBeVisible();
		const box = (await panel.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(size.width);
		expect(box.y + box.height).toBeLessThanOrEqual(size.height);
		await expectUncovered(page, panel.locator('legend').first());
		await expectUncovered(page, panel.getByRole('checkbox').first());
		await page.screenshot({ path: test.info().outputPath(`filter-${tag}.png`) });
		await page.keyboard.press('Escape');
		await expect(panel).toBeHidden();

		// The facilitator opens voting; the drawer holding the votes is closed: its button says so, and so does the live region.
		const opener = page.getByTestId('open-side');
		await expect(page.getByRole('complementary', { name: 'Side panels' })).toBeHidden();
		await expect(page.getByTestId('open-side-voting')).toHaveCount(0);
		await facilitator.page.getByTestId('phase-vote').click();
		await expect(page.getByTestId('open-side-voting')).toBeVisible();
		await expect(opener).toHaveAccessibleName(/voting is open/);
		await expect(page.getByTestId('announcer')).toHaveText('Voting is open: your votes are under Details.');
		await expectUncovered(page, page.getByTestId('open-side-voting'));
		await page.screenshot({ path: test.info().outputPath(`voting-${tag}.png`) });
		await opener.click();
		await expect(page.getByTestId('votes-left')).toBeVisible();
		await expect(page.getByTestId('open-side-voting')).toHaveCount(0);
		await context.close();
	}

	// Joining while voting is open: the button shows it, but nothing says voting has just started.
	const late = await joinAs(browser, b.links.editor, 'Carol', { width: 768, height: 1024 });
	await expect(late.page.getByTestId('board')).toHaveAttribute('data-synced', 'true');
	await expect(late.page.getByTestId('open-side-voting')).toBeVisible();
	await expect(late.page.getByTestId('announcer')).not.toContainText('Voting is open');
	// A change seen on the board is still said.
	await facilitator.page.getByTestId('phase-group').click();
	await expect(late.page.getByTestId('open-side-voting')).toHaveCount(0);
	await facilitator.page.getByTestId('phase-vote').click();
	await expect(late.page.getByTestId('announcer')).toHaveText('Voting is open: your votes are under Details.');
	await late.context.close();
	await facilitator.context.close();
});

test('on a phone the canvas bar shows every control on two rows, none out of sight to the side', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const { page } = await joinAs(browser, b.links.editor, 'Bob', { width: 390, height: 844 });
	const toolbar = page.getByRole('toolbar', { name: 'Canvas' });
	await page.getByTestId('search').fill('clinic visit');
	await expect(page.getByTestId('search-count')).toContainText('9 matches');
	expect(await toolbar.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
	const bar = (await toolbar.boundingBox())!;
	expect(bar.height).toBeLessThan(100);
	for (const control of [page.getByTestId('draft'), page.getByTestId('search'), page.getByTestId('filter-button'), page.getByTestId('view-canvas'), page.getByTestId('view-outline'), page.getByTestId('undo'), page.getByTestId('redo'), page.getByRole('combobox', { name: /^Colour notes by/ })]) {
		const box = (await control.boundingBox())!;
		expect(box.x, `${control} starts on the screen`).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width, `${control} ends on the screen`).toBeLessThanOrEqual(390);
		expect(box.y + box.height).toBeLessThanOrEqual(bar.y + bar.height);
	}
	// The search keeps room for its query and buttons; the note field for its placeholder.
	expect((await page.getByTestId('search').boundingBox())!.width).toBeGreaterThanOrEqual(80);
	expect((await page.getByTestId('draft').boundingBox())!.width).toBeGreaterThanOrEqual(60);
	await page.screenshot({ path: test.info().outputPath('toolbar-phone.png') });
	expect(await page.evaluate(() => [window.innerWidth, document.documentElement.scrollWidth])).toEqual([390, 390]);
});

test('on a phone the page is as wide as the screen for a facilitator and a participant: the name dialog and the board are whole', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	for (const role of ['facilitator', 'editor'] as const) {
		// A phone's browser widens the page to whatever sticks out (isMobile), and everything then looks cut off at one side.
		const context = await browser.newContext({ hasTouch: true, isMobile: true, deviceScaleFactor: 2, viewport: { width: 390, height: 844 } });
		const page = await context.newPage();
		await page.goto(b.links[role]);
		const dialog = page.getByTestId('name-dialog');
		await expect(dialog).toBeVisible();
		await expect(page.getByTestId('board')).toHaveAttribute('data-synced', 'true');
		expect(await page.evaluate(() => [window.innerWidth, document.documentElement.scrollWidth])).toEqual([390, 390]);
		const box = (await dialog.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(390);
		await page.screenshot({ path: test.info().outputPath(`phone-join-${role}.png`) });
		await context.close();
	}
});

test('on a phone a participant in a full room while voting is open still sees the connection and the current phase, and the page is as wide as the screen', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const facilitator = await joinAs(browser, b.links.facilitator, 'Fiona (facilitator)', { width: 1280, height: 800 });
	const others = [await joinAs(browser, b.links.editor, 'Eve Editor'), await joinAs(browser, b.links.viewer, 'Victor Viewer')];
	await facilitator.page.getByTestId('phase-vote').click();

	const context = await browser.newContext({ hasTouch: true, isMobile: true, deviceScaleFactor: 2, viewport: { width: 390, height: 844 } });
	await context.addInitScript(() => localStorage.setItem('gistboard.identity', JSON.stringify({ id: 'user_tina', name: 'Tina Touch' })));
	const page = await context.newPage();
	await page.goto(b.links.editor);
	await expect(page.getByTestId('board')).toHaveAttribute('data-synced', 'true');
	// The three others are one chip beside this person's own avatar.
	await expect(page.getByTestId('more-people')).toContainText('+3');
	await expect(page.getByTestId('peer-avatar')).toHaveCount(0);
	await expect(page.getByTestId('open-side-voting')).toBeVisible();

	// Nothing sticks out of the top bar: the connection state is on the screen.
	expect(await page.evaluate(() => [window.innerWidth, document.documentElement.scrollWidth])).toEqual([390, 390]);
	const status = (await page.getByTestId('connection-status').boundingBox())!;
	expect(status.x + status.width).toBeLessThanOrEqual(390);

	// The current phase, late in the workshop, is named whole on the phase menu's button, on the screen.
	const onScreen = async (phase: string) => {
		const button = page.getByRole('button', { name: new RegExp(`^Workshop phase: ${phase}`) });
		await expect(button).toContainText(phase);
		const box = (await button.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(390);
	};
	await onScreen('Voting');
	expect(await page.getByTestId('facilitation-bar').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
	await page.screenshot({ path: test.info().outputPath('phone-full-room-voting.png') });

	// The facilitator moves on: the button names the new phase.
	await facilitator.page.getByTestId('phase-assign').click();
	await onScreen('Assigning');
	await context.close();
	for (const o of others) await o.context.close();
	await facilitator.context.close();
});
