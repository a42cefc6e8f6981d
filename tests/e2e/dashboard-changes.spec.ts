import AxeBuilder from '@axe-core/playwright';
import type * as Y from 'yjs';
import { expect, test } from './test';
import { groupMapOf } from '../../src/lib/board';
import { editBoard } from './collab-helpers';
import { createBoard, shot, tokenOf, workspaceHeaders } from './helpers';
import { seedBoard } from './seed-board';

const json = async (res: Response) => {
	expect(res.ok, `${res.url}: ${res.status}`).toBe(true);
	return res.json();
};

/** The ids of the notes placed in a group. */
const notesIn = (doc: Y.Doc, groupId: string) =>
	[...(doc.getMap('place') as Y.Map<{ groupId?: string }>).entries()].filter(([, p]) => p?.groupId === groupId).map(([id]) => id);

test('the department dashboard shows which tasks’ groups changed on the board since publishing, for the head to read only', async ({ browser, baseURL }) => {
	test.setTimeout(180_000);
	const base = baseURL!;
	const board = await createBoard(base, 'Spring delivery survey');
	const facilitator = tokenOf(board.links.facilitator);
	const department = await json(await fetch(`${base}/api/departments`, { method: 'POST', headers: workspaceHeaders(), body: JSON.stringify({ name: `Logistics ${Math.random().toString(36).slice(2, 7)}` }) }));
	const [late, damaged, invoices] = await seedBoard(base, board.id, facilitator, [
		{ label: 'Late delivery', comments: [{ text: 'Parcel came a week late' }, { text: 'Courier missed the window' }, { text: 'Tracking said delivered, it was not' }] },
		{ label: 'Damaged boxes', comments: [{ text: 'The box was crushed' }, { text: 'Wet cardboard, soaked manual' }] },
		{ label: 'Invoices', comments: [{ text: 'Invoice came without VAT' }, { text: 'Charged twice for shipping' }] }
	]);
	await editBoard(base, board.id, board.links.facilitator, (doc) => {
		for (const g of [late, damaged, invoices]) groupMapOf(doc, g.id)!.set('department', department.id);
	});
	const publish = (groups?: string[]) =>
		fetch(`${base}/api/boards/${board.id}/publish`, { method: 'POST', headers: { authorization: `Bearer ${facilitator}`, 'content-type': 'application/json' }, body: JSON.stringify(groups ? { groups } : {}) });
	expect((await json(await publish())).tasks).toHaveLength(3);
	const link = (await json(await fetch(`${base}/api/departments/${department.id}/links`, { method: 'POST', headers: workspaceHeaders(), body: '{}' }))).url;

	// Just published: nothing to say.
	const head = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
	await head.goto(link);
	const rows = head.getByTestId('dashboard-task');
	const row = (title: string) => rows.filter({ hasText: title });
	await expect(rows).toHaveCount(3);
	await expect(head.getByTestId('dashboard-comparing')).toHaveCount(0);
	await expect(head.getByTestId('task-changed')).toHaveCount(0);
	await expect(head.getByTestId('dashboard-changed-summary')).toHaveCount(0);

	// People keep sorting after publishing: a late parcel was really a damaged box.
	await editBoard(base, board.id, board.links.editor, (doc) => {
		const moved = notesIn(doc, late.id).sort()[0];
		doc.getMap('place').set(moved, { groupId: damaged.id, order: 'a9' });
	});
	await head.reload();
	await expect(row('Late delivery').getByTestId('task-removed')).toHaveText('−1');
	await expect(row('Late delivery').getByTestId('task-added')).toHaveCount(0);
	await expect(row('Late delivery').getByTestId('task-changed')).toContainText('2 comments in the group now');
	await expect(row('Damaged boxes').getByTestId('task-added')).toHaveText('+1');
	await expect(row('Damaged boxes').getByTestId('task-changed')).toContainText('3 comments in the group now');
	await expect(row('Invoices').getByTestId('task-changed')).toHaveCount(0);
	// The count is still the one published, which is what the task links to.
	await expect(row('Late delivery')).toContainText('3');
	await expect(head.getByTestId('dashboard-changed-summary')).toContainText('2 tasks’ groups have changed on the board since publishing');
	await expect(head.getByTestId('dashboard-changed-summary')).toContainText('The workshop’s facilitator can publish them again');
	// Read only: publishing again is the facilitator's, on the board.
	await expect(head.getByRole('button', { name: /publish/i })).toHaveCount(0);
	await head.screenshot({ path: test.info().outputPath('dashboard-changed-since-publishing.png'), fullPage: true });
	await shot(head, 'dashboard-changed-since-publishing');
	expect((await new AxeBuilder({ page: head }).analyze()).violations).toEqual([]);

	// Published again, the task links to the group as it is: the dashboard has nothing more to say about it.
	expect((await json(await publish([late.id]))).tasks.map((t: { title: string; noteCount: number }) => [t.title, t.noteCount])).toEqual([['Late delivery', 2]]);
	await head.reload();
	await expect(row('Damaged boxes').getByTestId('task-added')).toHaveText('+1');
	await expect(row('Late delivery').getByTestId('task-changed')).toHaveCount(0);
	await expect(head.getByTestId('dashboard-changed-summary')).toContainText('1 task’s group has changed on the board since publishing');
});
