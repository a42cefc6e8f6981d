import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from './test';
import { createBoard, openAs, shot, WORKSPACE_TOKEN } from './helpers';
import { seedBoard } from './seed-board';

async function api<T>(baseURL: string, path: string, token: string, body?: unknown): Promise<T> {
	const res = await fetch(`${baseURL}${path}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	expect(res.ok, `${path}: ${res.status}`).toBe(true);
	return res.json();
}

async function openDashboard(browser: Browser, link: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('tasks from customer workshops');
	return page;
}

const c = (text: string, satisfaction: string, region: string) => ({ text, fields: { satisfaction, region, touchpoint: 'Delivery' } });

test('groups assigned to two departments become tasks on exactly their dashboards', async ({ browser, baseURL }) => {
	// The longest walk of the suite (board, panel, publish, two dashboards, a phone, a task page):
	// 3.1 min when the machine's load was 38.
	test.setTimeout(360_000);
	const base = baseURL!;
	const board = await createBoard(base, 'Spring delivery survey');
	const facilitator = new URL(board.links.facilitator).searchParams.get('token')!;
	const suffix = Math.random().toString(36).slice(2, 7);
	const logistics = await api<{ id: string }>(base, '/api/departments', WORKSPACE_TOKEN, { name: `Logistics ${suffix}` });
	const finance = await api<{ id: string }>(base, '/api/departments', WORKSPACE_TOKEN, { name: `Finance ${suffix}` });
	await seedBoard(base, board.id, facilitator, [
		{ label: 'Late delivery', comments: [c('Parcel arrived a week late', 'Very dissatisfied', 'North'), c('Courier missed the window twice', 'Dissatisfied', 'North'), c('Tracking never updated', 'Very dissatisfied', 'North')] },
		{ label: 'Damaged boxes', comments: [c('The box was crushed on arrival', 'Dissatisfied', 'South'), c('Glass broken inside the parcel', 'Very dissatisfied', 'East')] },
		{ label: 'Confusing invoice', comments: [c('Fees on the invoice I never agreed to', 'Dissatisfied', 'South'), c('Could not read the VAT lines', 'Satisfied', 'West')] }
	]);

	const page = await openAs(browser, board.links.facilitator);
	await page.keyboard.press('Alt+KeyT');
	const panel = page.getByTestId('tasks-panel');
	await expect(panel.getByTestId('assign-group')).toHaveCount(3);
	const plan = [
		['Late delivery', `Logistics ${suffix}`, 'Lena Berg', 'lena@example.com', 'high', '2020-01-31'],
		['Damaged boxes', `Logistics ${suffix}`, 'Omar Haddad', 'omar@example.com', 'medium', '2030-06-30'],
		['Confusing invoice', `Finance ${suffix}`, 'Fay Chen', 'fay@example.com', 'critical', '2030-03-15']
	] as const;
	for (const [label, dept, owner, email, priority, due] of plan) {
		const row = panel.getByTestId('assign-group').filter({ hasText: label });
		await row.getByTestId('assign-department').selectOption({ label: dept });
		await row.getByTestId('assign-owner-name').fill(owner);
		await row.getByTestId('assign-owner-email').fill(email);
		await row.getByTestId('assign-priority').selectOption(priority);
		await row.getByTestId('assign-due').fill(due);
		await row.getByTestId('assign-due').press('Tab');
	}
	await shot(page, 'tasks-panel-assign');
	expect((await new AxeBuilder({ page }).include('[data-testid="tasks-panel"]').analyze()).violations).toEqual([]);

	// Tabs follow the arrow keys.
	await panel.getByRole('tab', { name: 'Assign' }).focus();
	await page.keyboard.press('ArrowRight');
	await expect(panel.getByRole('tab', { name: 'By department' })).toBeFocused();
	await expect(panel.getByRole('tab', { name: 'By department' })).toHaveAttribute('aria-selected', 'true');
	await expect(panel.locator(`[data-department="Logistics ${suffix}"]`)).toContainText('2 groups · 5 comments');
	await expect(panel.locator(`[data-department="Finance ${suffix}"]`)).toContainText('Confusing invoice');
	await shot(page, 'tasks-panel-by-department');
	await panel.getByRole('tab', { name: 'Insights' }).click();
	await panel.getByLabel('Group', { exact: true }).selectOption({ label: 'Late delivery' });
	await expect(panel.getByTestId('insight-count')).toHaveText('3');
	await expect(panel.getByText('Very dissatisfied')).toBeVisible();
	await shot(page, 'tasks-panel-insights');
	await panel.getByLabel('Group', { exact: true }).selectOption({ label: 'Whole board (summary)' });
	await expect(panel.getByTestId('board-summary').locator('tbody tr')).toHaveCount(3);
	await expect(panel.getByTestId('board-summary').locator('tbody tr').first()).toContainText('Late delivery');
	// One scale: one "Dissatisfied" column, as always.
	await expect(panel.getByTestId('board-summary').locator('thead th')).toHaveText(['Group', 'Comments', 'Dissatisfied', 'Stands out']);
	await expect(panel.getByTestId('board-summary').locator('tbody tr').first().getByTestId('summary-dissatisfied')).toHaveText('3');
	await shot(page, 'tasks-panel-summary');
	expect((await new AxeBuilder({ page }).include('[data-testid="tasks-panel"]').analyze()).violations).toEqual([]);

	await panel.getByRole('tab', { name: 'Publish & export' }).click();
	await panel.getByTestId('publish').click();
	await expect(panel.getByTestId('tasks-message')).toContainText('Published 3 tasks: 3 new, 0 updated');
	await expect(panel.getByTestId('published-tasks').getByRole('listitem')).toHaveCount(3);
	await shot(page, 'tasks-panel-publish');
	expect((await new AxeBuilder({ page }).include('[data-testid="tasks-panel"]').analyze()).violations).toEqual([]);

	const links = {
		logistics: (await api<{ url: string }>(base, `/api/departments/${logistics.id}/links`, WORKSPACE_TOKEN, {})).url,
		finance: (await api<{ url: string }>(base, `/api/departments/${finance.id}/links`, WORKSPACE_TOKEN, {})).url
	};

	const head = await openDashboard(browser, links.logistics);
	const rows = head.getByTestId('dashboard-task');
	await expect(rows).toHaveCount(2);
	await expect(rows.filter({ hasText: 'Late delivery' })).toHaveClass(/overdue/);
	await expect(head.getByTestId('dashboard-tasks')).not.toContainText('Confusing invoice');
	await shot(head, 'department-dashboard');
	expect((await new AxeBuilder({ page: head }).analyze()).violations).toEqual([]);

	// A head reading the dashboard on a phone: the page keeps to the screen and the tables scroll in their own box.
	const phone = await (await browser.newContext({ isMobile: true, hasTouch: true, viewport: { width: 390, height: 844 } })).newPage();
	await phone.goto(links.logistics);
	await expect(phone.getByTestId('dashboard-task')).toHaveCount(2);
	expect(await phone.evaluate(() => [window.innerWidth, document.documentElement.scrollWidth])).toEqual([390, 390]);
	const table = phone.getByRole('region', { name: 'Tasks table' });
	expect(await table.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
	await shot(phone, 'department-dashboard-phone');
	expect((await new AxeBuilder({ page: phone }).analyze()).violations).toEqual([]);
	await phone.getByRole('link', { name: 'Late delivery' }).click();
	await expect(phone.getByTestId('evidence-item')).toHaveCount(3);
	expect(await phone.evaluate(() => [window.innerWidth, document.documentElement.scrollWidth])).toEqual([390, 390]);
	await phone.context().close();

	const financeHead = await openDashboard(browser, links.finance);
	await expect(financeHead.getByTestId('dashboard-task')).toHaveCount(1);
	await expect(financeHead.getByTestId('dashboard-task')).toContainText('Confusing invoice');

	// The evidence behind a task, with each comment's customer context.
	await head.getByRole('link', { name: 'Late delivery' }).click();
	await expect(head.getByTestId('task-title')).toHaveText('Late delivery');
	// The due date reads as on the dashboard, in the reader's way of writing dates.
	await expect(head.locator('dt', { hasText: 'Due' }).locator('xpath=following-sibling::dd')).toHaveText('Jan 31, 2020 (overdue)');
	await expect(head.getByTestId('evidence-item')).toHaveCount(3);
	await expect(head.getByTestId('evidence-item').first()).toContainText('North');
	// The context reads in people's words, never the keys notes store.
	await expect(head.getByTestId('evidence-item').first().locator('dt')).toHaveText(['Satisfaction', 'Region', 'Touchpoint']);
	await shot(head, 'task-evidence');
	expect((await new AxeBuilder({ page: head }).analyze()).violations).toEqual([]);
	await head.goBack();

	// A status change survives a reload.
	const damaged = rows.filter({ hasText: 'Damaged boxes' });
	await damaged.getByTestId('task-status').selectOption('in_progress');
	await expect(damaged.getByTestId('task-status')).toBeEnabled();
	await head.reload();
	await expect(rows.filter({ hasText: 'Damaged boxes' }).getByTestId('task-status')).toHaveValue('in_progress');

	// Publishing again updates the same tasks; nothing is duplicated and the status is kept.
	await panel.getByTestId('publish').click();
	await expect(panel.getByTestId('tasks-message')).toContainText('Published 3 tasks: 0 new, 3 updated');
	await head.reload();
	await expect(rows).toHaveCount(2);
	await expect(rows.filter({ hasText: 'Damaged boxes' }).getByTestId('task-status')).toHaveValue('in_progress');
	const all = await api<{ tasks: unknown[] }>(base, `/api/departments/${logistics.id}/tasks`, WORKSPACE_TOKEN);
	expect(all.tasks).toHaveLength(2);
	await financeHead.reload();
	await expect(financeHead.getByTestId('dashboard-task')).toHaveCount(1);
});

test('facilitators manage departments, and a later workshop sees the open task it repeats', async ({ browser, baseURL }) => {
	const base = baseURL!;
	const suffix = Math.random().toString(36).slice(2, 7);
	const earlier = await createBoard(base, 'Winter survey');
	const earlierToken = new URL(earlier.links.facilitator).searchParams.get('token')!;

	// The departments page (workspace link), with the keyboard only.
	const page = await (await browser.newContext()).newPage();
	await page.goto(`/?token=${WORKSPACE_TOKEN}`);
	await expect(page.getByTestId('workspace')).toBeVisible();
	await page.getByRole('link', { name: 'Departments' }).click();
	await expect(page.getByRole('heading', { name: 'Departments', level: 1 })).toBeVisible();
	await page.getByLabel('Name', { exact: true }).first().fill(`Returns ${suffix}`);
	await page.getByLabel('Head e-mail').first().fill('head.returns@example.com');
	await page.getByLabel('Head e-mail').first().press('Enter');
	await expect(page.getByRole('status')).toContainText(`Added Returns ${suffix}`);
	await page.getByLabel('Name', { exact: true }).first().fill(`returns ${suffix}`);
	await page.getByLabel('Name', { exact: true }).first().press('Enter');
	await expect(page.getByRole('alert')).toContainText(`already a department called "Returns ${suffix}"`);
	// The next department offered gets a colour of its own, so the two are told apart on dashboards and the board.
	await page.getByLabel('Name', { exact: true }).first().fill(`Exchanges ${suffix}`);
	await page.getByLabel('Name', { exact: true }).first().press('Enter');
	await expect(page.getByRole('status')).toContainText(`Added Exchanges ${suffix}`);
	const colourOf = (name: string) => page.locator(`[data-testid="department-row"][data-name="${name}"]`).getByLabel('Colour').inputValue();
	expect(await colourOf(`Exchanges ${suffix}`)).not.toBe(await colourOf(`Returns ${suffix}`));
	const row = page.locator(`[data-testid="department-row"][data-name="Returns ${suffix}"]`);
	await row.getByTestId('create-link').focus();
	await page.keyboard.press('Enter');
	const link = await row.getByTestId('department-link').inputValue();
	expect(link).toMatch(/\/departments\/dept_[a-z0-9]+\?token=dt_/);
	await expect(row.getByTestId('department-link-row')).toHaveCount(1);
	await shot(page, 'departments-admin');
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
	const departmentId = new URL(link).pathname.split('/')[2];

	// A revoked link stops opening the dashboard at once.
	const head = await (await browser.newContext()).newPage();
	await head.goto(link);
	await expect(head.getByRole('heading', { level: 1 })).toContainText('tasks from customer workshops');
	await row.getByRole('button', { name: /^Revoke/ }).focus();
	await page.keyboard.press('Enter');
	await expect(row.getByRole('status')).toContainText('Link revoked');
	await expect(row.getByTestId('department-link-row')).toHaveCount(0);
	await head.reload();
	await expect(head.getByText('This department link is not valid or was revoked.')).toBeVisible();

	// An earlier workshop published a task for this department...
	const [late] = await seedBoard(base, earlier.id, earlierToken, [
		{ label: 'Refunds take weeks', comments: [c('My refund took three weeks to arrive', 'Very dissatisfied', 'North'), c('Still waiting for the refund of my return', 'Dissatisfied', 'South'), c('Refund for the returned jacket never came', 'Very dissatisfied', 'North')] }
	]);
	const earlierPage = await openAs(browser, earlier.links.facilitator);
	await earlierPage.getByTestId('open-tasks').click();
	await earlierPage.getByTestId('assign-group').first().getByTestId('assign-department').selectOption(departmentId);
	await earlierPage.getByRole('tab', { name: 'Publish & export' }).click();
	await earlierPage.getByTestId('publish').click();
	await expect(earlierPage.getByTestId('tasks-message')).toContainText('Published 1 task');
	expect(late.id).toMatch(/^grp_/);

	// ...and the next workshop's similar group is flagged as a recurring theme.
	const next = await createBoard(base, 'Spring survey');
	const nextToken = new URL(next.links.facilitator).searchParams.get('token')!;
	await seedBoard(base, next.id, nextToken, [
		{ label: 'Where is my refund', comments: [c('The refund for my return still has not arrived', 'Very dissatisfied', 'East'), c('Refund took weeks after I sent it back', 'Dissatisfied', 'North')] },
		{ label: 'Friendly staff', comments: [c('The staff in the shop were lovely', 'Very satisfied', 'West')] }
	]);
	const nextPage = await openAs(browser, next.links.facilitator);
	await nextPage.getByTestId('open-tasks').click();
	const flagged = nextPage.getByTestId('assign-group').filter({ hasText: 'Where is my refund' });
	await expect(flagged.getByTestId('recurring')).toContainText('Refunds take weeks');
	await expect(nextPage.getByTestId('assign-group').filter({ hasText: 'Friendly staff' }).getByTestId('recurring')).toHaveCount(0);
	await nextPage.getByRole('tab', { name: 'Publish & export' }).click();
	await expect(nextPage.getByTestId('earlier-tasks')).toContainText('Refunds take weeks');
	await shot(nextPage, 'follow-through');
});

test('a task behind one customer comment says "1 comment" on the board and on its department pages', async ({ browser, baseURL }) => {
	const base = baseURL!;
	const suffix = Math.random().toString(36).slice(2, 7);
	const board = await createBoard(base, 'Shop survey');
	const department = await api<{ id: string }>(base, '/api/departments', WORKSPACE_TOKEN, { name: `Stores ${suffix}` });
	await seedBoard(base, board.id, new URL(board.links.facilitator).searchParams.get('token')!, [
		{ label: 'Friendly staff', comments: [c('The staff in the shop were lovely', 'Very satisfied', 'West')] }
	]);
	const page = await openAs(browser, board.links.facilitator);
	await page.getByTestId('open-tasks').click();
	await page.getByTestId('assign-group').first().getByTestId('assign-department').selectOption(department.id);
	const panel = page.getByTestId('tasks-panel');
	await panel.getByRole('tab', { name: 'By department' }).click();
	await expect(panel.locator(`[data-department="Stores ${suffix}"] h3`)).toContainText('1 group · 1 comment');
	await expect(panel.locator(`[data-department="Stores ${suffix}"]`)).not.toContainText('1 comments');
	await panel.getByRole('tab', { name: 'Publish & export' }).click();
	await panel.getByTestId('publish').click();
	await expect(panel.getByTestId('published-tasks')).toContainText('Friendly staff');
	await expect(panel.getByTestId('published-tasks')).toContainText('1 comment');
	await expect(panel.getByTestId('published-tasks')).not.toContainText('1 comments');

	const link = (await api<{ url: string }>(base, `/api/departments/${department.id}/links`, WORKSPACE_TOKEN, {})).url;
	const head = await openDashboard(browser, link);
	await head.getByRole('link', { name: 'Friendly staff' }).click();
	await expect(head.getByRole('heading', { name: /Customer evidence/ })).toHaveText('Customer evidence (1 comment)');
});

test('publishing warns about an assigned group with no name before its department gets an "Untitled group" task', async ({ browser, baseURL }) => {
	const base = baseURL!;
	const suffix = Math.random().toString(36).slice(2, 7);
	const board = await createBoard(base, 'Unnamed groups');
	const department = await api<{ id: string }>(base, '/api/departments', WORKSPACE_TOKEN, { name: `Care ${suffix}` });
	await seedBoard(base, board.id, new URL(board.links.facilitator).searchParams.get('token')!, [
		{ label: '', comments: [c('Nobody answered the phone', 'Dissatisfied', 'North')] },
		{ label: 'Friendly staff', comments: [c('The staff in the shop were lovely', 'Very satisfied', 'West')] }
	]);
	const page = await openAs(browser, board.links.facilitator);
	await page.getByTestId('open-tasks').click();
	const panel = page.getByTestId('tasks-panel');
	await panel.getByTestId('assign-group').filter({ hasText: 'Friendly staff' }).getByTestId('assign-department').selectOption(department.id);
	await panel.getByRole('tab', { name: 'Publish & export' }).click();
	await expect(panel.getByTestId('unnamed-assigned')).toHaveCount(0);
	await panel.getByRole('tab', { name: 'Assign' }).click();
	await panel.getByTestId('assign-group').filter({ hasText: 'Untitled group' }).getByTestId('assign-department').selectOption(department.id);
	await panel.getByRole('tab', { name: 'Publish & export' }).click();
	await expect(panel.getByTestId('unnamed-assigned')).toHaveText('1 assigned group has no name: its department would get a task called “Untitled group”. Name it on the board first.');
	await shot(page, 'tasks-panel-unnamed-warning');
	expect((await new AxeBuilder({ page }).include('[data-testid="tasks-panel"]').analyze()).violations).toEqual([]);
});

test('a facilitator gives the group selected on the canvas a department and an owner from Details, with the keyboard only', async ({ browser, baseURL }) => {
	const base = baseURL!;
	const board = await createBoard(base, 'Autumn delivery survey');
	const facilitator = new URL(board.links.facilitator).searchParams.get('token')!;
	const suffix = Math.random().toString(36).slice(2, 7);
	const logistics = `Logistics ${suffix}`;
	await api(base, '/api/departments', WORKSPACE_TOKEN, { name: logistics });
	await seedBoard(base, board.id, facilitator, [{ label: 'Late delivery', comments: [c('Parcel arrived a week late', 'Very dissatisfied', 'North'), c('Courier missed the window twice', 'Dissatisfied', 'North')] }]);
	const alice = await openAs(browser, board.links.facilitator);
	const bob = await openAs(browser, board.links.editor);

	// A on the canvas with a group under focus selects it and goes to its Department in Details.
	await alice.locator('[data-testid="group-name"]').focus();
	await alice.keyboard.press('a');
	const details = alice.getByTestId('details-assign');
	await expect(details.getByTestId('assign-department')).toBeFocused();
	await expect(alice.getByTestId('details')).toContainText('Late delivery');
	await expect(details.getByTestId('assign-department').getByRole('option', { name: logistics })).toHaveCount(1);
	// The arrow keys go through the workspace's departments (other tests' too) to this one.
	const chosen = () => details.getByTestId('assign-department').locator('option:checked').textContent();
	for (let i = 0; i < 100 && (await chosen()) !== logistics; i++) await alice.keyboard.press('ArrowDown');
	expect(await chosen()).toBe(logistics);
	await alice.keyboard.press('Tab');
	await expect(details.getByTestId('assign-owner-name')).toBeFocused();
	await alice.keyboard.type('Lena Berg');
	await alice.keyboard.press('Tab');
	await alice.keyboard.type('lena@example.com');
	await alice.keyboard.press('Tab');
	await shot(alice, 'details-assign');

	// The other person's Assign tab shows the same assignment: one record, written once.
	await bob.keyboard.press('Alt+KeyT');
	const row = bob.getByTestId('tasks-panel').getByTestId('assign-group').filter({ hasText: 'Late delivery' });
	await expect(row.getByTestId('assign-department').locator('option:checked')).toHaveText(logistics);
	await expect(row.getByTestId('assign-owner-name')).toHaveValue('Lena Berg');
	await expect(row.getByTestId('assign-owner-email')).toHaveValue('lena@example.com');
	// And a change there shows in Alice's Details.
	await row.getByTestId('assign-owner-name').fill('Omar Haddad');
	await row.getByTestId('assign-owner-name').press('Tab');
	await expect(details.getByTestId('assign-owner-name')).toHaveValue('Omar Haddad');
	expect((await new AxeBuilder({ page: alice }).analyze()).violations).toEqual([]);
});
