import { expect, test } from './test';
import { addGroups, addNotes, makeGroup, makeNote } from '../../src/lib/board';
import { editBoard, joinAs } from './collab-helpers';
import { createBoard } from './helpers';

const LONG_LABEL = 'How likely are you to recommend our delivery service to a friend or colleague';
const LONG_GROUP = 'Couriers who leave parcels at the wrong address and never answer the phone';

/** Two groups (one with a long name) and notes carrying region, channel and a long-labelled answer. */
async function board(baseURL: string) {
	const b = await createBoard(baseURL, 'Panels');
	await editBoard(baseURL, b.id, b.links.facilitator, (doc) => {
		const groups = [makeGroup({ label: LONG_GROUP, x: 40, y: 40, order: 'a0' }), makeGroup({ label: 'Praise', x: 700, y: 40, order: 'a1' })];
		addGroups(doc, groups, { kind: 'server' });
		const rows = [
			['North', 'App'],
			['North', 'Phone'],
			['South', 'App'],
			['South', 'App'],
			['East', 'Phone']
		];
		addNotes(
			doc,
			rows.map(([region, channel], i) =>
				makeNote({ text: `Comment ${i + 1} from the ${region} by ${channel}`, fields: { region, channel, [LONG_LABEL]: String(6 + i) }, groupId: groups[i % 2].id, order: `a${i}`, createdBy: 'seed' })
			),
			{ kind: 'server' }
		);
	});
	return b;
}

test('the details panel keeps a long field label readable and its value on whole lines', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const { page } = await joinAs(browser, b.links.editor, 'Dana');
	await page.getByTestId('note').filter({ hasText: 'Comment 1 from' }).click();
	const field = page.getByTestId('details-field').filter({ hasText: LONG_LABEL });
	await expect(field).toBeVisible();
	const value = field.locator('dd');
	await expect(value).toHaveText('6');
	// One line each: the value is never squeezed into a column one letter wide.
	const box = (await value.boundingBox())!;
	expect(box.width).toBeGreaterThan(60);
	expect(box.height).toBeLessThan(30);
	const label = (await field.locator('dt').boundingBox())!;
	expect(label.width).toBeGreaterThan(150);
	await page.getByTestId('details').screenshot({ path: test.info().outputPath('details-long-label.png') });
	await expect(page.getByTestId('details')).toContainText('In group');
});

test('filters count matches, count each value under the other filters, and close with Escape', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const { page } = await joinAs(browser, b.links.editor, 'Dana');
	await page.getByTestId('filter-button').click();
	const panel = page.locator('#filter-panel');
	await expect(page.getByTestId('filter-matches')).toHaveText('5 notes, no filter');
	const count = (column: string, value: string) => panel.locator('fieldset').filter({ has: page.locator('legend', { hasText: column }) }).locator('label.opt').filter({ hasText: value }).getByTestId('facet-count');
	await expect(count('channel', 'App')).toHaveText('3');
	await expect(count('region', 'North')).toHaveText('2');

	await panel.locator('fieldset').filter({ has: page.locator('legend', { hasText: 'channel' }) }).getByLabel('App').check();
	await expect(page.getByTestId('filter-matches')).toHaveText('3 of 5 notes match');
	await expect(page.getByTestId('filter-count')).toHaveAttribute('title', '3 of 5 notes match');
	await expect(page.getByTestId('filter-button')).toHaveAccessibleName(/^Filter.*3 of 5 match$/);
	// Region counts now count App notes only; channel counts still show every channel.
	await expect(count('region', 'North')).toHaveText('1');
	await expect(count('region', 'East')).toHaveText('0');
	await expect(count('channel', 'Phone')).toHaveText('2');
	await page.screenshot({ path: test.info().outputPath('filter-counts.png') });

	await page.keyboard.press('Escape');
	await expect(panel).toBeHidden();
	await expect(page.getByTestId('filter-button')).toBeFocused();
});

test('vote results show whole group names and a spotlight says who put it where', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const { page: fac } = await joinAs(browser, b.links.facilitator, 'Alice');
	const { page: ed } = await joinAs(browser, b.links.editor, 'Bob');
	await fac.getByTestId('phase-vote').click();
	const row = ed.getByTestId('vote-row').filter({ hasText: 'Couriers' });
	await expect(row).toBeVisible();
	await row.getByTestId('vote-plus').click();
	await fac.getByTestId('reveal-toggle').click();
	const name = fac.getByTestId('vote-row').filter({ hasText: 'Couriers' }).locator('.name');
	await expect(name).toHaveAttribute('title', LONG_GROUP);
	// Every word of the name is on screen (five lines at most), not the first six letters.
	const shown = await name.evaluate((el) => ({ width: el.getBoundingClientRect().width, clipped: el.scrollHeight > el.clientHeight + 1, sh: el.scrollHeight, ch: el.clientHeight }));
	expect(shown.width).toBeGreaterThan(150);
	await fac.getByTestId('voting-panel').screenshot({ path: test.info().outputPath('vote-results.png') });
	expect(shown.clipped, JSON.stringify(shown)).toBe(false);
	await fac.getByTestId('voting-panel').screenshot({ path: test.info().outputPath('vote-results.png') });

	await fac.getByTestId('spotlight-select').selectOption({ label: 'Spotlight: Praise' });
	await expect(ed.getByRole('status').filter({ hasText: 'Alice put the spotlight on “Praise”' })).toBeVisible();
	await ed.screenshot({ path: test.info().outputPath('spotlight-notice.png') });
});

