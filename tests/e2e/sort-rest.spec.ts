import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './test';
import { createBoard, openAs } from './helpers';

/** Five themes; in each, two comments share a word people would search for to start the group. */
const THEMES: { group: string; search: string; comments: string[] }[] = [
	{
		group: 'Lost bags',
		search: 'suitcase',
		comments: [
			'My suitcase was lost on the way to Denver',
			'Lost suitcase, nobody knows where it is',
			'Lost luggage again, nobody knows where my bag is',
			'The baggage claim lost my bag',
			'Bag never arrived, lost luggage desk was closed',
			'Still waiting for my lost bag after three days',
			'They lost my bag and the luggage desk did not help',
			'Lost bag on a direct flight, how?'
		]
	},
	{
		group: 'Delays',
		search: 'tarmac',
		comments: [
			'Two hour delay on the tarmac',
			'Stuck on the tarmac, flight delayed again',
			'Flight delayed four hours with no explanation',
			'Delayed again, missed my connection',
			'Our flight was delayed twice tonight',
			'Delayed flight and nobody at the gate to explain the delay',
			'The flight is delayed and the connection is gone',
			'Another delay, the flight left three hours late'
		]
	},
	{
		group: 'Refunds',
		search: 'money back',
		comments: [
			'I want my money back for the cancelled ticket',
			'Money back promised, refund never came',
			'Still no refund for my cancelled ticket',
			'Asked for a refund three times, no answer',
			'Refund still pending after six weeks',
			'They charged me twice and refuse a refund',
			'Where is my refund? Ticket was cancelled',
			'Refund request for the ticket ignored again'
		]
	},
	{
		group: 'Food on board',
		search: 'sandwich',
		comments: [
			'The sandwich on board was stale and the food cold',
			'Stale sandwich, cold food and cold coffee',
			'Food on board was cold and tasteless',
			'Cold food on board, no vegetarian meal',
			'The meal on board was inedible, cold food',
			'Food ran out on board before our row',
			'Cold food and warm drinks on a long flight',
			'Terrible meal, tasteless cold food'
		]
	},
	{
		group: 'Internet',
		search: 'wifi',
		comments: [
			'Wifi never worked, no internet on the plane',
			'Paid for wifi and the internet kept dropping',
			'No internet connection during the whole flight',
			'Internet on board is painfully slow',
			'Could not connect to the onboard internet',
			'Internet was down the whole flight',
			'Slow internet, could not work at all',
			'Onboard internet kept disconnecting'
		]
	}
];
const ALL = THEMES.flatMap((t) => t.comments);
/** Added to a board link: the canvas draws every note and group at every zoom (`?render=all`), wherever the camera is. */
const ALL_DRAWN = '&render=all';

/**
 * "Group Delays, 5 notes" -> 5, for every group on a participant's board. The canvas draws only
 * what is near the screen, and accepted suggestions grow groups until others lie beyond it, so the
 * participants' pages are opened with every group drawn (`ALL_DRAWN`).
 */
async function groupCounts(page: Page): Promise<Record<string, number>> {
	const labels = await page.getByTestId('group').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
	const out: Record<string, number> = {};
	for (const label of labels) {
		const m = /^Group (.+), (\d+) notes?$/.exec(label);
		if (m) out[m[1]] = Number(m[2]);
	}
	return out;
}

