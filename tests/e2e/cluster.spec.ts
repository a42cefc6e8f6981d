import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './test';
import { addGroups, addNotes, makeGroup, makeNote } from '../../src/lib/board';
import { editBoard, joinAs } from './collab-helpers';
import { createBoard, openAs } from './helpers';

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const COMMENTS = [
	'My bag was lost on the way to Denver',
	'Lost luggage again, nobody knows where my bag is',
	'Still waiting for my lost suitcase after three days',
	'The baggage claim lost my bag',
	'Bag never arrived, lost luggage desk was closed',
	'They lost my suitcase and the luggage desk did not help',
	'Flight delayed four hours with no explanation',
	'Delayed again, missed my connection',
	'Our flight was delayed twice tonight',
	'Delayed flight and nobody at the gate to explain the delay',
	'Two hour delay on the tarmac, delayed again',
	'The flight is delayed and the connection is gone',
	'Still no refund for my cancelled ticket',
	'Asked for a refund three times, no answer',
	'Refund promised a month ago never came',
	'Refund still pending after six weeks',
	'They charged me twice and refuse a refund',
	'Where is my refund? Ticket was cancelled'
];

/** Selects the note reading `text`, opens Suggest's Find similar and pulls the similar notes in; answers the panel and how many notes moved. */
async function pullInSimilar(page: Page, text: string): Promise<{ panel: Locator; moved: number }> {
	await page.getByTestId('note').filter({ hasText: text }).click();
	await page.getByTestId('open-suggest').click();
	const panel = page.getByTestId('suggest-panel');
	await panel.getByRole('tab', { name: 'Find similar' }).click();
	await panel.getByTestId('find-similar').click();
	await expect(panel.getByTestId('similar-results')).toBeVisible();
	await panel.getByTestId('pull-in').click();
	await expect(panel.getByTestId('cluster-message')).toContainText(/Moved \d+ notes? into a new group with this note/);
	return { panel, moved: Number((await panel.getByTestId('cluster-message').textContent())!.match(/Moved (\d+)/)![1]) };
}

