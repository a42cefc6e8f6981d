import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';
import { createBoard, openAs, shot, tokenOf, workspaceHeaders, WORKSPACE_TOKEN } from './helpers';
import { seedBoard } from './seed-board';

const json = async (res: Response) => {
	expect(res.ok, `${res.url}: ${res.status}`).toBe(true);
	return res.json();
};

test('the Publish tab shows a published group whose comments were regrouped since, and publishing it again updates its task in place', async ({ browser, baseURL }) => {
	test.setTimeout(180_000);
	const base = baseURL!;
	const board = await createBoard(base, 'Autumn clothing survey');
	const product = await json(await fetch(`${base}/api/departments`, { method: 'POST', headers: workspaceHeaders(), body: JSON.stringify({ name: `Product ${Math.random().toString(36).slice(2, 7)}` }) }));
	const comments = [
		'The sweater started pilling after one wash',
		'Pilling on the sleeves within a week',
		'Terrible pilling on the leggings',
		'The seams came apart at the shoulder',
		'Thin fabric, you can see through it',
		'Colours faded after two washes'
	];
	await seedBoard(base, board.id, tokenOf(board.links.facilitator), [{ label: 'Fabric quality', comments: comments.map((text) => ({ text })) }]);

	// The facilitator assigns the group and publishes it.
	const facilitator = await openAs(browser, board.links.facilitator);
	await facilitator.keyboard.press('Alt+KeyT');
	const panel = facilitator.getByTestId('tasks-panel');
	await panel.getByTestId('assign-group').filter({ hasText: 'Fabric quality' }).getByTestId('assign-department').selectOption({ label: product.name });
	await panel.getByRole('tab', { name: 'Publish & export' }).click();
	await panel.getByTestId('publish').click();
	await expect(panel.getByTestId('tasks-message')).toContainText('Published 1 task: 1 new, 0 updated');
	const task = panel.getByTestId('published-task').filter({ hasText: 'Fabric quality' });
	await expect(task).toContainText('6 comments');
	await expect(task.getByTestId('task-changed')).toHaveCount(0);
	const [published] = (await json(await fetch(`${base}/api/departments/${product.id}/tasks`, { headers: workspaceHeaders() }))).tasks;
	expect(published).toMatchObject({ title: 'Fabric quality', noteCount: 6, status: 'open' });
	// The department head has started on it.
	await json(await fetch(`${base}/api/tasks/${published.id}`, { method: 'PATCH', headers: workspaceHeaders(WORKSPACE_TOKEN), body: JSON.stringify({ status: 'in_progress' }) }));

	// Someone else keeps sorting: the pilling comments become a group of their own.
	const editor = await openAs(browser, board.links.editor);
	await editor.getByTestId('search').fill('pilling');
	await editor.getByTestId('select-matches').click();
	await editor.getByTestId('canvas').focus();
	await editor.keyboard.press('g');
	await editor.keyboard.type('Pilling');
	await editor.keyboard.press('Enter');
	await expect(editor.getByTestId('group')).toHaveCount(2);

	// The facilitator's Publish tab says so, live, without publishing anything.
	const changed = task.getByTestId('task-changed');
	await expect(changed).toBeVisible();
	await expect(changed.getByTestId('task-removed')).toHaveText('−3');
	await expect(changed.getByTestId('task-added')).toHaveCount(0);
	await expect(changed).toContainText('3 comments in the group now');
	await expect(task).toContainText('6 comments');
	await expect(task.getByTestId('published-task-status')).toHaveText('In progress');
	await expect(panel.getByTestId('changed-summary')).toContainText('1 published group has changed since publishing');
	await shot(facilitator, 'tasks-panel-changed-since-publishing');
	expect((await new AxeBuilder({ page: facilitator }).include('[data-testid="tasks-panel"]').analyze()).violations).toEqual([]);

	// Publishing that group again updates the same task: its evidence, its count, its status kept.
	await changed.getByTestId('publish-task-again').click();
	await expect(panel.getByTestId('tasks-message')).toContainText('Published “Fabric quality” again: 3 comments (+0 −3), still In progress.');
	await expect(task).toContainText('3 comments');
	await expect(task.getByTestId('task-changed')).toHaveCount(0);
	await expect(panel.getByTestId('changed-summary')).toHaveCount(0);
	await shot(facilitator, 'tasks-panel-published-again');
	const after = (await json(await fetch(`${base}/api/departments/${product.id}/tasks`, { headers: workspaceHeaders() }))).tasks;
	expect(after).toHaveLength(1);
	expect(after[0]).toMatchObject({ id: published.id, noteCount: 3, status: 'in_progress', publishedAt: published.publishedAt });
	const evidence = (await json(await fetch(`${base}/api/tasks/${published.id}`, { headers: workspaceHeaders() }))).evidence.map((e: { text: string }) => e.text);
	expect(evidence.sort()).toEqual(comments.filter((t) => !/pilling/i.test(t)).sort());

	// A comment dropped back in shows as added.
	await editor.getByTestId('search').fill('sleeves');
	await editor.getByTestId('select-matches').click();
	await editor.getByTestId('canvas').focus();
	await editor.keyboard.press('m');
	await expect(editor.getByTestId('move-dialog')).toBeVisible();
	await editor.keyboard.type('Fabric');
	await editor.keyboard.press('Enter');
	await expect(task.getByTestId('task-added')).toHaveText('+1');
	await expect(task.getByTestId('task-changed')).toContainText('4 comments in the group now');
});
