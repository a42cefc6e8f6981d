import { expect, test } from './test';
import { createBoard, openAs, shot } from './helpers';
import { seedBoard } from './seed-board';

test('a group name being typed keeps its focus and every keystroke while others move notes between groups', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Naming while sorting');
	const token = new URL(board.links.facilitator).searchParams.get('token')!;
	await seedBoard(baseURL!, board.id, token, [
		{ label: 'Billing', comments: [{ text: 'Charged twice for one order' }, { text: 'Refund went to an old card' }] },
		{ label: 'Sizing', comments: [{ text: 'Runs small in the shoulders' }, { text: 'Order a size up' }, { text: 'Sleeves too long' }] },
		{ label: 'Delivery', comments: [{ text: 'Parcel arrived late' }, { text: 'Courier left it at the wrong door' }] }
	]);
	const namer = await openAs(browser, board.links.editor);
	const sorter = await openAs(browser, board.links.editor);

	await namer.locator('[data-testid="group-name"]', { hasText: 'Delivery' }).dblclick();
	const input = namer.getByTestId('group-name-input');
	await expect(input).toBeFocused();
	await namer.keyboard.press('Control+a');
	await namer.keyboard.type('Late ');

	// Meanwhile someone else moves notes from one group to another: both frames change size, and
	// the board's groups are listed in another order.
	for (const text of ['Sleeves too long', 'Order a size up']) {
		await sorter.getByTestId('search').fill(text);
		await sorter.getByTestId('select-matches').click();
		await sorter.getByTestId('canvas').focus();
		await sorter.keyboard.press('m');
		await sorter.getByTestId('move-input').fill('Billing');
		await sorter.keyboard.press('Enter');
		await expect(namer.locator('[data-testid="note"]', { hasText: text })).toHaveAttribute('data-group-id', /^grp_/);
		await expect(input, 'the name field stays open and focused').toBeFocused();
	}
	await namer.keyboard.type('deliveries');
	await namer.keyboard.press('Enter');
	await expect(sorter.getByTestId('group-name').filter({ hasText: /^Late deliveries$/ })).toHaveCount(1);
	await expect(namer.getByTestId('group-name').filter({ hasText: /^Late deliveries$/ })).toHaveCount(1);
});

test('a group being named that someone else moves far away keeps its name field, and the camera follows it', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Naming a moving group');
	const token = new URL(board.links.facilitator).searchParams.get('token')!;
	await seedBoard(baseURL!, board.id, token, [
		{ label: 'Billing', comments: [{ text: 'Charged twice for one order' }, { text: 'Refund went to an old card' }] },
		{ label: 'Sizing', comments: [{ text: 'Runs small in the shoulders' }] }
	]);
	const namer = await openAs(browser, board.links.editor);
	const mover = await openAs(browser, board.links.editor);

	await namer.locator('[data-testid="group-name"]', { hasText: 'Billing' }).dblclick();
	const input = namer.getByTestId('group-name-input');
	await expect(input).toBeFocused();
	await namer.keyboard.press('Control+a');
	await namer.keyboard.type('Billing and ');

	// Seen from far, the other person drags the group a long way off (as when two groups made at
	// once in the same place are set apart).
	await mover.getByTestId('canvas').focus();
	for (let i = 0; i < 6; i++) await mover.keyboard.press('-');
	const header = (await mover.getByTestId('group-label').filter({ hasText: 'Billing' }).boundingBox())!;
	const canvas = (await mover.getByTestId('canvas').boundingBox())!;
	const from = { x: header.x + 20, y: header.y + header.height / 2 };
	await mover.mouse.move(from.x, from.y);
	await mover.mouse.down();
	await mover.mouse.move(canvas.x + canvas.width - 60, canvas.y + canvas.height - 60, { steps: 12 });
	await mover.mouse.up();
	const moved = namer.locator('[data-testid="note"]', { hasText: 'Charged twice' });
	await expect.poll(async () => (await moved.boundingBox())?.x ?? 0, { message: 'the frame moved on the namer’s board' }).not.toBe(0);

	await expect(input, 'the name field stays open and focused').toBeFocused();
	await expect(input, 'and on screen').toBeInViewport();
	await namer.keyboard.type('refunds');
	await shot(namer, 'naming-a-moved-group');
	await namer.keyboard.press('Enter');
	await expect(mover.getByTestId('group-label').filter({ hasText: /^Billing and refunds/ })).toHaveCount(1);
});