test('sort the rest into five hand-made groups, accept two, undo one: every participant sees the same counts', async ({ browser, baseURL }, testInfo) => {
	const board = await createBoard(baseURL!, 'Sorting');
	const alice = await openAs(browser, board.links.facilitator + ALL_DRAWN);
	const bob = await openAs(browser, board.links.editor + ALL_DRAWN);

	await alice.getByLabel('New note text').fill(ALL.join('\n'));
	await alice.getByRole('button', { name: `Add ${ALL.length} notes` }).click();
	await expect(bob.getByTestId('note-count')).toHaveText(String(ALL.length));

	// Five groups by hand, each from a search: select the matches and move them into a new group.
	for (const theme of THEMES) {
		await alice.getByTestId('search').fill(theme.search);
		await expect(alice.getByTestId('search-count')).toContainText('2 match');
		await alice.getByTestId('select-matches').click();
		await alice.getByTestId('canvas').focus();
		await alice.keyboard.press('m');
		await alice.getByTestId('move-input').fill(theme.group);
		await alice.keyboard.press('Enter');
		await expect(alice.getByTestId('group-name').filter({ hasText: theme.group })).toBeVisible();
	}
	await alice.getByTestId('search').fill('');
	const start = Object.fromEntries(THEMES.map((t) => [t.group, 2]));
	await expect.poll(() => groupCounts(bob)).toEqual(start);

	// The panel opens on "Sort the rest" once there are groups; sorting runs in the browser.
	await alice.getByTestId('open-suggest').click();
	const panel = alice.getByTestId('suggest-panel');
	await expect(panel.getByRole('tab', { name: 'Sort the rest' })).toHaveAttribute('aria-selected', 'true');
	await expect(panel.getByText(`${ALL.length - 10} unsorted notes, 5 groups.`)).toBeVisible();
	await panel.getByTestId('sort-rest').click();
	await expect(panel.getByTestId('sorted-group').first()).toBeVisible();
	await expect(panel.getByTestId('sort-summary')).toContainText(/\d+ suggested into \d groups · \d+ unsure/);
	await alice.screenshot({ path: testInfo.outputPath('sort-review.png') });
	expect((await new AxeBuilder({ page: alice }).include('[data-testid="suggest-panel"]').analyze()).violations).toEqual([]);

	// Suggestions go to the right groups: each suggested note belongs to its group's theme.
	const themeOf = new Map(THEMES.flatMap((t) => t.comments.map((c) => [c, t.group])));
	const reviewed = await panel.getByTestId('sorted-group').evaluateAll((groups) =>
		groups.map((g) => ({
			name: g.querySelector('[data-testid="sorted-group-name"]')!.textContent!.trim(),
			notes: [...g.querySelectorAll('[data-testid="sorted-note"] .text')].map((n) => n.textContent!.trim())
		}))
	);
	let right = 0;
	let total = 0;
	for (const g of reviewed) for (const text of g.notes) (total++, themeOf.get(text) === g.name && right++);
	expect(total).toBeGreaterThan(10);
	expect(right / total).toBeGreaterThanOrEqual(0.8);

	// Accept two groups' suggestions, one step each.
	const first = reviewed[0];
	const second = reviewed[1];
	const countOf = (name: string) => panel.getByTestId('sorted-group').filter({ has: alice.getByTestId('sorted-group-name').getByText(name, { exact: true }) });
	const firstCount = Number(await countOf(first.name).getByTestId('sorted-group-count').textContent());
	const secondCount = Number(await countOf(second.name).getByTestId('sorted-group-count').textContent());
	await countOf(first.name).getByTestId('accept-sorted-group').click();
	await expect(panel.getByTestId('cluster-message')).toContainText(`Moved ${firstCount} ${firstCount === 1 ? 'note' : 'notes'} into “${first.name}”`);
	await countOf(second.name).getByTestId('accept-sorted-group').press('Enter');
	await expect(panel.getByTestId('cluster-message')).toContainText(`Moved ${secondCount} ${secondCount === 1 ? 'note' : 'notes'} into “${second.name}”`);
	const accepted = { ...start, [first.name]: 2 + firstCount, [second.name]: 2 + secondCount };
	await expect.poll(() => groupCounts(alice)).toEqual(accepted);
	await expect.poll(() => groupCounts(bob)).toEqual(accepted);
	await expect(bob.getByTestId('note-count')).toHaveText(String(ALL.length));

	// Undo takes back the second group's notes only, for everyone; they are back in the review list.
	await panel.getByTestId('cluster-undo').click();
	await expect(panel.getByTestId('cluster-message')).toContainText('unsorted again');
	const afterUndo = { ...start, [first.name]: 2 + firstCount };
	await expect.poll(() => groupCounts(alice)).toEqual(afterUndo);
	await expect.poll(() => groupCounts(bob)).toEqual(afterUndo);
	await expect(countOf(second.name).getByTestId('sorted-group-count')).toHaveText(String(secondCount));
	await expect(countOf(first.name)).toHaveCount(0);
	await alice.screenshot({ path: testInfo.outputPath('sort-after-undo.png') });

	// Bob's panel counts the same unsorted notes.
	await bob.getByTestId('open-suggest').click();
	await expect(bob.getByTestId('suggest-panel').getByText(`${ALL.length - 10 - firstCount} unsorted notes, 5 groups.`)).toBeVisible();
	await bob.screenshot({ path: testInfo.outputPath('sort-second-participant.png') });
});

