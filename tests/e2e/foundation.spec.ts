import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './test';
import { startServer, tempDir, TEST_WORKSPACE_TOKEN } from '../integration/helpers/server';
import { createBoard, openAs, WORKSPACE_TOKEN } from './helpers';

test('creating a board from the home page lists it and opens it', async ({ page }) => {
	await page.goto('/');
	// Without the workspace link nobody can create a board; the page says where the link comes from.
	await expect(page.getByTestId('need-workspace-link')).toContainText('Workspace link: http://…/?token=…');
	await expect(page.getByRole('button', { name: 'Create board' })).toHaveCount(0);
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
	await page.goto('/?token=not-the-workspace-token');
	await expect(page.getByTestId('workspace-link-error')).toBeVisible();
	await page.goto(`/?token=${WORKSPACE_TOKEN}`);
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByTestId('workspace')).toContainText('Default workspace');
	// Departments wears its icon, as every button of the page does.
	await expect(page.getByTestId('workspace').getByRole('link', { name: 'Departments' }).locator('svg')).toHaveCount(1);
	await page.screenshot({ path: test.info().outputPath('home-workspace.png'), fullPage: true });
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
	await page.getByLabel('Board title').fill('Q3 delivery survey');
	await page.getByRole('button', { name: 'Create board' }).click();
	await expect(page).toHaveURL(/\/b\/[a-z0-9]+$/);
	await expect(page.getByRole('heading', { name: 'Q3 delivery survey' })).toBeVisible();
	await expect(page.getByTestId('role')).toHaveText('facilitator');
	// The empty board names what a facilitator can use to fill it.
	await expect(page.getByText('Bring in customer comments with Import, or drop a file here')).toBeVisible();
	await page.getByRole('textbox', { name: 'Your name' }).fill('Facilitator');
	await page.getByRole('button', { name: 'Join' }).click();
	await page.screenshot({ path: test.info().outputPath('empty-board.png') });
	await page.goto('/');
	await expect(page.getByRole('link', { name: 'Q3 delivery survey' })).toBeVisible();
});

test('a note added or moved by one person appears for another', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Live board');
	const alice = await openAs(browser, board.links.facilitator);
	const bob = await openAs(browser, board.links.editor);

	await alice.getByLabel('New note text').fill('The courier left the parcel in the rain');
	await alice.keyboard.press('Enter');
	const bobsNote = bob.getByTestId('note').filter({ hasText: 'courier left the parcel' });
	await expect(bobsNote).toBeVisible();

	// Pasting several lines adds one note per line.
	await bob.getByLabel('New note text').fill('Invoice was wrong\nSupport never called back\n\nApp crashes on login');
	await bob.getByRole('button', { name: 'Add 3 notes' }).click();
	await expect(alice.getByTestId('note')).toHaveCount(4);

	const note = alice.getByTestId('note').filter({ hasText: 'courier left the parcel' });
	const box = (await note.boundingBox())!;
	await alice.mouse.move(box.x + 40, box.y + 30);
	await alice.mouse.down();
	// Up and to the left: the notes added later sit below, and dropping on a note would group it.
	await alice.mouse.move(box.x - 120, box.y - 150, { steps: 8 });
	await alice.mouse.up();
	const moved = (await note.boundingBox())!;
	expect(moved.x - box.x).toBeCloseTo(-160, -1);
	// Each person's camera fits their own screen (a facilitator has more controls above the
	// board), so compare where the note is on the board, not on the screen.
	const boardPoint = async (page: Page, b: { x: number; y: number }) => {
		const style = (await page.locator('[data-testid="canvas"] > .world').getAttribute('style')) ?? '';
		const [panX, panY, zoom] = (style.match(/-?[\d.]+/g) ?? []).map(Number);
		const start = (await page.getByTestId('board').boundingBox())!;
		return [Math.round((b.x - start.x - panX) / zoom), Math.round((b.y - start.y - panY) / zoom)];
	};
	const want = await boardPoint(alice, moved);
	await expect
		.poll(async () => {
			const got = await boardPoint(bob, (await bobsNote.boundingBox())!);
			return Math.abs(got[0] - want[0]) <= 1 && Math.abs(got[1] - want[1]) <= 1;
		})
		.toBe(true);
	expect((await new AxeBuilder({ page: alice }).analyze()).violations).toEqual([]);
});

test('a viewer sees the board but cannot add notes', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Read only');
	const viewer = await openAs(browser, board.links.viewer);
	await expect(viewer.getByTestId('role')).toHaveText('viewer');
	await expect(viewer.getByLabel('New note text')).toHaveCount(0);
	await expect(viewer.getByText('Notes will appear here')).toBeVisible();
});

test('an unknown board and a revoked-looking link get clear pages', async ({ page, baseURL }) => {
	const missing = await page.goto('/b/doesnotexist1');
	expect(missing?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'This board does not exist or was deleted.' })).toBeVisible();
	const board = await createBoard(baseURL!, 'Bad link');
	const bad = await page.goto(`/b/${board.id}?token=not-a-real-token`);
	expect(bad?.status()).toBe(401);
	await expect(page.getByText('Ask the facilitator of the board for a new link.')).toBeVisible();
});

test('the board and its notes survive a server restart', async ({ browser }) => {
	// Two server start-ups on fresh embedded databases: slow on a busy 2-core machine.
	test.setTimeout(180_000);
	const env = { DATA_DIR: tempDir('gistboard-e2e-restart-') };
	let server = await startServer(env);
	try {
		const board = await createBoard(server.url, 'Survives restarts', TEST_WORKSPACE_TOKEN);
		const page = await openAs(browser, board.links.editor);
		await page.getByLabel('New note text').fill('Delivery slot was ignored\nRefund took six weeks');
		await page.getByRole('button', { name: 'Add 2 notes' }).click();
		await expect(page.getByTestId('note')).toHaveCount(2);
		await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
		await page.context().close();

		expect(await server.stop('SIGTERM')).toBe(0);
		server = await startServer({ ...env, PORT: String(server.port) });

		const again = await openAs(browser, board.links.viewer);
		await expect(again.getByTestId('note')).toHaveCount(2);
		await expect(again.getByTestId('note').filter({ hasText: 'Refund took six weeks' })).toBeVisible();
	} finally {
		await server.stop('SIGKILL');
	}
});
