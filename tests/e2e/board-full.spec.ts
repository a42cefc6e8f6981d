import * as Y from 'yjs';
import { addGroups, addNotes, initBoard, makeGroup, makeNote, MAX_GROUPS } from '../../src/lib/board';
import { makeBackup } from '../../src/lib/export/backup';
import { expect, test } from './test';
import { openAs, shot, WORKSPACE_TOKEN } from './helpers';

test('a group made on a board that holds the most groups it can is taken out, and the person is told why', async ({ browser, baseURL }) => {
	test.setTimeout(180_000);
	// A board at its limit, seeded through a restore (the server writes the whole board at once):
	// every group with a comment, and one comment outside them.
	const full = new Y.Doc();
	initBoard(full);
	const groups = Array.from({ length: MAX_GROUPS }, (_, i) => makeGroup({ id: `grp_g${i}`, label: `Group ${i}`, x: 2000 + (i % 70) * 420, y: Math.floor(i / 70) * 420 }));
	addGroups(full, groups, { kind: 'server' });
	const notes = groups.map((g, i) => makeNote({ text: `Comment ${i}`, groupId: g.id, order: 'a0', createdBy: 'user_seed' }));
	notes.push(makeNote({ id: 'note_loose', text: 'Parcel left in the rain xyzzy', createdBy: 'user_seed', x: 40, y: 40 }));
	addNotes(full, notes, { kind: 'server' });
	const restoring = await fetch(`${baseURL}/api/boards/restore`, {
		method: 'POST',
		headers: { authorization: `Bearer ${WORKSPACE_TOKEN}`, 'content-type': 'application/json' },
		body: JSON.stringify(makeBackup(full))
	});
	expect(restoring.status).toBe(201);
	const restored = await restoring.json();
	expect(restored.groups).toBe(MAX_GROUPS);

	const page = await openAs(browser, restored.links.facilitator);
	// Focus the loose comment (search, Enter jumps to it) and press G to make it a group.
	await page.getByTestId('canvas').focus();
	await page.keyboard.press('/');
	await page.keyboard.type('xyzzy');
	await expect(page.getByTestId('search-count')).toContainText('1');
	await page.keyboard.press('Enter');
	await page.keyboard.press('Escape');
	await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-note-id'))).toBe('note_loose');
	await page.keyboard.press('g');

	const notice = page.getByTestId('notice').filter({ hasText: 'This board has 5,000 groups, the most it can hold; the new group was not kept.' });
	await expect(notice).toBeVisible({ timeout: 20_000 });
	// The comment is back where it was, outside any group.
	await expect(page.locator('[data-note-id="note_loose"]')).toHaveAttribute('data-group-id', '');
	await shot(page, 'board-full-group-not-kept');
	await notice.getByRole('button', { name: 'Dismiss' }).click();
	await expect(notice).toBeHidden();
	await page.context().close();
});
