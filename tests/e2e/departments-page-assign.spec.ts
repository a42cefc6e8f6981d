import { expect, test } from './test';
import { createBoard, openAs, rememberName, tokenOf, WORKSPACE_TOKEN } from './helpers';
import { seedBoard } from './seed-board';

test('a department added on the Departments page while a board is open can be assigned at once, and a refused assignment shows what the board has', async ({ browser, baseURL }) => {
	const base = baseURL!;
	// A workspace of its own, so that no other test's departments are in it.
	const made = await fetch(`${base}/api/workspaces`, { method: 'POST', headers: { authorization: `Bearer ${WORKSPACE_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Outfitters' }) });
	expect(made.status).toBe(201);
	const workspaceToken = new URL((await made.json()).link).searchParams.get('token')!;
	const board = await createBoard(base, 'Outfitters survey', workspaceToken);
	await seedBoard(base, board.id, tokenOf(board.links.facilitator), [{ label: 'Wrong size', comments: [{ text: 'The boots were two sizes too small' }] }]);

	// The board is open (its room has read the workspace's departments: none) before the department is added.
	const fac = await openAs(browser, board.links.facilitator);

	const memberContext = await browser.newContext();
	await rememberName(memberContext);
	const member = await memberContext.newPage();
	await member.goto(`/?token=${encodeURIComponent(workspaceToken)}`);
	await member.goto('/departments');
	await member.getByRole('textbox', { name: 'Name' }).fill('Returns desk');
	await member.getByRole('button', { name: 'Add department' }).click();
	await expect(member.getByRole('status')).toHaveText('Added Returns desk.');

	await fac.getByTestId('open-tasks').click();
	const panel = fac.getByTestId('tasks-panel');
	const department = panel.getByTestId('assign-group').filter({ hasText: 'Wrong size' }).getByTestId('assign-department');
	await expect(department.getByRole('option', { name: 'Returns desk' })).toHaveCount(1);
	await department.selectOption({ label: 'Returns desk' });

	// Someone who opens the board now gets it from the server: the assignment was kept.
	const other = await openAs(browser, board.links.editor);
	await other.getByTestId('open-tasks').click();
	await other.getByTestId('tasks-panel').getByRole('tab', { name: 'By department' }).click();
	await expect(other.getByTestId('department-lane').filter({ hasText: 'Returns desk' })).toContainText('Wrong size');
	await expect(other.getByTestId('department-lane').filter({ hasText: 'Not assigned' })).toHaveCount(0);
	await expect(department).toHaveValue((await department.getByRole('option', { name: 'Returns desk' }).getAttribute('value'))!);

	// A department deleted while this tab still lists it: the server puts the assignment back, and
	// the field shows what the board has, not what was picked.
	const listed = await fetch(`${base}/api/departments`, { headers: { authorization: `Bearer ${workspaceToken}` } });
	const returnsDesk = ((await listed.json()) as { id: string; name: string }[]).find((d) => d.name === 'Returns desk')!;
	const fitting = await fetch(`${base}/api/departments`, { method: 'POST', headers: { authorization: `Bearer ${workspaceToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Fitting room' }) });
	expect(fitting.status).toBe(201);
	await fac.evaluate(() => window.dispatchEvent(new FocusEvent('focus')));
	await expect(department.getByRole('option', { name: 'Fitting room' })).toHaveCount(1);
	expect((await fetch(`${base}/api/departments/${(await fitting.json()).id}`, { method: 'DELETE', headers: { authorization: `Bearer ${workspaceToken}` } })).status).toBe(200);
	await department.selectOption({ label: 'Fitting room' });
	await expect(department).toHaveValue(returnsDesk.id);
	await expect(department.locator('option:checked')).toHaveText('Returns desk');
	await panel.screenshot({ path: test.info().outputPath('assign-put-back.png') });
	await expect(other.getByTestId('department-lane').filter({ hasText: 'Returns desk' })).toContainText('Wrong size');
});
