import { expect, test } from './test';
import { editBoard, joinAs, seedGroups } from './collab-helpers';
import { createBoard } from './helpers';

test('notices float over the board without moving it, leave on their own unless held, and errors stay', async ({ browser, baseURL }) => {
	const b = await createBoard(baseURL!, 'Notices');
	await editBoard(baseURL!, b.id, b.links.facilitator, (doc) => void seedGroups(doc));
	const { page: fac } = await joinAs(browser, b.links.facilitator, 'Alice');
	const { page: ed } = await joinAs(browser, b.links.editor, 'Bob');
	// The editor's timers are the page's fake clock from here on, so the test moves time itself.
	await ed.clock.install();
	const toolbar = ed.getByRole('toolbar', { name: 'Canvas' });
	const before = (await toolbar.boundingBox())!;
	await ed.screenshot({ path: test.info().outputPath('notices-none.png') });

	await fac.getByTestId('phase-vote').click();
	const voting = ed.getByRole('status').filter({ hasText: 'Voting is open' });
	await expect(voting).toBeVisible();
	// A PNG that cannot be made: an error notice joins the informational one.
	await ed.route('**/export?format=svg*', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ message: 'The server is restarting; try again in a minute.' }) }));
	await ed.getByTestId('export-button').click();
	await ed.getByTestId('export-groups-png').click();
	const failed = ed.getByRole('alert').filter({ hasText: 'The PNG of the groups could not be made' });
	await expect(failed).toBeVisible();
	await expect(ed.getByTestId('notice')).toHaveCount(2);
	await ed.screenshot({ path: test.info().outputPath('notices-two.png') });
	// Nothing below the top bar moved (the phase shown in it may change its height by a fraction of a pixel).
	expect(Math.abs((await toolbar.boundingBox())!.y - before.y)).toBeLessThan(1);

	// Held under the pointer, the informational notice stays; let go, it leaves; the error stays.
	await voting.hover();
	await ed.clock.fastForward(60_000);
	await expect(voting).toBeVisible();
	await ed.mouse.move(5, 700);
	await ed.clock.fastForward(20_000);
	await expect(voting).toHaveCount(0);
	await expect(failed).toBeVisible();
	await failed.getByRole('button', { name: 'Dismiss' }).click();
	await expect(ed.getByTestId('notice')).toHaveCount(0);
});
