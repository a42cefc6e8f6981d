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
	// A refresh: the page's data read again in place (SvelteKit's __data.json, or the page's own address as JSON).
	const loads = { count: 0 };
	page.on('request', (r) => r.resourceType() === 'fetch' && new URL(r.url()).pathname.startsWith('/departments/') && loads.count++);
	await page.goto(link);
	const setHidden = (hidden: boolean) =>
		page.evaluate((h) => {
			(window as unknown as { __hidden: boolean }).__hidden = h;
			document.dispatchEvent(new Event('visibilitychange'));
		}, hidden);
	return { context, page, loads, setHidden };
}

/** Marks the document, so a test can tell the page was not loaded anew. */
const mark = (page: Page) => page.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));
const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __same?: boolean }).__same === true);

/**
 * A board with two groups ("Late delivery", "Damaged boxes") published as tasks of a new
 * department, and a link to the department's dashboard (`link`, its `linkHash` to revoke it).
 */
async function publishedDepartment(base: string) {
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
	const { url: link, hash: linkHash } = await json(await fetch(`${base}/api/departments/${department.id}/links`, { method: 'POST', headers: workspaceHeaders(), body: '{}' }));

	return { board, facilitatorToken, department, late, damaged, lateTask, link: link as string, linkHash: linkHash as string };
}

