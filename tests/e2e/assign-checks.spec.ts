import { expect, test } from './test';
import { groupMapOf } from '../../src/lib/board';
import { editBoard } from './collab-helpers';
import { createBoard, openAs, tokenOf, WORKSPACE_TOKEN } from './helpers';
import { seedBoard } from './seed-board';

const c = (text: string) => ({ text, fields: {} });

test('an owner e-mail that is not a whole address is refused with a message, on the page and when publishing; a past due date is warned about', async ({ browser, baseURL }) => {
	const base = baseURL!;
	const board = await createBoard(base, 'Owner checks');
	const facilitator = tokenOf(board.links.facilitator);
	const suffix = Math.random().toString(36).slice(2, 7);
	const res = await fetch(`${base}/api/departments`, { method: 'POST', headers: { authorization: `Bearer ${WORKSPACE_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: `Quality ${suffix}` }) });
	const department = (await res.json()) as { id: string };
	const [late, torn] = await seedBoard(base, board.id, facilitator, [
		{ label: 'Late delivery', comments: [c('Parcel arrived a week late'), c('Courier missed the window')] },
		{ label: 'Torn seams', comments: [c('The seam tore on the first day')] }
	]);

	const page = await openAs(browser, board.links.facilitator);
	await page.getByTestId('open-tasks').click();
	const panel = page.getByTestId('tasks-panel');
	const row = panel.getByTestId('assign-group').filter({ hasText: 'Late delivery' });
	await row.getByTestId('assign-department').selectOption(department.id);
	await row.getByTestId('assign-owner-name').fill('Dana Ruiz');
	await row.getByTestId('assign-owner-email').fill('dana@example');
	await row.getByTestId('assign-owner-email').press('Tab');
	await expect(row.getByTestId('assign-email-problem')).toHaveText('“dana@example” is not a complete e-mail address: write it as name@company.com. It was not saved.');
	await expect(row.getByTestId('assign-owner-email')).toHaveAttribute('aria-invalid', 'true');
	await expect(row.getByTestId('assign-owner-email')).toHaveAccessibleDescription(/not a complete e-mail address/);
	// A date in the past is kept, with a warning.
	await row.getByTestId('assign-due').fill('2020-01-31');
	await row.getByTestId('assign-due').press('Tab');
	await expect(row.getByTestId('assign-due-past')).toHaveText('This date is in the past.');
	await expect(row.getByTestId('assign-due')).toHaveValue('2020-01-31');
	await row.screenshot({ path: test.info().outputPath('assign-refused-email.png') });

	// The refused address never reached the board: publishing gives the owner's name and no e-mail.
	const publish = () => fetch(`${base}/api/boards/${board.id}/publish`, { method: 'POST', headers: { authorization: `Bearer ${facilitator}` } });
	let published = await publish();
	expect(published.status).toBe(200);
	let body = await published.json();
	expect(body.tasks).toHaveLength(1);
	expect(body.tasks[0]).toMatchObject({ ownerName: 'Dana Ruiz', ownerEmail: '', due: '2020-01-31' });

	// A hand-made client that writes one anyway has it put back by the server: nobody sees it, and
	// publishing still gives no e-mail.
	await editBoard(base, board.id, board.links.facilitator, (doc) => {
		groupMapOf(doc, late.id)!.set('owner', { name: 'Dana Ruiz', email: 'dana@example' });
	});
	published = await publish();
	expect(published.status).toBe(200);
	expect((await published.json()).tasks[0]).toMatchObject({ ownerName: 'Dana Ruiz', ownerEmail: '' });

	// A board from before addresses were checked (here its backup, restored, which the server writes
	// as it is) still holds one: the server does not publish that group and says why; the page shows
	// the stored value with the message.
	const backup = await (await fetch(`${base}/api/boards/${board.id}/export?format=json`, { headers: { authorization: `Bearer ${facilitator}` } })).json();
	for (const g of backup.board.groups) {
		if (g.id === late.id) g.owner = { name: 'Dana Ruiz', email: 'dana@example' };
		if (g.id === torn.id) g.department = department.id;
	}
	const restoring = await fetch(`${base}/api/boards/restore`, { method: 'POST', headers: { authorization: `Bearer ${WORKSPACE_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(backup) });
	expect(restoring.status).toBe(201);
	const old = (await restoring.json()) as { id: string; links: { facilitator: string } };
	const oldToken = tokenOf(old.links.facilitator);
	const publishOld = () => fetch(`${base}/api/boards/${old.id}/publish`, { method: 'POST', headers: { authorization: `Bearer ${oldToken}` } });
	await page.goto(old.links.facilitator);
	await page.getByTestId('open-tasks').click();
	await expect(row.getByTestId('assign-owner-email')).toHaveValue('dana@example');
	await expect(row.getByTestId('assign-email-problem')).toHaveText('“dana@example” is not a complete e-mail address: write it as name@company.com.');
	published = await publishOld();
	expect(published.status).toBe(200);
	body = await published.json();
	expect(body.tasks.map((t: { title: string }) => t.title)).toEqual(['Torn seams']);
	expect(body.skipped).toEqual([{ groupId: late.id, title: 'Late delivery', reason: "its owner's e-mail “dana@example” is not a complete address; correct it in Assign" }]);
	await editBoard(base, old.id, old.links.facilitator, (doc) => groupMapOf(doc, torn.id)!.set('department', null));
	published = await publishOld();
	expect(published.status).toBe(400);
	expect((await published.json()).message).toBe('Nothing was published: the owner\'s e-mail of “Late delivery” (“dana@example”) is not a complete address. Write it as name@company.com in Assign, then publish.');

	// Corrected on the page, it is saved and published.
	await row.getByTestId('assign-owner-email').fill('dana@example.com');
	await row.getByTestId('assign-owner-email').press('Tab');
	await expect(row.getByTestId('assign-email-problem')).toHaveCount(0);
	await panel.getByRole('tab', { name: 'Publish & export' }).click();
	await panel.getByTestId('publish').click();
	await expect(panel.getByTestId('tasks-message')).toContainText('Published 1 task');
	body = await (await fetch(`${base}/api/boards/${old.id}/tasks`, { headers: { authorization: `Bearer ${oldToken}` } })).json();
	expect(body.tasks.find((t: { groupId: string }) => t.groupId === late.id)).toMatchObject({ ownerEmail: 'dana@example.com' });
});
