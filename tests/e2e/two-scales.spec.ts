import { expect, test } from './test';
import { resolve } from 'node:path';
import { createBoard, openAs } from './helpers';

const NPS = 'Likelihood to recommend (0-10)';
const RATING = 'Rating (1 = excellent, 5 = poor)';

test('an NPS and a 1-5 rating best at 1 are both scales: in the dialog, a note’s details and a group’s insights', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'VOC Q3');
	const page = await openAs(browser, board.links.facilitator);

	await page.keyboard.press('i');
	const dialog = page.getByRole('dialog', { name: 'Import customer comments' });
	await dialog.getByTestId('import-file').setInputFiles(resolve(import.meta.dirname, '../fixtures/context/two-scales.csv'));
	await expect(dialog.getByLabel(`Meaning of ${NPS}`)).toHaveValue('satisfaction');
	await expect(dialog.getByLabel(`Meaning of ${RATING}`)).toHaveValue('satisfaction');
	await expect(dialog.getByRole('button', { name: 'Scale: 0-10 (NPS), best 10, worst 0' })).toBeVisible();
	await expect(dialog.getByRole('button', { name: 'Scale: 1-5, best 1 (excellent), worst 5 (poor)' })).toBeVisible();
	// Each says what the notes will call it: its own column, shortened, the whole name on hover.
	await expect(dialog.getByTestId(`scale-name-${NPS}`)).toHaveText('Shown on notes as “Likelihood to recommend”');
	await expect(dialog.getByTestId(`scale-name-${RATING}`)).toHaveText('Shown on notes as “Rating”');
	await expect(dialog.getByTestId(`scale-name-${RATING}`)).toHaveAttribute('title', RATING);
	const chips = dialog.locator('.card').first().getByTestId('preview-chip');
	await expect(chips.filter({ hasText: 'Likelihood to recommend: 10' })).toHaveAttribute('title', `${NPS}: 10`);
	await expect(chips.filter({ hasText: 'Rating: 1 · excellent' })).toHaveAttribute('title', `${RATING}: 1 · excellent`);
	// No chip is cut: each fits its card.
	for (const chip of await chips.all()) expect(await chip.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
	await page.screenshot({ path: 'test-results/two-scales-dialog.png' });

	await dialog.getByRole('button', { name: 'Import 22 notes' }).click();
	await expect(dialog.getByText('Imported 22 notes.')).toBeVisible();
	await dialog.getByRole('button', { name: 'Done' }).click();
	await expect(page.getByTestId('note')).toHaveCount(22);

	// A note's chip shows the first scale's answer and names each scale's in its tooltip and the note's name.
	const happy = page.getByTestId('note').filter({ hasText: 'Staff were friendly and helpful' });
	await expect(happy.getByTestId('satisfaction-chip')).toHaveAttribute('title', `${NPS}: 10\n${RATING}: 1 · excellent`);
	await expect(happy).toHaveAccessibleName('Staff were friendly and helpful. Likelihood to recommend: 10. Rating: 1 · excellent');
	for (const chip of await page.getByTestId('satisfaction-chip').all()) expect(await chip.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
	await page.getByTestId('canvas').focus();
	await page.keyboard.press('1');
	await page.keyboard.press('0');
	await expect(page.getByTestId('zoom-level')).toHaveText('100%');
	for (const chip of await page.getByTestId('satisfaction-chip').all()) expect(await chip.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
	await page.screenshot({ path: 'test-results/two-scales-notes.png' });
	await page.keyboard.press('1');

	// A note's details: each scale under its own column's name, the rating with its words.
	await happy.click();
	const details = page.getByTestId('details');
	const field = (label: string) => details.getByTestId('details-field').filter({ has: page.locator('dt', { hasText: label }) }).locator('dd');
	await expect(field(NPS)).toHaveText('10');
	await expect(field(RATING)).toHaveText('1 · excellent');
	await expect(details.locator('dt', { hasText: /^Satisfaction$/ })).toHaveCount(0);
	await page.screenshot({ path: 'test-results/two-scales-details.png' });

	// A group of a happy, an unhappy and a middling comment.
	await page.getByTestId('note').filter({ hasText: 'Parcel arrived damaged and late' }).click({ modifiers: ['Shift'] });
	await page.getByTestId('note').filter({ hasText: 'Delivery was okay' }).click({ modifiers: ['Shift'] });
	await page.keyboard.press('g');
	await expect(page.getByTestId('group-name-input')).toBeFocused();
	await page.keyboard.type('Mixed service');
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('group-name')).toHaveText('Mixed service');

	await page.getByTestId('open-tasks').click();
	await page.getByRole('tab', { name: 'Insights' }).click();
	// The groups table counts the dissatisfied on each scale, each column named by its scale.
	const table = page.getByTestId('board-summary');
	await expect(table.getByTestId('summary-dissatisfied-header')).toHaveText(['Likelihood to recommend: detractors', 'Rating: dissatisfied']);
	await expect(table.getByTestId('summary-dissatisfied-header').last()).toHaveAttribute('title', `${RATING}: dissatisfied`);
	await expect(table.getByRole('row', { name: /Mixed service/ }).getByTestId('summary-dissatisfied')).toHaveText(['1', '1']);
	for (const cell of await table.locator('th, td').all()) expect(await cell.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
	await table.screenshot({ path: 'test-results/two-scales-groups-table.png' });
	await table.getByRole('button', { name: 'Mixed service' }).click();
	const insights = page.getByTestId('insights');
	await expect(insights.getByTestId('insight-count')).toHaveText('3');
	await expect(insights.getByTestId('scale-heading')).toHaveText([
		/^Likelihood to recommend\s*\(3 answered: NPS 0: 1 promoter, 1 passive, 1 detractor\)$/,
		/^Rating\s*\(3 answered: 1 dissatisfied, 1 neutral, 1 satisfied\)$/
	]);
	await expect(insights.getByTestId('scale-heading').nth(1).locator('[title]').first()).toHaveAttribute('title', `${RATING}: 1-5, best 1 (excellent), worst 5 (poor)`);
	await expect(insights.getByRole('list', { name: `${RATING}: distribution` }).locator('.label')).toHaveText(['5 · poor', '4', '3', '2', '1 · excellent']);
	await page.setViewportSize({ width: 1280, height: 1500 });
	await page.screenshot({ path: 'test-results/two-scales-insights.png' });
});
