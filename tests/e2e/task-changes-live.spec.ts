import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type * as Y from 'yjs';
import { expect, test } from './test';
import { groupMapOf } from '../../src/lib/board';
import { editBoard } from './collab-helpers';
import { createBoard, openAs, shot, tokenOf, workspaceHeaders } from './helpers';
import { seedBoard } from './seed-board';

const json = async (res: Response) => {
	expect(res.ok, `${res.url}: ${res.status}`).toBe(true);
	return res.json();
};

/** The ids of the notes placed in a group. */
const notesIn = (doc: Y.Doc, groupId: string) =>
	[...(doc.getMap('place') as Y.Map<{ groupId?: string }>).entries()].filter(([, p]) => p?.groupId === groupId).map(([id]) => id);

/**
 * A head's page whose tab can be hidden and shown again, with its clock under the test's control
 * and a count of the times its data was loaded again.
 */
async function headPage(browser: import('@playwright/test').Browser, link: string) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
	await context.addInitScript(() => {
		const w = window as unknown as { __hidden: boolean };
		w.__hidden = false;
		Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (w.__hidden ? 'hidden' : 'visible') });
		Object.defineProperty(document, 'hidden', { configurable: true, get: () => w.__hidden });
	});
	const page = await context.newPage();
	await page.clock.install();
	const loads = { count: 0 };
	page.on('request', (r) => r.url().includes('__data.json') && loads.count++);
	await page.goto(link);
	const setHidden = (hidden: boolean) =>
		page.evaluate((h) => {
			(window as unknown as { __hidden: boolean }).__hidden = h;
			document.dispatchEvent(new Event('visibilitychange'));
		}, hidden);
	return { page, loads, setHidden };
}

/** Marks the document, so a test can tell the page was not loaded anew. */
const mark = (page: Page) => page.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));
const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __same?: boolean }).__same === true);

