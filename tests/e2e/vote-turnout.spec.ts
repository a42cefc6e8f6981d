import { expect, test } from './test';
import { joinAs } from './collab-helpers';
import { createBoard, tokenOf } from './helpers';
import { seedBoard } from './seed-board';

test('the vote turnout counts the people on the board who can vote, not viewers', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Turnout');
	await seedBoard(baseURL!, board.id, tokenOf(board.links.facilitator), [{ label: 'Slow checkout', comments: [{ text: 'The payment page hung' }] }]);
	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran');
	const { page: ed } = await joinAs(browser, board.links.editor, 'Eddie');
	await joinAs(browser, board.links.viewer, 'Vera');
	// Fran sees both others, the viewer included.
	await expect(fac.getByTestId('peer-avatar')).toHaveCount(2);

	await fac.getByTestId('phase-vote').click();
	await ed.getByTestId('vote-row').filter({ hasText: 'Slow checkout' }).getByTestId('vote-plus').click();
	await expect(ed.getByTestId('votes-left')).toContainText('4 of 5');
	const turnout = fac.getByTestId('vote-turnout');
	await expect(turnout).toHaveText('1 person voted · 2 people on the board can vote');
	await expect(fac.getByTestId('vote-turnout-warning')).toHaveCount(0);
	await turnout.screenshot({ path: test.info().outputPath('turnout.png') });
});