test('two accepted suggestions become real groups for everyone, and one undo takes them back', async ({ browser, baseURL }, testInfo) => {
	const board = await createBoard(baseURL!, 'Complaints');
	const alice = await openAs(browser, board.links.facilitator);
	const bob = await openAs(browser, board.links.editor);

	await alice.getByLabel('New note text').fill(COMMENTS.join('\n'));
	await alice.getByRole('button', { name: `Add ${COMMENTS.length} notes` }).click();
	await expect(bob.getByTestId('note-count')).toHaveText(String(COMMENTS.length));

	await alice.keyboard.press('Alt+g');
	const panel = alice.getByTestId('suggest-panel');
	await expect(panel).toBeVisible();
	await expect(panel.getByText(`${COMMENTS.length} unsorted notes.`)).toBeVisible();
	await panel.getByTestId('suggest-groups').click();
	await expect(panel.getByTestId('suggestion').first()).toBeVisible();

	// Ask for exactly three groups: each Coarser gives one group fewer, each Finer one more.
	const summary = panel.getByTestId('suggestion-summary');
	for (let i = 0; i < 10 && !/^3 groups/.test((await summary.textContent()) ?? ''); i++) {
		const n = Number(/^(\d+)/.exec((await summary.textContent()) ?? '')![1]);
		await panel.getByTestId(n > 3 ? 'coarser' : 'finer').click();
		await expect(summary).toHaveText(new RegExp(`^${n > 3 ? n - 1 : n + 1} groups`));
	}
	await expect(panel.getByTestId('suggestion')).toHaveCount(3);
	await alice.screenshot({ path: testInfo.outputPath('suggestions.png') });
	expect((await new AxeBuilder({ page: alice }).include('[data-testid="suggest-panel"]').analyze()).violations).toEqual([]);

	const titles = await panel.getByTestId('suggestion-title').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
	expect(titles.join(' ').toLowerCase()).toMatch(/refund/);
	await panel.getByTestId('suggestion-title').nth(0).fill('Group one: ' + titles[0]);
	await panel.getByTestId('accept-suggestion').nth(0).click();
	await panel.getByTestId('accept-suggestion').nth(1).press('Enter');
	await panel.getByTestId('reject-suggestion').nth(2).click();
	await panel.getByRole('button', { name: 'Make 2 groups' }).click();
	await expect(panel.getByTestId('cluster-message')).toContainText('Made 2 groups');

	// Bob sees two real groups on his board, with their titles, and fewer notes left to sort.
	await expect(bob.getByTestId('group')).toHaveCount(2);
	await expect(bob.getByTestId('group-name').filter({ hasText: 'Group one: ' + titles[0] })).toBeVisible();
	await expect(bob.getByTestId('group-name').filter({ hasText: titles[1] })).toBeVisible();
	await bob.keyboard.press('Alt+g');
	const bobPanel = bob.getByTestId('suggest-panel');
	await bobPanel.getByRole('tab', { name: 'Titles' }).click();
	await expect(bobPanel.getByTestId('title-row')).toHaveCount(2);
	await expect(bobPanel.getByText('Group one: ' + titles[0])).toBeVisible();
	await expect(bobPanel.getByText(titles[1], { exact: true })).toBeVisible();
	await bobPanel.getByRole('tab', { name: 'Suggest groups' }).click();
	await expect(bobPanel.getByText(/^\d+ unsorted notes\.$/)).not.toHaveText(`${COMMENTS.length} unsorted notes.`);

	// Bob asks for a title of one of them: it is made from that group's words.
	await bobPanel.getByRole('tab', { name: 'Titles' }).click();
	await bobPanel.getByTestId('suggest-title').first().click();
	await expect(bobPanel.getByTestId('title-idea')).not.toBeEmpty();
	await bob.screenshot({ path: testInfo.outputPath('second-user-titles.png') });

	// One undo takes both groups away again, for Bob too.
	await panel.getByTestId('cluster-undo').click();
	await expect(bob.getByTestId('group')).toHaveCount(0);
	await expect(bobPanel.getByTestId('title-row')).toHaveCount(0);
	await expect(bobPanel.getByText('No groups yet.')).toBeVisible();
});

test('similar notes and duplicates, with the keyboard', async ({ browser, baseURL }, testInfo) => {
	const board = await createBoard(baseURL!, 'Duplicates');
	const alice = await openAs(browser, board.links.facilitator);
	await alice.getByLabel('New note text').fill([...COMMENTS, 'Lost luggage again, nobody knows where my bag is!', 'lost luggage AGAIN nobody knows where my bag is'].join('\n'));
	await alice.getByRole('button', { name: `Add ${COMMENTS.length + 2} notes` }).click();
	await expect(alice.getByTestId('note-count')).toHaveText(String(COMMENTS.length + 2));

	// The note selected on the board is the one "Find similar" starts from.
	await alice.getByTestId('note').filter({ hasText: 'Refund promised a month ago' }).click();
	await alice.getByTestId('open-suggest').click();
	const panel = alice.getByTestId('suggest-panel');
	await expect(panel.getByRole('tab', { name: 'Suggest groups' })).toBeFocused();
	await alice.keyboard.press('ArrowRight');
	await expect(panel.getByRole('tab', { name: 'Find similar' })).toBeFocused();
	await expect(panel.getByTestId('similar-target')).toHaveText('Refund promised a month ago never came');
	await panel.getByTestId('find-similar').click();
	const results = panel.getByTestId('similar-results');
	await expect(results).toBeVisible();
	await expect(results.locator('li').first()).toContainText(/refund/i);
	await alice.screenshot({ path: testInfo.outputPath('similar.png') });
	await panel.getByTestId('pull-in').click();
	await expect(panel.getByTestId('cluster-message')).toContainText(/Moved \d+ notes? into a new group with this note/);

	await panel.getByRole('tab', { name: 'Duplicates' }).click();
	await panel.getByTestId('find-duplicates').click();
	await expect(panel.getByText('1 set of duplicates')).toBeVisible();
	await alice.screenshot({ path: testInfo.outputPath('duplicates.png') });
	await panel.getByTestId('stack-all').click();
	await expect(panel.getByTestId('cluster-message')).toContainText('Stacked 2 duplicate notes');
	await expect(alice.getByTestId('note-count')).toHaveText(String(COMMENTS.length));
	await expect(alice.getByTestId('note').filter({ hasText: 'Lost luggage again' }).getByTestId('stack-count')).toHaveText('× 3');
	await expect(panel.getByTestId('stacked-notes')).toContainText('× 3');
	await alice.screenshot({ path: testInfo.outputPath('stacked.png') });
	expect((await new AxeBuilder({ page: alice }).include('[data-testid="suggest-panel"]').analyze()).violations).toEqual([]);
	await panel.getByTestId('unstack').click();
	await expect(alice.getByTestId('note-count')).toHaveText(String(COMMENTS.length + 2));
	await expect(panel.getByTestId('stacked-notes')).toHaveCount(0);
	await alice.keyboard.press('Escape');
	await expect(panel).toHaveCount(0);
});