test('a head watching the dashboard and a task’s page sees the group renamed and regrouped on the board, without reloading, and nothing is read while the tab is hidden', async ({ browser, baseURL }) => {
	test.setTimeout(240_000);
	const base = baseURL!;
	const board = await createBoard(base, 'Winter delivery survey');
	const facilitatorToken = tokenOf(board.links.facilitator);
	const department = await json(await fetch(`${base}/api/departments`, { method: 'POST', headers: workspaceHeaders(), body: JSON.stringify({ name: `Logistics ${Math.random().toString(36).slice(2, 7)}` }) }));
	const [late, damaged] = await seedBoard(base, board.id, facilitatorToken, [
		{ label: 'Late delivery', comments: [{ text: 'Parcel came a week late' }, { text: 'Courier missed the window' }, { text: 'Tracking said delivered, it was not' }] },
		{ label: 'Damaged boxes', comments: [{ text: 'The box was crushed' }, { text: 'Wet cardboard, soaked manual' }] }
	]);
	await editBoard(base, board.id, board.links.facilitator, (doc) => {
		for (const g of [late, damaged]) groupMapOf(doc, g.id)!.set('department', department.id);
	});
	const published = await json(await fetch(`${base}/api/boards/${board.id}/publish`, { method: 'POST', headers: { authorization: `Bearer ${facilitatorToken}`, 'content-type': 'application/json' }, body: '{}' }));
	const lateTask = published.tasks.find((t: { title: string }) => t.title === 'Late delivery');
	const link = (await json(await fetch(`${base}/api/departments/${department.id}/links`, { method: 'POST', headers: workspaceHeaders(), body: '{}' }))).url;

	// The head opens the dashboard: nothing changed yet.
	const { page: head, loads, setHidden } = await headPage(browser, link);
	const rows = head.getByTestId('dashboard-task');
	const row = (title: string) => rows.filter({ hasText: title });
	await expect(rows).toHaveCount(2);
	await expect(head.getByTestId('live-updated')).toContainText('Updated');
	await expect(head.getByTestId('task-changed')).toHaveCount(0);
	await mark(head);

	// The facilitator renames a group on the board during the workshop; the Publish tab says so.
	const facilitator = await openAs(browser, board.links.facilitator);
	await facilitator.getByTestId('group-name').filter({ hasText: 'Late delivery' }).dblclick();
	await facilitator.getByTestId('group-name-input').fill('Parcels arrive late');
	await facilitator.keyboard.press('Enter');
	await facilitator.keyboard.press('Alt+KeyT');
	const panel = facilitator.getByTestId('tasks-panel');
	await panel.getByRole('tab', { name: 'Publish & export' }).click();
	const publishedLate = panel.getByTestId('published-task').filter({ hasText: 'Late delivery' });
	await expect(publishedLate.getByTestId('task-renamed')).toHaveText('renamed: “Late delivery” → “Parcels arrive late”');
	await expect(publishedLate.getByTestId('task-added')).toHaveCount(0);
	await expect(panel.getByTestId('changed-summary')).toContainText('1 published group has changed since publishing');
	await shot(facilitator, 'tasks-panel-renamed-since-publishing');

	// The dashboard catches up on its own, in the same page.
	const before = loads.count;
	await head.clock.fastForward('00:31');
	await expect(row('Late delivery').getByTestId('task-renamed')).toHaveText('renamed: “Late delivery” → “Parcels arrive late”');
	expect(loads.count).toBe(before + 1);
	await expect(row('Late delivery').getByTestId('task-changed')).toContainText('3 comments in the group now');
	await expect(head.getByTestId('dashboard-changed-summary')).toContainText('1 task’s group has changed on the board since publishing');
	await expect(row('Damaged boxes').getByTestId('task-changed')).toHaveCount(0);
	expect(await sameDocument(head)).toBe(true);

	// While the tab is hidden the dashboard reads nothing; shown again, it catches up at once.
	await setHidden(true);
	await expect(head.getByTestId('live-updated')).toContainText('Updated');
	const hiddenFrom = loads.count;
	await editBoard(base, board.id, board.links.editor, (doc) => {
		doc.getMap('place').set(notesIn(doc, late.id).sort()[0], { groupId: damaged.id, order: 'a9' });
	});
	await head.clock.fastForward('02:00');
	await expect(row('Damaged boxes').getByTestId('task-changed')).toHaveCount(0);
	expect(loads.count).toBe(hiddenFrom);
	await setHidden(false);
	await expect(row('Damaged boxes').getByTestId('task-added')).toHaveText('+1');
	await expect(row('Late delivery').getByTestId('task-removed')).toHaveText('−1');
	await expect(row('Late delivery').getByTestId('task-changed')).toContainText('2 comments in the group now');
	expect(loads.count).toBe(hiddenFrom + 1);
	expect(await sameDocument(head)).toBe(true);
	await head.screenshot({ path: test.info().outputPath('dashboard-live.png'), fullPage: true });
	await shot(head, 'dashboard-live-renamed');
	expect((await new AxeBuilder({ page: head }).analyze()).violations).toEqual([]);

	// The task's own page shows the same, and keeps it current with its Refresh button.
	await row('Late delivery').getByRole('link', { name: 'Late delivery' }).click();
	await expect(head.getByTestId('task-title')).toHaveText('Late delivery');
	const since = head.getByTestId('task-since-publishing');
	await expect(since.getByTestId('task-renamed')).toHaveText('renamed: “Late delivery” → “Parcels arrive late”');
	await expect(since.getByTestId('task-removed')).toHaveText('−1');
	await expect(since.getByTestId('task-changed')).toContainText('2 comments in the group now');
	await head.screenshot({ path: test.info().outputPath('task-page-changed.png'), fullPage: true });
	await shot(head, 'task-page-changed-since-publishing');
	expect((await new AxeBuilder({ page: head }).analyze()).violations).toEqual([]);

	// The facilitator publishes it again; the head refreshes from the keyboard.
	await publishedLate.getByTestId('publish-task-again').click();
	await expect(panel.getByTestId('tasks-message')).toContainText('Published “Parcels arrive late” again');
	await expect(panel.getByTestId('published-task').filter({ hasText: 'Parcels arrive late' }).getByTestId('task-changed')).toHaveCount(0);
	await head.getByTestId('live-refresh-button').focus();
	await head.keyboard.press('Enter');
	await expect(head.getByTestId('task-title')).toHaveText('Parcels arrive late');
	await expect(since.getByTestId('task-changed')).toHaveCount(0);
	await expect(since.getByTestId('task-unchanged')).toBeVisible();
	await expect(head.getByTestId('evidence-item')).toHaveCount(2);
	expect(await sameDocument(head)).toBe(true);
	expect(head.url()).toContain(`/tasks/${lateTask.id}`);
});
