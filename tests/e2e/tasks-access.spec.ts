import { expect, test, type Page } from './test';
import { createBoard, openAs, rememberName, shot, WORKSPACE_TOKEN } from './helpers';

/** The Tasks panel's department form and restore section, on the two tabs that hold them. */
async function managementControls(page: Page, name: string) {
	await page.keyboard.press('Alt+KeyT');
	const panel = page.getByTestId('tasks-panel');
	await expect(panel.getByRole('tab', { name: 'Assign' })).toBeVisible();
	const addDepartment = await panel.getByLabel('New department name').count();
	await panel.getByRole('tab', { name: 'Publish & export' }).click();
	await expect(panel.getByRole('tabpanel')).toBeVisible();
	await shot(page, name);
	const restore = await panel.getByRole('heading', { name: 'Restore a backup' }).count();
	return { addDepartment, restore };
}

test("a board link's facilitator is not offered what only the workspace link may do", async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Access check');
	const byLink = await openAs(browser, board.links.facilitator);
	expect(await managementControls(byLink, 'tasks-panel-board-link')).toEqual({ addDepartment: 0, restore: 0 });

	// A workspace member (the workspace link's cookie) gets both, on the same board.
	const context = await browser.newContext();
	await rememberName(context);
	const member = await context.newPage();
	await member.goto(`/?token=${encodeURIComponent(WORKSPACE_TOKEN)}`);
	await member.goto(`/b/${board.id}`);
	await expect(member.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	await expect(member.getByTestId('board')).toHaveAttribute('data-synced', 'true');
	expect(await managementControls(member, 'tasks-panel-member')).toEqual({ addDepartment: 1, restore: 1 });
});
