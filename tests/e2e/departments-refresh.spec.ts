import { expect, test } from './test';
import { createBoard, openAs, tokenOf, WORKSPACE_TOKEN } from './helpers';
import { seedBoard } from './seed-board';

test('the Tasks panel reads departments added in another tab when this tab is back, and a board-link facilitator is told how to get them', async ({ browser, baseURL }) => {
	const base = baseURL!;
	// A workspace of its own, so that no other test's departments are in it.
	const made = await fetch(`${base}/api/workspaces`, { method: 'POST', headers: { authorization: `Bearer ${WORKSPACE_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Clinic' }) });
	expect(made.status).toBe(201);
	const workspaceToken = new URL((await made.json()).link).searchParams.get('token')!;
	const board = await createBoard(base, 'Clinic survey', workspaceToken);
	await seedBoard(base, board.id, tokenOf(board.links.facilitator), [{ label: 'Waiting times', comments: [{ text: 'Two hours in the waiting room' }] }]);

	const page = await openAs(browser, board.links.facilitator);
	await page.getByTestId('open-tasks').click();
	const panel = page.getByTestId('tasks-panel');
	const empty = panel.getByTestId('no-departments');
	await expect(empty).toContainText('only someone with its workspace link');
	await expect(empty.getByRole('link', { name: '/departments' })).toHaveAttribute('href', '/departments');
	await panel.screenshot({ path: test.info().outputPath('no-departments.png') });

	const addDepartment = async (name: string) => {
		const res = await fetch(`${base}/api/departments`, { method: 'POST', headers: { authorization: `Bearer ${workspaceToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
		expect(res.status).toBe(201);
	};
	const option = (name: string) => panel.getByTestId('assign-group').getByTestId('assign-department').getByRole('option', { name });

	// Someone adds one while the panel is open: "Check again" reads it.
	await addDepartment('Outpatients');
	await empty.getByTestId('departments-check-again').click();
	await expect(option('Outpatients')).toHaveCount(1);
	await expect(empty).toHaveCount(0);

	// Another is added on /departments in another tab: coming back to this tab reads the list again,
	// with no closing and reopening of the panel.
	const other = await page.context().newPage();
	await other.goto(`${base}/healthz`);
	await addDepartment('Pharmacy');
	await page.bringToFront();
	// Headless Chromium keeps every page focused and visible, so it sends no event when a tab is
	// brought back: the page gets the one a desktop browser sends then.
	await page.evaluate(() => window.dispatchEvent(new FocusEvent('focus')));
	await expect(option('Pharmacy')).toHaveCount(1);
});