test('pulling similar notes into a new group opens its name for typing, as G does; the group is still one undo step', async ({ browser, baseURL }, testInfo) => {
	const board = await createBoard(baseURL!, 'Similar');
	const alice = await openAs(browser, board.links.editor);
	await alice.getByLabel('New note text').fill(COMMENTS.join('\n'));
	await alice.getByRole('button', { name: `Add ${COMMENTS.length} notes` }).click();
	await expect(alice.getByTestId('note-count')).toHaveText(String(COMMENTS.length));

	const { panel, moved } = await pullInSimilar(alice, 'Refund promised a month ago');

	// The new group's name field has focus, empty, and the live region asks for the name.
	const input = alice.getByTestId('group-name-input');
	await expect(input).toBeFocused();
	await expect(input).toHaveValue('');
	await expect(alice.getByTestId('announcer')).toHaveText(`New group with ${moved + 1} notes. Type its name.`);
	await alice.screenshot({ path: testInfo.outputPath('similar-naming.png') });
	await alice.keyboard.type('Refunds');
	await alice.keyboard.press('Enter');
	const group = alice.getByTestId('group');
	await expect(group).toHaveCount(1);
	await expect(group.getByTestId('group-name')).toHaveText('Refunds');
	await expect(group.locator('.count')).toHaveText(String(moved + 1));

	// Undo takes the name back, then the whole group in one step.
	await alice.keyboard.press('Control+z');
	await expect(group.getByTestId('group-name')).toHaveText('Untitled group');
	await alice.keyboard.press('Control+z');
	await expect(group).toHaveCount(0);
	await expect(alice.locator('[data-testid="note"][data-group-id=""]')).toHaveCount(COMMENTS.length);
});

