import { expect, test } from './test';
import { joinAs } from './collab-helpers';
import { createBoard, tokenOf } from './helpers';
import { seedBoard } from './seed-board';

const c = (text: string) => ({ text, fields: {} });

test('a lock while an editor types an owner in the Assign tab keeps what was typed, disabled with a note, and saves it at the unlock; the page does not start again', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Lock while assigning');
	await seedBoard(baseURL!, board.id, tokenOf(board.links.facilitator), [{ label: 'Late delivery', comments: [c('Parcel arrived a week late')] }]);
	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran', { width: 1440, height: 900 });
	const { page: ed } = await joinAs(browser, board.links.editor, 'Eddie', { width: 1440, height: 900 });
	await ed.getByTestId('open-tasks').click();
	const row = ed.getByTestId('tasks-panel').getByTestId('assign-group').filter({ hasText: 'Late delivery' });
	const owner = row.getByTestId('assign-owner-name');
	await owner.click();
	await ed.keyboard.type('Dana Ru');

	await fac.getByTestId('lock-toggle').click();
	await expect(ed.getByTestId('locked-chip')).toBeVisible();
	await expect(owner).toBeDisabled();
	await expect(owner).toHaveValue('Dana Ru');
	await expect(row.getByTestId('assign-held')).toHaveText('Locked by the facilitator: what you typed is kept here and saved when the board is unlocked.');
	await ed.keyboard.press('Tab');
	await ed.mouse.click(700, 500);
	await row.screenshot({ path: test.info().outputPath('assign-held.png') });
	// Nothing was sent that the server would refuse: no "not kept" notice, the text still there.
	await expect(ed.getByText(/was not kept/)).toHaveCount(0);
	await expect(owner).toHaveValue('Dana Ru');

	await fac.getByTestId('lock-toggle').click();
	await expect(ed.getByTestId('locked-chip')).toHaveCount(0);
	await expect(owner).toBeEnabled();
	await expect(row.getByTestId('assign-held')).toHaveCount(0);
	// Saved at the unlock, for everyone.
	await fac.getByTestId('open-tasks').click();
	await expect(fac.getByTestId('tasks-panel').getByTestId('assign-group').filter({ hasText: 'Late delivery' }).getByTestId('assign-owner-name')).toHaveValue('Dana Ru');
	await expect(ed.getByText(/was not kept/)).toHaveCount(0);
});