test('before sorting the rest, a group of a single note is named: one example sorts badly', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Few examples');
	const alice = await openAs(browser, board.links.facilitator);
	await alice.getByLabel('New note text').fill(ALL.join('\n'));
	await alice.getByRole('button', { name: `Add ${ALL.length} notes` }).click();
	// One group of two notes, one of a single note.
	for (const [search, group, count] of [['suitcase', 'Lost bags', '2 match'], ['direct', 'Direct flights', '1 match']] as const) {
		await alice.getByTestId('search').fill(search);
		await expect(alice.getByTestId('search-count')).toContainText(count);
		await alice.getByTestId('select-matches').click();
		await alice.getByTestId('canvas').focus();
		await alice.keyboard.press('m');
		await alice.getByTestId('move-input').fill(group);
		await alice.keyboard.press('Enter');
		await expect(alice.getByTestId('group-name').filter({ hasText: group })).toBeVisible();
	}
	await alice.getByTestId('search').fill('');
	await alice.getByTestId('open-suggest').click();
	const panel = alice.getByTestId('suggest-panel');
	await expect(panel.getByTestId('few-examples')).toHaveText(
		'“Direct flights” has a single note: suggestions learnt from one example are rough, and most notes may be suggested for another group. Put a few more notes in it by hand first.'
	);
	// The warning's icon keeps its size beside the long sentence.
	expect((await panel.getByTestId('few-examples').locator('svg').boundingBox())?.width).toBeCloseTo(15, 0);
	expect((await new AxeBuilder({ page: alice }).include('[data-testid="suggest-panel"]').analyze()).violations).toEqual([]);
});

test('a group suggested more notes than the review lists shows the rest on request, and Accept says it moves them all', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Long review');
	const alice = await openAs(browser, board.links.facilitator + ALL_DRAWN);
	// Five examples of lost bags, two of the internet; then 264 more about bags (each of eight
	// wordings 33 times) among 312 about other things, so that no word is in half the notes.
	const bags = THEMES[0].comments.slice(0, 5).map((c) => `${c}, at Heathrow`);
	const wifi = THEMES[4].comments.slice(0, 4);
	const more = Array.from({ length: 33 }, (_, i) => THEMES[0].comments.map((c) => `${c} (${i + 1})`)).flat();
	const other = Array.from({ length: 13 }, (_, i) => THEMES.slice(1, 4).flatMap((t) => t.comments.map((c) => `${c} (${i + 1})`))).flat();
	const all = [...bags, ...wifi, ...more, ...other];
	await alice.getByLabel('New note text').fill(all.join('\n'));
	await alice.getByRole('button', { name: `Add ${all.length} notes` }).click();
	for (const [search, group, count] of [['Heathrow', 'Lost bags', 5], ['wifi', 'Internet', 2]] as const) {
		await alice.getByTestId('search').fill(search);
		await alice.getByTestId('select-matches').click();
		await alice.getByTestId('canvas').focus();
		await alice.keyboard.press('m');
		await alice.getByTestId('move-input').fill(group);
		await alice.keyboard.press('Enter');
		// At the fitted zoom the frame's label is short: the new group is read from Details.
		await expect(alice.getByTestId('details')).toContainText(group);
		await expect(alice.getByTestId('details-count')).toHaveText(`${count} notes`);
	}
	await alice.getByTestId('search').fill('');
	await alice.getByTestId('open-suggest').click();
	const panel = alice.getByTestId('suggest-panel');
	await panel.getByTestId('sort-rest').click();
	const bagsGroup = panel.getByTestId('sorted-group').filter({ has: alice.getByTestId('sorted-group-name').filter({ hasText: 'Lost bags' }) });
	const suggested = Number(await bagsGroup.getByTestId('sorted-group-count').textContent());
	expect(suggested).toBeGreaterThan(200);
	await bagsGroup.locator('summary').click();
	const rows = bagsGroup.getByTestId('sorted-note');
	await expect(rows).toHaveCount(200);
	await expect(bagsGroup.getByTestId('sorted-group-rest')).toContainText(`${suggested - 200} more, less sure, not listed yet; Accept moves them all.`);
	// Each "Show more" lists 200 more, until every suggested note is listed.
	for (let listed = 200; listed < suggested; listed += 200) {
		await expect(bagsGroup.getByTestId('sorted-group-more')).toHaveText(`Show ${Math.min(200, suggested - listed)} more`);
		await bagsGroup.getByTestId('sorted-group-more').click();
		await expect(rows).toHaveCount(Math.min(listed + 200, suggested));
	}
	await expect(bagsGroup.getByTestId('sorted-group-rest')).toHaveCount(0);
	await expect(bagsGroup.getByTestId('accept-sorted-group')).toHaveText(`Accept ${suggested}`);
});
