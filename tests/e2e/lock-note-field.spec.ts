import { expect, test } from './test';
import { joinAs } from './collab-helpers';
import { createBoard } from './helpers';

test('the note field of an editor is disabled under the lock, looks it and says why', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Locked note field');
	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran');
	const { page: ed } = await joinAs(browser, board.links.editor, 'Eddie');
	const draft = ed.getByTestId('draft');
	await expect(draft).toBeEnabled();
	const enabledBackground = await draft.evaluate((el) => getComputedStyle(el).backgroundColor);

	await fac.getByTestId('lock-toggle').click();
	await expect(ed.getByTestId('locked-chip')).toBeVisible();
	await expect(draft).toBeDisabled();
	await expect(draft).toHaveAttribute('placeholder', 'Locked by the facilitator');
	const reason = 'The facilitator locked the board. You can look around; changes are paused.';
	await expect(draft).toHaveAttribute('title', reason);
	await expect(draft).toHaveAccessibleDescription(reason);
	expect(await draft.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(enabledBackground);
	await ed.getByRole('toolbar', { name: 'Canvas' }).screenshot({ path: test.info().outputPath('locked-note-field.png') });
	// The facilitator keeps the field: the lock is for everyone else.
	await expect(fac.getByTestId('draft')).toBeEnabled();
	await expect(fac.getByTestId('draft')).toHaveAttribute('placeholder', 'Add a note…');

	await fac.getByTestId('lock-toggle').click();
	await expect(draft).toBeEnabled();
	await expect(draft).toHaveAttribute('placeholder', 'Add a note…');
	await expect(draft).toHaveAttribute('title', 'Enter adds the note; pasting several lines adds one note per line');
	await expect(draft).not.toHaveAttribute('aria-describedby', /./);
});
