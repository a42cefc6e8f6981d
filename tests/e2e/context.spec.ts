import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROBLEM_KINDS, PROBLEM_LABELS } from '../../src/lib/context/problems';
import { createBoard, rememberName } from './helpers';

const file = (name: string) => resolve(import.meta.dirname, '../fixtures/context', name);

async function openBoard(page: Page, link: string) {
	await page.goto(link);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	await expect(page.getByTestId('board')).toHaveAttribute('data-synced', 'true');
}

test('a facilitator corrects a reversed scale in the mapping step, and colours and insights follow it', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Maternity survey');
	const context = await browser.newContext();
	await rememberName(context);
	const page = await context.newPage();
	await openBoard(page, board.links.facilitator);

	await page.keyboard.press('i');
	const dialog = page.getByRole('dialog', { name: 'Import customer comments' });
	await dialog.getByTestId('import-file').setInputFiles(file('scale-correction.csv'));
	await expect(dialog.getByLabel('Meaning of Rating')).toHaveValue('satisfaction');
	await dialog.getByLabel('Meaning of Trust').selectOption('segment');

	// Nine comments cannot tell the direction, so the guess is "5 is best", on 1-7: correct it.
	await dialog.getByRole('button', { name: /^Scale: 1-7/ }).click();
	const editor = dialog.getByTestId('scale-editor');
	await expect(editor.getByTestId('scale-best')).toHaveText('7');
	await editor.getByTestId('scale-na-6').check();
	await editor.getByTestId('scale-max').fill('5');
	await editor.getByTestId('scale-max').press('Enter');
	await expect(editor.locator('tbody th')).toHaveText(['1', '2', '3', '4', '5', '6']);
	await editor.getByTestId('scale-reverse').click();
	await expect(editor.getByTestId('scale-best')).toHaveText('1');
	await editor.getByTestId('scale-label-1').fill('Very good');
	await editor.getByTestId('scale-label-1').press('Tab');
	await editor.getByTestId('scale-label-5').fill('Very poor');
	await editor.getByTestId('scale-label-5').press('Tab');
	await expect(editor.getByTestId('scale-best')).toHaveText('1 (Very good)');
	await expect(editor.locator('tbody th')).toHaveText(['5', '4', '3', '2', '1', '6']);
	await expect(editor.getByText(/^Not on the scale: 6 —/)).toBeVisible();
	await expect(dialog.getByTestId('import-counts')).toContainText('9 notes from 9 rows');
	expect((await new AxeBuilder({ page }).include('dialog').analyze()).violations).toEqual([]);
	await page.screenshot({ path: 'test-results/context-scale-editor.png' });

	await dialog.getByRole('button', { name: 'Import 9 notes' }).click();
	await expect(dialog.getByText('Imported 9 notes.')).toBeVisible();
	await dialog.getByRole('button', { name: 'Done' }).click();
	await expect(page.getByTestId('note')).toHaveCount(9);

	// Colours: 1 (the best) is green, 5 red, 6 grey; the legend reads worst first with the labels.
	await page.getByTestId('color-by').selectOption('satisfaction');
	const legend = page.getByTestId('legend');
	await expect(legend.locator('.v')).toHaveText(['5 · Very poor', '4', '3', '2', '1 · Very good', '6']);
	const tint = (text: string) => page.getByTestId('note').filter({ hasText: text }).evaluate((n) => getComputedStyle(n).getPropertyValue('--tint').trim());
	expect(await tint('Wonderful midwives')).toBe('rgb(22, 163, 74)');
	expect(await tint('Rude receptionist')).toBe('rgb(220, 38, 38)');
	expect(await tint('Not sure yet')).toBe('#94a3b8');
	await page.screenshot({ path: 'test-results/context-colours.png' });

	// Insights: 1-2 satisfied, 3 neutral, 4-5 dissatisfied, 6 on its own; broken down by Trust.
	await page.getByTestId('open-tasks').click();
	await page.getByRole('tab', { name: 'Insights' }).click();
	const insights = page.getByTestId('insights');
	await expect(insights.getByTestId('satisfaction-levels')).toHaveText('(9 answered: 3 dissatisfied, 1 neutral, 3 satisfied, 2 not on the scale)');
	await expect(insights.getByRole('heading', { name: 'Trust' })).toBeVisible();
	expect((await new AxeBuilder({ page }).include('[data-testid="tasks-panel"]').analyze()).violations).toEqual([]);
	await page.screenshot({ path: 'test-results/context-insights.png' });
	await context.close();
});

/** Every kind an import finds today: too-long comments are shortened now, and only records of earlier imports list them as skipped. */
const FILE_KINDS = PROBLEM_KINDS.filter((k) => k !== 'comment-too-long');

test('the problems list shows every kind with its count and rows, before and after importing', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Problem file');
	const context = await browser.newContext();
	await rememberName(context);
	const page = await context.newPage();
	await openBoard(page, board.links.facilitator);
	await page.getByTestId('open-import').click();
	const dialog = page.getByRole('dialog', { name: 'Import customer comments' });
	await dialog.getByTestId('import-file').setInputFiles(file('every-problem.csv'));
	const list = dialog.getByTestId('problem-list');
	for (const kind of FILE_KINDS) await expect(list.getByTestId(`problem-kind-${kind}`)).toContainText(PROBLEM_LABELS[kind]);
	// One day-first and one month-first date: 03/04/2022 is read month first until the facilitator chooses.
	await expect(list.getByTestId('problem-kind-date-order')).toContainText('read as 4 March 2022 (month first)');
	await dialog.getByTestId('day-order-Visit date').selectOption('dmy');
	await expect(list.getByTestId('problem-kind-date-order')).toContainText('read as 3 April 2022 (day first)');
	await expect(list.getByTestId('problem-kind-non-answer')).toContainText('comment is a non-answer (“N/A”); skipped');
	expect((await new AxeBuilder({ page }).include('dialog').analyze()).violations).toEqual([]);
	await page.screenshot({ path: 'test-results/context-problems.png', fullPage: true });

	const download = page.waitForEvent('download');
	await list.getByTestId('download-problems').click();
	const csv = readFileSync((await (await download).path())!, 'utf8');
	for (const kind of FILE_KINDS) expect(csv).toContain(PROBLEM_LABELS[kind]);

	await dialog.getByRole('button', { name: /^Import \d+ notes?$/ }).click();
	await expect(dialog.getByText(/Imported \d+ notes?/)).toBeVisible();
	for (const kind of FILE_KINDS) await expect(dialog.getByTestId(`problem-kind-${kind}`)).toBeVisible();
	await dialog.getByRole('button', { name: 'Done' }).click();

	// Kept on the imports list afterwards, each kind with its count and its rows to download.
	await page.getByTestId('open-import').click();
	const kept = dialog.getByTestId('import-problems');
	await kept.getByText(/problems$/).click();
	for (const kind of FILE_KINDS) await expect(kept).toContainText(PROBLEM_LABELS[kind]);
	const res = await page.request.get(`/api/boards/${board.id}/imports`);
	const [summary] = (await res.json()).imports;
	const rows = await page.request.get(`/api/boards/${board.id}/imports/${summary.id}/problems`);
	expect(((await rows.json()).kinds as { kind: string }[]).map((k) => k.kind)).toEqual([...FILE_KINDS]);
	await context.close();
});