test('a head watching the dashboard and a task’s page sees the group renamed and regrouped on the board, without reloading, and nothing is read while the tab is hidden', async ({ browser, baseURL }) => {
	test.setTimeout(240_000);
	const base = baseURL!;
	const { board, department, late, damaged, lateTask, link } = await publishedDepartment(base);

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

test('a dashboard left open keeps what it showed when the network drops, says so once, and refreshes on its own when the connection is back', async ({ browser, baseURL }) => {
	const { link } = await publishedDepartment(baseURL!);
	const { context, page: head, loads } = await headPage(browser, link);
	const rows = head.getByTestId('dashboard-task');
	const notice = head.getByTestId('refresh-notice');
	await expect(rows).toHaveCount(2);
	await expect(head.getByTestId('live-updated')).toContainText('Updated');
	await mark(head);

	// The refresh comes due with the laptop off the network.
	await context.setOffline(true);
	await head.clock.fastForward('00:31');
	await expect(notice).toHaveAttribute('data-kind', 'offline');
	await expect(notice).toContainText(/You are offline: showing what was read at .+\. It refreshes when the connection is back\.$/);
	await expect(rows).toHaveCount(2);
	expect(await sameDocument(head)).toBe(true);
	await shot(head, 'dashboard-refresh-offline');
	await head.screenshot({ path: test.info().outputPath('dashboard-offline.png'), fullPage: true });
	expect((await new AxeBuilder({ page: head }).analyze()).violations).toEqual([]);
	const said = await head.getByTestId('refresh-notice-region').textContent();

	// Refresh pressed while offline, and minutes passing: the same words (announced once), no reads.
	const offlineFrom = loads.count;
	await head.getByTestId('live-refresh-button').click();
	await expect(head.getByTestId('live-updated')).toContainText('Read');
	await head.clock.fastForward('10:00');
	// The button's one try, and none of the timer's while the browser is offline.
	expect(loads.count).toBeLessThanOrEqual(offlineFrom + 1);
	expect(await head.getByTestId('refresh-notice-region').textContent()).toBe(said);
	await expect(rows).toHaveCount(2);

	// Back online: one refresh at once, and the notice goes.
	const onlineFrom = loads.count;
	await context.setOffline(false);
	await expect(notice).toHaveCount(0);
	await expect(head.getByTestId('live-updated')).toContainText('Updated');
	expect(loads.count).toBe(onlineFrom + 1);
	expect(await sameDocument(head)).toBe(true);
});

test('a dashboard whose refresh the server refuses as busy or cannot answer (restarting) keeps its tasks, waits as the server asked, and recovers by itself', async ({ browser, baseURL }) => {
	const { link } = await publishedDepartment(baseURL!);
	const { page: head, loads } = await headPage(browser, link);
	const rows = head.getByTestId('dashboard-task');
	const notice = head.getByTestId('refresh-notice');
	await expect(rows).toHaveCount(2);
	await expect(head.getByTestId('live-updated')).toContainText('Updated');
	await mark(head);

	// The server is busy: 503 with Retry-After 120 s.
	let answer: 'busy' | 'down' | 'up' = 'busy';
	await head.route(
		(url) => url.pathname.startsWith('/departments/'),
		(route) => {
			if (route.request().resourceType() !== 'fetch' || answer === 'up') return route.fallback();
			if (answer === 'down') return route.abort('connectionrefused');
			return route.fulfill({ status: 503, headers: { 'retry-after': '120', 'content-type': 'application/json' }, body: JSON.stringify({ message: 'The server is busy.', hint: 'Try again in a moment.' }) });
		}
	);
	await head.clock.fastForward('00:31');
	await expect(notice).toHaveAttribute('data-kind', 'failed');
	await expect(notice).toContainText('Could not refresh: The server is busy (503). This page is showing what was read at');
	await expect(rows).toHaveCount(2);
	expect(await sameDocument(head)).toBe(true);
	await shot(head, 'dashboard-refresh-busy');
	await head.screenshot({ path: test.info().outputPath('dashboard-busy.png'), fullPage: true });

	// It asks again only when the server said it may, once.
	const busyFrom = loads.count;
	await head.clock.fastForward('01:50');
	expect(loads.count).toBe(busyFrom);
	await head.clock.fastForward('00:11');
	await expect.poll(() => loads.count).toBe(busyFrom + 1);

	// The server restarts: no answer at all.
	answer = 'down';
	await expect(head.getByTestId('live-updated')).toContainText('Read');
	await head.clock.fastForward('02:01');
	await expect(notice).toHaveAttribute('data-kind', 'unreachable');
	await expect(notice).toContainText('The server could not be reached (it may be restarting): showing what was read at');
	await expect(rows).toHaveCount(2);

	// Back: the next try (backed off, 2 min after three failures) refreshes, and the notice goes.
	answer = 'up';
	const downFrom = loads.count;
	await head.clock.fastForward('01:50');
	expect(loads.count).toBe(downFrom);
	await head.clock.fastForward('00:11');
	await expect(notice).toHaveCount(0);
	await expect(head.getByTestId('live-updated')).toContainText('Updated');
	expect(await sameDocument(head)).toBe(true);
});

test('a task’s page open while its task moves to another department, or its link is revoked, says so and what to do instead of an error page', async ({ browser, baseURL }) => {
	const base = baseURL!;
	const { board, facilitatorToken, department, late, lateTask, link, linkHash } = await publishedDepartment(base);
	const { page: head, loads } = await headPage(browser, link);
	await head.goto(`/departments/${department.id}/tasks/${lateTask.id}`);
	await expect(head.getByTestId('task-title')).toHaveText('Late delivery');
	await expect(head.getByTestId('live-updated')).toContainText('Updated');
	await mark(head);
	const notice = head.getByTestId('refresh-notice');

	// The facilitator assigns the group to another department and publishes it again.
	const other = await json(await fetch(`${base}/api/departments`, { method: 'POST', headers: workspaceHeaders(), body: JSON.stringify({ name: `Returns ${Math.random().toString(36).slice(2, 7)}` }) }));
	await editBoard(base, board.id, board.links.facilitator, (doc) => groupMapOf(doc, late.id)!.set('department', other.id));
	await json(await fetch(`${base}/api/boards/${board.id}/publish`, { method: 'POST', headers: { authorization: `Bearer ${facilitatorToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ groups: [late.id] }) }));
	await head.clock.fastForward('00:31');
	await expect(notice).toHaveAttribute('data-kind', 'refused');
	await expect(notice).toContainText(`This task was deleted or moved to another department. Go back to the ${department.name} dashboard for its current tasks. This page is showing what was read at`);
	await expect(head.getByTestId('task-title')).toHaveText('Late delivery');
	expect(await sameDocument(head)).toBe(true);
	await shot(head, 'task-page-refresh-moved');
	await head.screenshot({ path: test.info().outputPath('task-moved.png'), fullPage: true });
	expect((await new AxeBuilder({ page: head }).analyze()).violations).toEqual([]);
	// Trying again on its own would not mend it.
	const refusedFrom = loads.count;
	await head.clock.fastForward('10:00');
	expect(loads.count).toBe(refusedFrom);

	// The dashboard the notice links to; then the link is revoked while it is open.
	await head.getByTestId('refresh-notice-action').click();
	await expect(head.getByTestId('dashboard-task')).toHaveCount(1);
	await expect(head.getByTestId('live-updated')).toContainText('Updated');
	const revoked = await fetch(`${base}/api/departments/${department.id}/links/${linkHash}`, { method: 'DELETE', headers: workspaceHeaders() });
	expect(revoked.status).toBe(200);
	await head.getByTestId('live-refresh-button').click();
	await expect(notice).toHaveAttribute('data-kind', 'refused');
	await expect(notice).toContainText('This department link is not valid or was revoked. Ask a facilitator for a new department link.');
	await expect(head.getByTestId('dashboard-task')).toHaveCount(1);
	await shot(head, 'dashboard-refresh-revoked');
	expect(await sameDocument(head)).toBe(true);
});

test('a tab back from a long sleep, with the network gone and back meanwhile, refreshes once, not in a burst', async ({ browser, baseURL }) => {
	const { link } = await publishedDepartment(baseURL!);
	const { context, page: head, loads, setHidden } = await headPage(browser, link);
	await expect(head.getByTestId('dashboard-task')).toHaveCount(2);
	await expect(head.getByTestId('live-updated')).toContainText('Updated');

	await setHidden(true);
	await context.setOffline(true);
	const asleepFrom = loads.count;
	await head.clock.fastForward('03:00:00');
	await context.setOffline(false);
	expect(loads.count).toBe(asleepFrom);
	await setHidden(false);
	await head.evaluate(() => window.dispatchEvent(new Event('online')));
	await expect.poll(() => loads.count).toBe(asleepFrom + 1);
	await head.clock.runFor(1000);
	await expect(head.getByTestId('live-updated')).toContainText('Updated');
	expect(loads.count).toBe(asleepFrom + 1);
	await expect(head.getByTestId('refresh-notice')).toHaveCount(0);
	// And the next refresh 30 s later, as usual.
	await head.clock.fastForward('00:31');
	await expect.poll(() => loads.count).toBe(asleepFrom + 2);
});
