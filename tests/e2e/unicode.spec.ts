import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './test';
import { addGroups, addNotes, makeGroup, makeNote, roots } from '../../src/lib/board';
import { assignGroup } from '../../src/lib/tasks/assign';
import { editBoard, joinAs } from './collab-helpers';
import { createBoard, workspaceHeaders } from './helpers';

const ARABIC = 'التوصيل كان بطيئا جدا والمنتج وصل مكسورا';
const HEBREW = 'השירות היה מצוין, תודה רבה';
const JAPANESE = '配送が遅すぎて、箱も壊れていました。';
const EMOJI = '👨‍👩‍👧 Great service 👍🏽, fast delivery 🚚';

/** A board with an emoji group (emoji and Japanese comments) and a right-to-left one (Arabic, Hebrew). */
async function board(baseURL: string) {
	const b = await createBoard(baseURL, 'Kundenstimmen 配送 ✈️');
	await editBoard(baseURL, b.id, b.links.facilitator, (doc) => {
		const groups = [makeGroup({ label: '👍 Fast delivery', x: 40, y: 40 }), makeGroup({ label: 'مشاكل التوصيل', x: 560, y: 40 })];
		addGroups(doc, groups, { kind: 'server' });
		const comments = [
			[EMOJI, JAPANESE],
			[ARABIC, HEBREW]
		];
		addNotes(
			doc,
			groups.flatMap((g, i) =>
				comments[i].map((text, k) =>
					makeNote({ text, fields: i === 1 && k === 0 ? { region: 'Lisboa', channel: 'App' } : {}, groupId: g.id, x: g.x + 14 + k * 226, y: g.y + 34, order: `a${k}`, createdBy: 'seed' })
				)
			),
			{ kind: 'server' }
		);
	});
	return b;
}

const noteWith = (page: Page, text: string) => page.getByTestId('note').filter({ hasText: text });

test('a group renamed between emoji on one tab reads exactly the same on another and in the backup', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const { page: alice } = await joinAs(browser, b.links.facilitator, 'Alice');
	const { page: bob } = await joinAs(browser, b.links.editor, 'Bob');
	const name = (page: Page) => page.getByTestId('group-name').filter({ hasText: 'Fast delivery' });

	// The reported case: 👍 to 👎 shares the first half of the surrogate pair.
	await name(alice).dblclick();
	await alice.getByTestId('group-name-input').fill('👎 Fast delivery');
	await expect(name(bob)).toHaveText('👎 Fast delivery');

	// Type between two emoji: the caret moves by whole characters.
	await alice.getByTestId('group-name-input').press('Home');
	await alice.getByTestId('group-name-input').press('ArrowRight');
	await alice.keyboard.type('🇯🇵👩🏽‍💻');
	await alice.getByTestId('group-name-input').press('Enter');
	await expect(name(alice)).toHaveText('👎🇯🇵👩🏽‍💻 Fast delivery');
	await expect(name(bob)).toHaveText('👎🇯🇵👩🏽‍💻 Fast delivery');
	await bob.screenshot({ path: test.info().outputPath('unicode-renamed.png') });

	// What the server stored, as a backup downloads it.
	const backup = await alice.request.get(`/api/boards/${b.id}/export?format=json`);
	expect(backup.ok()).toBe(true);
	const labels = ((await backup.json()).board.groups as { label: string }[]).map((g) => g.label);
	expect(labels).toContain('👎🇯🇵👩🏽‍💻 Fast delivery');
	expect(labels.join('')).not.toContain('\ufffd');
});

test('search finds a Japanese comment by a word inside it, and Arabic notes read right to left', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const { page } = await joinAs(browser, b.links.editor, 'Bob', { width: 1280, height: 800 });

	const arabic = noteWith(page, ARABIC);
	await expect(arabic).toBeVisible();
	expect(await arabic.locator('.text').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
	expect(await noteWith(page, HEBREW).locator('.text').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
	expect(await noteWith(page, JAPANESE).locator('.text').evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
	const rtlName = page.getByTestId('group-name').filter({ hasText: 'مشاكل التوصيل' });
	expect(await rtlName.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
	await page.screenshot({ path: test.info().outputPath('unicode-board.png') });

	// 壊れ ("broken") is in the middle of the sentence, which has no spaces.
	await page.getByTestId('search').fill('壊れ');
	await expect(page.getByTestId('search-count')).toContainText('1 match');
	await page.getByTestId('search').press('Enter');
	await expect(noteWith(page, JAPANESE).locator('mark')).toHaveText('壊れ');
	// Words in another order than in the comment still find it.
	await page.getByTestId('search').fill('箱配送');
	await expect(page.getByTestId('search-count')).toContainText('1 match');
	await page.screenshot({ path: test.info().outputPath('unicode-search.png') });

	// The details panel keeps the comment's direction beside left-to-right customer data.
	await page.getByTestId('search').fill('');
	await arabic.click();
	await expect(page.getByTestId('details-text')).toHaveText(ARABIC);
	expect(await page.getByTestId('details-text').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');

	// The outline too.
	await page.getByTestId('view-outline').click();
	await page.getByRole('button', { name: 'Show notes of مشاكل التوصيل' }).click();
	const row = page.getByTestId('outline-note').filter({ hasText: ARABIC });
	expect(await row.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
	await page.screenshot({ path: test.info().outputPath('unicode-outline.png') });
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('a published Arabic group reads right to left on the department dashboard and its evidence page', async ({ browser, baseURL }) => {
	const base = baseURL!;
	const b = await board(base);
	const facilitator = new URL(b.links.facilitator).searchParams.get('token')!;
	const headers = { authorization: `Bearer ${facilitator}`, 'content-type': 'application/json' };
	const dept = await (await fetch(`${base}/api/departments`, { method: 'POST', headers: workspaceHeaders(), body: JSON.stringify({ name: `خدمة العملاء ${Math.random().toString(36).slice(2, 6)}` }) })).json();
	await editBoard(base, b.id, b.links.facilitator, (doc) => {
		roots(doc).groups.forEach((_, id) => assignGroup(doc, id, { department: dept.id }, { kind: 'server' }));
	});
	const published = await fetch(`${base}/api/boards/${b.id}/publish`, { method: 'POST', headers });
	expect(published.ok).toBe(true);
	const link = (await (await fetch(`${base}/api/departments/${dept.id}/links`, { method: 'POST', headers: workspaceHeaders(), body: '{}' })).json()).url;

	const page = await (await browser.newContext()).newPage();
	await page.goto(link);
	const row = page.getByTestId('dashboard-task').filter({ hasText: 'مشاكل التوصيل' });
	await expect(row).toBeVisible();
	expect(await row.locator('th').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
	await page.screenshot({ path: test.info().outputPath('unicode-dashboard.png'), fullPage: true });

	await row.getByRole('link').click();
	await expect(page.getByTestId('task-title')).toHaveText('مشاكل التوصيل');
	expect(await page.getByTestId('task-title').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
	const evidence = page.getByTestId('evidence-item').filter({ hasText: ARABIC }).locator('p');
	expect(await evidence.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
	await page.screenshot({ path: test.info().outputPath('unicode-evidence.png'), fullPage: true });
	// The evidence search folds Arabic vowel marks like the board's: التوصيلُ finds التوصيل.
	await page.getByLabel('Search').fill('التوصيلُ');
	await expect(page.getByTestId('evidence-item')).toHaveCount(1);
	await expect(page.getByTestId('evidence-item')).toContainText(ARABIC);
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});
