import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Locator, type Page } from './test';
import { clinicBoard, joinAs } from './collab-helpers';

/*
 * A workshop on a phone (390 x 844, touch, as Chromium emulates one): the top bars fit the screen
 * without scrolling sideways, the board's title is reachable whole, and voting leaves the board in
 * sight.
 */

const PHONE = { width: 390, height: 844 };
const TITLE = 'Patient feedback from the spring survey of the north clinics';

/** The clinic board (`clinicBoard`) titled TITLE. */
const board = (baseURL: string) => clinicBoard(baseURL, TITLE);

/** A phone that has joined `link` before (it knows `name`), on the board. */
async function phone(browser: Browser, link: string, name: string): Promise<Page> {
	const context = await browser.newContext({ hasTouch: true, isMobile: true, deviceScaleFactor: 2, viewport: PHONE });
	await context.addInitScript((name) => localStorage.setItem('gistboard.identity', JSON.stringify({ id: `user_${name.toLowerCase()}`, name })), name);
	const page = await context.newPage();
	await page.goto(link);
	await expect(page.getByTestId('board')).toHaveAttribute('data-synced', 'true');
	return page;
}

/** The page is as wide as the screen and `row` scrolls nothing sideways: every visible child lies on the screen. */
async function expectFits(page: Page, row: Locator) {
	expect(await page.evaluate(() => [window.innerWidth, document.documentElement.scrollWidth])).toEqual([PHONE.width, PHONE.width]);
	expect(await row.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
	const boxes = await row.evaluate((el) =>
		[...el.querySelectorAll('*')]
			.filter((c) => c.checkVisibility({ visibilityProperty: true }))
			.map((c) => c.getBoundingClientRect())
			.filter((r) => r.width > 0 && r.height > 0)
			.map((r) => [r.left, r.right])
	);
	for (const [left, right] of boxes) {
		expect(left).toBeGreaterThanOrEqual(0);
		expect(right).toBeLessThanOrEqual(PHONE.width);
	}
}

/** Each of `items` is whole on the screen. */
async function expectOnScreen(items: Locator) {
	for (const item of await items.all()) {
		const box = (await item.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.y).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
		expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
	}
}

test('on a phone the workshop phases and the facilitator controls are menus in one row that fits the screen, by touch and keyboard', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const page = await phone(browser, b.links.facilitator, 'Fiona');
	const bar = page.getByTestId('facilitation-bar');
	await expectFits(page, bar);
	await page.screenshot({ path: test.info().outputPath('phone-facilitator.png') });

	// The phase menu's button names the current phase; a tap opens the phases, a tap on one sets it and shuts the menu.
	const phases = page.getByRole('button', { name: 'Workshop phase: Import, step 1 of 7' });
	await expect(phases).toBeVisible();
	await expect(phases).toHaveAttribute('aria-expanded', 'false');
	await phases.tap();
	const list = page.getByRole('group', { name: 'Workshop phases' });
	await expect(list.getByRole('button')).toHaveCount(7);
	await expectOnScreen(list.getByRole('button'));
	await expect(list.getByRole('button', { name: 'Import' })).toHaveAttribute('aria-current', 'step');
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
	await page.screenshot({ path: test.info().outputPath('phone-phase-menu.png') });
	await list.getByRole('button', { name: 'Grouping' }).tap();
	await expect(list).toBeHidden();
	const current = page.getByRole('button', { name: 'Workshop phase: Grouping, step 3 of 7' });
	await expect(current).toBeFocused();
	await expect(current).toHaveAttribute('aria-expanded', 'false');

	// A tap outside shuts it.
	await current.tap();
	await expect(list).toBeVisible();
	await page.getByRole('heading', { level: 1 }).tap();
	await expect(list).toBeHidden();

	// Keyboard: Enter opens, Tab reaches the phases, Enter picks one, Escape shuts and gives focus back.
	await current.focus();
	await page.keyboard.press('Enter');
	await expect(list).toBeVisible();
	await page.keyboard.press('Tab');
	await expect(list.getByRole('button', { name: 'Import' })).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(list).toBeHidden();
	await expect(current).toBeFocused();
	await page.keyboard.press('Enter');
	for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
	await expect(list.getByRole('button', { name: 'Voting' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('button', { name: 'Workshop phase: Voting, step 5 of 7' })).toBeFocused();

	// The facilitator's controls: one button, its menu on the screen, each control working from it.
	const more = page.getByRole('button', { name: 'More: Facilitator controls' });
	await more.tap();
	const controls = page.getByRole('group', { name: 'Facilitator controls' });
	await expect(controls.getByTestId('lock-toggle')).toBeVisible();
	await expectOnScreen(controls.locator('button, select'));
	await page.screenshot({ path: test.info().outputPath('phone-facilitator-controls.png') });
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
	await controls.getByTestId('lock-toggle').tap();
	await expect(page.getByTestId('locked-chip')).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(controls.getByTestId('lock-toggle')).toBeHidden();
	await expect(more).toBeFocused();
	// With the lock's chip and a running timer, the row still fits.
	await more.tap();
	await controls.getByTestId('timer-start').tap();
	await expect(page.getByTestId('timer')).toBeVisible();
	await page.getByRole('heading', { level: 1 }).tap();
	await expect(controls.getByTestId('lock-toggle')).toBeHidden();
	await expectFits(page, bar);
	await page.screenshot({ path: test.info().outputPath('phone-facilitator-locked.png') });

	// A participant's phase menu lists the phases with the current one marked, and follows it.
	const participant = await phone(browser, b.links.editor, 'Pat');
	await expectFits(participant, participant.getByTestId('facilitation-bar'));
	const theirs = participant.getByRole('button', { name: 'Workshop phase: Voting, step 5 of 7' });
	await theirs.tap();
	const steps = participant.getByRole('group', { name: 'Workshop phases' }).getByRole('listitem');
	await expect(steps).toHaveCount(7);
	await expectOnScreen(steps);
	await expect(steps.nth(4).locator('[aria-current="step"]')).toHaveText('Voting');
	await participant.getByRole('button', { name: /^Workshop phase/ }).tap();
	await page.getByRole('button', { name: /^Workshop phase/ }).tap();
	await page.getByRole('group', { name: 'Workshop phases' }).getByRole('button', { name: 'Assigning' }).tap();
	await expect(participant.getByRole('button', { name: 'Workshop phase: Assigning, step 6 of 7' })).toBeVisible();
	expect((await new AxeBuilder({ page: participant }).analyze()).violations).toEqual([]);
});

test('on a phone the board title ends in an ellipsis where the top bar cuts it, and the Board tools menu shows it whole', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	// Voting is open and others are here: the top bar's Details button carries its vote mark, and the people their chip.
	const facilitator = await joinAs(browser, b.links.facilitator, 'Fiona');
	await facilitator.page.getByTestId('phase-vote').click();
	await joinAs(browser, b.links.editor, 'Eve');
	for (const [link, name] of [[b.links.editor, 'Pat'], [b.links.facilitator, 'Fred']]) {
		const page = await phone(browser, link, name);
		await expect(page.getByTestId('open-side-voting')).toBeVisible();
		const title = page.getByRole('heading', { level: 1 });
		await expect(title).toHaveText(TITLE);
		await expect(title).toHaveAttribute('title', TITLE);
		// Cut at its end with an ellipsis, on the screen, with room for the title's first words, and no glyph cut at the top or bottom.
		const shown = await title.evaluate((el) => {
			const style = getComputedStyle(el);
			const r = el.getBoundingClientRect();
			return { ellipsis: style.textOverflow, nowrap: style.whiteSpace, cut: el.scrollWidth > el.clientWidth, tall: el.scrollHeight <= el.clientHeight, left: r.left, right: r.right, width: r.width };
		});
		expect(shown).toMatchObject({ ellipsis: 'ellipsis', nowrap: 'nowrap', cut: true, tall: true });
		expect(shown.left).toBeGreaterThanOrEqual(0);
		expect(shown.right).toBeLessThanOrEqual(PHONE.width);
		expect(shown.width, `the title has ${shown.width} px`).toBeGreaterThanOrEqual(90);
		expect(await page.evaluate(() => [window.innerWidth, document.documentElement.scrollWidth])).toEqual([PHONE.width, PHONE.width]);

		// The Board tools menu starts with the whole title, on lines of the menu's width, and the note count.
		const more = page.getByRole('button', { name: 'More: Board tools' });
		await more.tap();
		const whole = page.getByTestId('full-title');
		await expect(whole).toBeVisible();
		await expect(whole).toHaveText(TITLE);
		expect(await whole.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
		await expectOnScreen(page.getByRole('group', { name: 'Board tools' }));
		await expect(page.getByTestId('board-about')).toContainText('9 notes');
		expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
		await page.screenshot({ path: test.info().outputPath(`phone-title-${name}.png`) });
		await page.keyboard.press('Escape');
		await expect(whole).toBeHidden();
		await expect(more).toBeFocused();
	}
});

test('while voting on a phone the sheet opens small with the votes first, so the groups voted on stay in sight above it, and its size button shows more of either', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const facilitator = await joinAs(browser, b.links.facilitator, 'Fiona');
	await facilitator.page.getByTestId('phase-vote').click();
	const page = await phone(browser, b.links.editor, 'Pat');
	await page.getByTestId('open-side').tap();
	const sheet = page.getByRole('complementary', { name: 'Side panels' });
	await expect(sheet).toBeVisible();
	const votes = sheet.getByTestId('voting-panel');
	await expect(votes.getByTestId('vote-row')).toHaveCount(3);

	// The votes come first; the sheet leaves the board most of the page.
	const first = await sheet.evaluate((el) => el.querySelector('section')?.getAttribute('data-testid'));
	expect(first).toBe('voting-panel');
	const size = page.getByRole('button', { name: 'Show more of the board' });
	await expect(size).toHaveAttribute('aria-pressed', 'true');
	const stage = (await page.getByTestId('board').boundingBox())!;
	const small = (await sheet.boundingBox())!;
	expect(stage.height, `the board is ${stage.height} px high above a sheet of ${small.height} px`).toBeGreaterThanOrEqual(small.height * 1.8);

	// How many votes are left and two whole rows of votes, one line each, show without scrolling the sheet.
	const inSheet = async (item: Locator) => {
		const box = (await item.boundingBox())!;
		const sheetBox = (await sheet.boundingBox())!;
		expect(box.y).toBeGreaterThanOrEqual(sheetBox.y);
		expect(box.y + box.height).toBeLessThanOrEqual(sheetBox.y + sheetBox.height);
	};
	await inSheet(votes.getByTestId('votes-left'));
	const row = votes.getByTestId('vote-row').first();
	await inSheet(row.getByTestId('vote-plus'));
	await inSheet(votes.getByTestId('vote-row').nth(1).getByTestId('vote-plus'));
	// The groups voted on are drawn on the board above the sheet, none under it or under the zoom bar.
	await page.getByTestId('zoom-fit').tap();
	const labels = page.getByTestId('group-label');
	await expect(labels).toHaveCount(3);
	for (const label of await labels.all()) {
		const hit = await label.evaluate((el) => {
			const r = el.getBoundingClientRect();
			const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
			return !!top && (el === top || el.contains(top));
		});
		expect(hit).toBe(true);
	}
	await row.getByTestId('vote-plus').tap();
	await expect(votes.getByTestId('votes-left')).toContainText('4 of 5');
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
	await page.screenshot({ path: test.info().outputPath('phone-voting-small.png') });

	// The size button makes the sheet half the page, and small again; by touch and keyboard.
	await size.tap();
	await expect(size).toHaveAttribute('aria-pressed', 'false');
	await expect.poll(async () => (await sheet.boundingBox())!.height).toBeGreaterThan(small.height + 60);
	await page.screenshot({ path: test.info().outputPath('phone-voting-half.png') });
	await size.focus();
	await page.keyboard.press('Enter');
	await expect(size).toHaveAttribute('aria-pressed', 'true');
	await expect.poll(async () => (await sheet.boundingBox())!.height).toBe(small.height);

	// Voting over, the sheet shows Details first again.
	await facilitator.page.getByTestId('phase-assign').click();
	await expect.poll(() => sheet.evaluate((el) => el.querySelector('section')?.getAttribute('data-testid'))).toBe('details');
});