test('offline, the vote buttons wait and say why; back online they vote again', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const { page: fac } = await joinAs(browser, b.links.facilitator, 'Alice');
	const { page: ed, context } = await joinAs(browser, b.links.editor, 'Bob');
	await fac.getByTestId('phase-vote').click();
	const row = ed.getByTestId('vote-row').filter({ hasText: 'Praise' });
	await row.getByTestId('vote-plus').click();
	await expect(ed.getByTestId('votes-left')).toContainText('4 of 5');

	await context.setOffline(true);
	await expect(ed.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	const plus = row.getByTestId('vote-plus');
	const minus = row.getByRole('button', { name: /^Take a vote back from Praise/ });
	for (const button of [plus, minus]) {
		await expect(button).toBeDisabled();
		await expect(button).toHaveAttribute('title', /You are offline/);
		await expect(button).toHaveAccessibleDescription(/You are offline: voting needs the connection/);
	}
	await expect(ed.getByTestId('votes-waiting')).toBeVisible();
	await ed.getByTestId('voting-panel').screenshot({ path: test.info().outputPath('votes-offline.png') });

	await context.setOffline(false);
	await expect(ed.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
	await expect(ed.getByTestId('votes-waiting')).toHaveCount(0);
	await expect(plus).toBeEnabled();
	await plus.click();
	await expect(ed.getByTestId('votes-left')).toContainText('3 of 5');
});

test('the tasks and clustering panels take focus, close with Escape or their button, and give focus back', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const { page } = await joinAs(browser, b.links.facilitator, 'Alice');
	const openTasks = page.getByTestId('open-tasks');
	await openTasks.click();
	const tasks = page.getByRole('complementary', { name: 'Accountability' });
	await expect(tasks).toBeVisible();
	await expect(openTasks).toHaveAttribute('aria-expanded', 'true');
	// Focus is on its selected tab at once, so arrows and Escape work without a click inside first.
	await expect(tasks.getByRole('tab', { name: 'Assign' })).toBeFocused();
	// Every group fits the panel: a long name ends in an ellipsis (whole in its tooltip), its insights button stays in view.
	const long = tasks.getByTestId('assign-group').filter({ hasText: 'Couriers' });
	await expect(long.locator('.group-title')).toHaveAttribute('title', LONG_GROUP);
	const panelRight = (await tasks.boundingBox())!.x + (await tasks.boundingBox())!.width;
	const button = (await long.getByRole('button', { name: `Insights for ${LONG_GROUP}` }).boundingBox())!;
	expect(button.x + button.width).toBeLessThanOrEqual(panelRight);
	await page.keyboard.press('End');
	await expect(tasks.getByRole('tab', { name: 'Publish & export' })).toBeFocused();
	await expect(tasks.getByRole('tabpanel', { name: 'Publish & export' })).toBeVisible();
	await page.screenshot({ path: test.info().outputPath('tasks-open.png') });
	await page.keyboard.press('Escape');
	await expect(tasks).toHaveCount(0);
	await expect(openTasks).toBeFocused();
	await expect(openTasks).toHaveAttribute('aria-expanded', 'false');

	const openSuggest = page.getByTestId('open-suggest');
	await openSuggest.click();
	const suggest = page.getByRole('complementary', { name: 'Clustering assistant' });
	await expect(suggest.getByRole('tab', { selected: true })).toBeFocused();
	await page.screenshot({ path: test.info().outputPath('suggest-open.png') });
	await suggest.getByRole('button', { name: 'Close the clustering assistant' }).click();
	await expect(suggest).toHaveCount(0);
	await expect(openSuggest).toBeFocused();

	// The shortcut opens it too; focus goes back to the note the person was on.
	const note = page.getByTestId('note').filter({ hasText: 'Comment 1 from' });
	await note.focus();
	await page.keyboard.press('Alt+t');
	await expect(tasks).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(tasks).toHaveCount(0);
	await expect(note).toBeFocused();

	// The shortcut list names the panels' keys.
	await page.keyboard.press('?');
	const keys = page.getByTestId('shortcuts');
	await expect(keys.locator('section').filter({ hasText: 'Panels' })).toContainText('Alt+T');
	await expect(keys.locator('section').filter({ hasText: 'Panels' })).toContainText('Alt+G');
	await keys.locator('section').filter({ hasText: 'Panels' }).screenshot({ path: test.info().outputPath('shortcuts-panels.png') });
	await page.keyboard.press('Escape');
	await expect(keys).toBeHidden();
});
