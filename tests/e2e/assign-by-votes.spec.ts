import { expect, test } from './test';
import { createBoard, openAs, shot } from './helpers';
import { seedBoard } from './seed-board';

test('after the votes are revealed, the Assign tab lists the most voted-for groups first, with their votes', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Assign by votes');
	const token = new URL(board.links.facilitator).searchParams.get('token')!;
	await seedBoard(baseURL!, board.id, token, [
		{ label: 'Prices', comments: [{ text: 'Too expensive' }, { text: 'Prices went up' }, { text: 'Fees are high' }] },
		{ label: 'Checkout', comments: [{ text: 'Card payment failed' }] },
		{ label: 'Late deliveries', comments: [{ text: 'Parcel arrived late' }, { text: 'Nine days to arrive' }] }
	]);
	const fac = await openAs(browser, board.links.facilitator);
	const ed = await openAs(browser, board.links.editor);
	await fac.getByTestId('phase-vote').click();
	const vote = (label: string) => ed.getByTestId('vote-row').filter({ hasText: label }).getByTestId('vote-plus');
	for (const label of ['Checkout', 'Checkout', 'Checkout', 'Late deliveries']) await vote(label).click();
	await expect(ed.getByTestId('votes-left')).toContainText('1 of 5');

	await fac.getByTestId('open-tasks').click();
	const groups = fac.getByTestId('assign-group');
	// Before the reveal the list keeps the board's order and shows no votes.
	await expect(groups.locator('.group-title')).toHaveText(['Prices', 'Checkout', 'Late deliveries']);
	await expect(fac.getByTestId('assign-votes')).toHaveCount(0);
	await fac.getByTestId('reveal-toggle').click();
	await expect(groups.locator('.group-title')).toHaveText(['Checkout', 'Late deliveries', 'Prices']);
	await expect(fac.getByTestId('assign-votes')).toHaveText(['3 votes', '1 vote']);
	await shot(fac, 'assign-by-votes');
});
