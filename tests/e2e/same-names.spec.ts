import { expect, test } from './test';
import { createBoard, openAs } from './helpers';
import { seedBoard } from './seed-board';

test('groups of the same name say which is which in Move to… and in the voting panel', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Same names');
	const facilitatorToken = new URL(board.links.facilitator).searchParams.get('token')!;
	const [pills, thin] = await seedBoard(baseURL!, board.id, facilitatorToken, [
		{ label: 'Fabric quality', comments: [{ text: 'The fabric pilled after one wash' }, { text: 'Seams came apart' }] },
		{ label: 'Fabric quality', comments: [{ text: 'Thin, see-through material' }] },
		{ label: 'Sizing', comments: [{ text: 'Runs small in the shoulders' }, { text: 'Order a size up' }] }
	]);
	const page = await openAs(browser, board.links.editor);
	await page.getByTestId('search').fill('shoulders');
	await page.getByTestId('select-matches').click();
	await page.getByTestId('canvas').focus();
	await page.keyboard.press('m');
	const options = page.getByTestId('move-dialog').getByRole('option');
	await expect(options).toHaveCount(3);
	await expect(options.filter({ hasText: 'pilled after one wash' })).toContainText('Fabric quality');
	await expect(options.filter({ hasText: 'Thin, see-through material' })).toContainText('Fabric quality');
	// A name of its own needs no hint.
	await expect(options.filter({ hasText: 'Sizing' }).getByTestId('move-option-hint')).toHaveCount(0);
	await page.getByTestId('move-input').fill('fabric');
	await options.filter({ hasText: 'see-through' }).click();
	await expect(page.locator(`[data-testid="note"][data-group-id="${thin.id}"]`)).toHaveCount(2);
	await expect(page.locator(`[data-testid="note"][data-group-id="${pills.id}"]`)).toHaveCount(2);

	const fac = await openAs(browser, board.links.facilitator);
	await fac.getByTestId('phase-vote').click();
	const rows = page.getByTestId('vote-row');
	await expect(rows.filter({ hasText: 'Fabric quality' }).getByTestId('vote-group-hint')).toHaveText([/“/, /“/]);
	await expect(rows.filter({ hasText: 'Sizing' }).getByTestId('vote-group-hint')).toHaveCount(0);
	await expect(page.getByRole('button', { name: /Vote for Fabric quality \(2 notes, “Thin, see-through material”\)/ })).toBeVisible();
});