test('Find similar on a loose comment makes its group where nothing lies, moving nothing else, in view; the panel keeps showing the note and the group with what to do next', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Similar in place');
	// Comments laid out loose in a block, as notes written on the board are, and a group someone made beside them.
	await editBoard(baseURL!, board.id, board.links.facilitator, (doc) => {
		const g = makeGroup({ id: 'grp_kept', label: 'Staff', x: 1500, y: 0, order: 'a0' });
		addGroups(doc, [g], { kind: 'server' });
		addNotes(doc, [makeNote({ text: 'Friendly crew on the way back', groupId: g.id, createdBy: 'seed' })], { kind: 'server' });
		addNotes(doc, COMMENTS.map((text, i) => makeNote({ text, x: (i % 6) * 220, y: Math.floor(i / 6) * 136, createdBy: 'seed' })), { kind: 'server' });
	});
	const { page: alice } = await joinAs(browser, board.links.editor, 'Alice', { width: 1280, height: 800 });
	await expect(alice.getByTestId('note-count')).toHaveText(String(COMMENTS.length + 1));

	/** Where each note and group is on the board (board units, whatever the camera), by id. */
	const places = () =>
		alice.evaluate(() => {
			const c = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
			const m = new DOMMatrixReadOnly(getComputedStyle(document.querySelector('[data-testid="canvas"] .world')!).transform);
			const world = (el: Element) => {
				const n = (v: number) => Math.round(v) + 0;
				const r = el.getBoundingClientRect();
				return { x: n((r.left - c.left - m.e) / m.a), y: n((r.top - c.top - m.f) / m.a), width: n(r.width / m.a), height: n(r.height / m.a) };
			};
			return {
				notes: Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-testid="note"]')].map((n) => [n.dataset.noteId!, { group: n.dataset.groupId ?? '', ...world(n) }])),
				groups: Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-testid="group"]')].map((g) => [g.dataset.groupId!, world(g)]))
			};
		});

	await alice.getByTestId('zoom-fit').click();
	const before = await places();
	expect(Object.keys(before.notes)).toHaveLength(COMMENTS.length + 1);
	const { panel, moved } = await pullInSimilar(alice, 'Refund promised a month ago');
	const input = alice.getByTestId('group-name-input');
	await expect(input).toBeFocused();
	await alice.screenshot({ path: test.info().outputPath('similar-made.png') });

	// The new group's header is on screen, clear of the controls over the board.
	const header = (await alice.locator('[data-testid="group"]').filter({ has: input }).locator('[data-part="header"]').boundingBox())!;
	const canvas = (await alice.getByTestId('canvas').boundingBox())!;
	expect(header.x).toBeGreaterThanOrEqual(canvas.x);
	expect(header.y).toBeGreaterThanOrEqual(canvas.y);
	expect(header.x + header.width).toBeLessThanOrEqual(canvas.x + canvas.width);
	expect(header.y + header.height).toBeLessThanOrEqual(canvas.y + canvas.height);
	for (const o of await alice.locator('[data-board-overlay]').all()) {
		const box = await o.boundingBox();
		if (box) expect(overlap(header, box), `the new group's header is under a control at ${JSON.stringify(box)}`).toBe(false);
	}

	// The panel still shows the note it started from, in the group it made, and what to do next.
	await expect(panel.getByTestId('similar-target')).toHaveText('Refund promised a month ago never came');
	await expect(panel.getByTestId('similar-made')).toContainText(`Untitled group, ${moved + 1} notes`);
	await alice.keyboard.type('Refunds');
	await alice.keyboard.press('Enter');
	await expect(input).toHaveCount(0);
	await expect(panel.getByTestId('similar-made')).toContainText(`Refunds, ${moved + 1} notes`);
	await expect(panel.getByTestId('similar-target')).toHaveText('Refund promised a month ago never came');
	await alice.screenshot({ path: test.info().outputPath('similar-named.png') });
	await panel.getByRole('button', { name: 'Show it on the board' }).click();
	await expect(alice.getByTestId('announcer')).toHaveText(`Showing group “Refunds”, ${moved + 1} notes.`);
	await panel.getByRole('button', { name: 'Find more for “Refunds”' }).click();
	await expect(panel.getByTestId('similar-results')).toBeVisible();
	await expect(panel.getByTestId('pull-in')).toContainText('Move ticked notes into “Refunds”');
	await panel.getByRole('button', { name: 'Pick another note' }).click();
	await expect(panel.getByTestId('similar-made')).toHaveCount(0);
	await expect(panel.getByTestId('similar-query')).toBeVisible();

	// Every note left out and the other group stay where they were; the new group covers none of them.
	await panel.getByRole('button', { name: /^Close/ }).click();
	await expect(panel).toHaveCount(0);
	await alice.getByTestId('zoom-fit').click();
	const after = await places();
	const made = Object.keys(after.groups).find((id) => id !== 'grp_kept')!;
	expect(after.groups['grp_kept']).toEqual(before.groups['grp_kept']);
	const left = Object.entries(after.notes).filter(([, n]) => n.group !== made);
	expect(left).toHaveLength(COMMENTS.length - moved);
	for (const [id, n] of left) {
		expect(n, `note ${id} moved`).toEqual(before.notes[id]);
		expect(overlap(after.groups[made], n), `the new group at ${JSON.stringify(after.groups[made])} covers a note at ${JSON.stringify(n)}`).toBe(false);
	}
	expect(overlap(after.groups[made], after.groups['grp_kept'])).toBe(false);
	await alice.screenshot({ path: test.info().outputPath('similar-made-fit.png') });
});
