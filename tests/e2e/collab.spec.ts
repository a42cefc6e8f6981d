import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './test';
import { createBoard, shot } from './helpers';
import { editBoard, joinAs, seedGroups } from './collab-helpers';

async function axeClean(page: Page) {
	const { violations } = await new AxeBuilder({ page }).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

/** The camera of a page's canvas: pan and zoom, rounded. */
async function exactCamera(page: Page) {
	const style = (await page.locator('[data-testid="canvas"] > .world').getAttribute('style')) ?? '';
	const [panX, panY, zoom] = (style.match(/-?[\d.]+/g) ?? []).map(Number);
	return { panX, panY, zoom };
}

/** The board point in the middle of a page's canvas and its zoom: what follow-me shares. */
async function viewOf(page: Page) {
	const { panX, panY, zoom } = await exactCamera(page);
	const box = (await page.getByTestId('canvas').boundingBox())!;
	return [Math.round((box.width / 2 - panX) / zoom), Math.round((box.height / 2 - panY) / zoom), Math.round(zoom * 100)];
}

/** Waits until a page shows the same part of the board as `want` (within a pixel of rounding). */
async function expectView(page: Page, want: number[]) {
	await expect.poll(async () => (await viewOf(page)).every((v, i) => Math.abs(v - want[i]) <= 2)).toBe(true);
}

async function panCanvas(page: Page, dx: number, dy: number) {
	const box = (await page.getByTestId('canvas').boundingBox())!;
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await page.mouse.wheel(dx, dy);
}

test('a facilitator, an editor and a viewer run a session together', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Returns workshop');
	await editBoard(baseURL!, board.id, board.links.facilitator, seedGroups);

	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran Facilitator');
	const { page: ed } = await joinAs(browser, board.links.editor, 'Eddie Editor');
	// The viewer's browser has never joined: it is asked for a name.
	const { page: vi } = await joinAs(browser, board.links.viewer, null);
	const dialog = vi.getByTestId('name-dialog');
	await expect(dialog).toBeVisible();
	await axeClean(vi);
	await shot(vi, 'collab-join-dialog');
	await dialog.getByRole('button', { name: 'Join' }).click();
	await expect(dialog.getByRole('alert')).toContainText('Type the name');
	await dialog.getByLabel('Your name').fill('Vic Viewer');
	await dialog.getByLabel('Your name').press('Enter');
	await expect(dialog).toBeHidden();

	// Presence: everyone sees the two others, with names.
	for (const [page, others] of [
		[fac, ['Eddie Editor', 'Vic Viewer']],
		[ed, ['Fran Facilitator', 'Vic Viewer']],
		[vi, ['Eddie Editor', 'Fran Facilitator']]
	] as const) {
		await expect(page.getByTestId('peer-avatar')).toHaveCount(2);
		for (const name of others) await expect(page.locator(`[data-testid="peer-avatar"][data-name="${name}"]`)).toHaveCount(1);
	}

	// Cursors: the facilitator's pointer shows, named, where it is on the board.
	const facBoard = (await fac.getByTestId('board').boundingBox())!;
	await fac.mouse.move(facBoard.x + 300, facBoard.y + 250, { steps: 4 });
	// The cursor is shared in board coordinates: it points at the same spot of the board for everyone.
	const cam = await exactCamera(fac);
	const at = { x: Math.round((300 - cam.panX) / cam.zoom), y: Math.round((250 - cam.panY) / cam.zoom) };
	for (const page of [ed, vi]) {
		const cursor = page.locator('[data-testid="peer-cursor"][data-name="Fran Facilitator"]');
		await expect(cursor).toBeVisible();
		await expect
			.poll(async () => [Number(await cursor.getAttribute('data-x')), Number(await cursor.getAttribute('data-y'))])
			.toEqual([at.x, at.y]);
		// Where it is drawn, against their camera read at the same moment (a camera still settling
		// after the join moves both).
		await expect
			.poll(async () => {
				const theirs = await exactCamera(page);
				const b = (await cursor.boundingBox())!;
				const origin = (await page.getByTestId('board').boundingBox())!;
				return Math.max(Math.abs(b.x - origin.x - (at.x * theirs.zoom + theirs.panX)), Math.abs(b.y - origin.y - (at.y * theirs.zoom + theirs.panY)));
			})
			.toBeLessThan(3);
	}
	const edBoard = (await ed.getByTestId('board').boundingBox())!;
	await ed.mouse.move(edBoard.x + 500, edBoard.y + 120, { steps: 3 });
	await expect(fac.locator('[data-testid="peer-cursor"][data-name="Eddie Editor"]')).toBeVisible();
	// Selections show in the selecting person's colour for everyone else. The whole board fits at
	// a far zoom where notes are painted, so the editor finds the note by search first.
	const edSearch = ed.getByPlaceholder('Search notes');
	await edSearch.fill('Evidence for Billing');
	await edSearch.press('Enter');
	await ed.getByTestId('note').filter({ hasText: 'Evidence for Billing errors' }).click();
	await edSearch.fill('');
	await expect(fac.getByTestId('peer-selection')).toHaveCount(1);
	await expect(vi.getByTestId('peer-selection')).toHaveCount(1);
	await shot(fac, 'collab-presence-facilitator');

	// The viewer cannot change anything: no note form, notes do not move, no facilitator controls.
	await expect(vi.getByLabel('New note text')).toHaveCount(0);
	await expect(vi.getByTestId('lock-toggle')).toHaveCount(0);
	const viNote = vi.getByTestId('note').first();
	const before = (await viNote.boundingBox())!;
	await vi.mouse.move(before.x + 30, before.y + 30);
	await vi.mouse.down();
	await vi.mouse.move(before.x + 230, before.y + 230, { steps: 5 });
	await vi.mouse.up();
	expect(await viNote.boundingBox()).toEqual(before);
	await expect(vi.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');

	// Lock stops the editor, and unlocking gives the board back.
	await fac.getByTestId('lock-toggle').click();
	await expect(ed.getByTestId('locked-chip')).toBeVisible();
	await expect(ed.getByTestId('read-only-reason')).toContainText('locked the board');
	await expect(ed.getByLabel('New note text')).toBeDisabled();
	const edNote = ed.getByTestId('note').first();
	const edBefore = (await edNote.boundingBox())!;
	await ed.mouse.move(edBefore.x + 30, edBefore.y + 30);
	await ed.mouse.down();
	await ed.mouse.move(edBefore.x + 200, edBefore.y + 100, { steps: 5 });
	await ed.mouse.up();
	expect(await edNote.boundingBox()).toEqual(edBefore);
	await shot(ed, 'collab-locked-editor');
	await fac.getByTestId('lock-toggle').click();
	await expect(ed.getByLabel('New note text')).toBeEnabled();

	// The timer shows the same remaining time everywhere.
	await fac.getByLabel('Timer length in minutes').selectOption('3');
	await fac.getByTestId('timer-start').click();
	for (const page of [fac, ed, vi]) await expect(page.getByTestId('timer-remaining')).toHaveText(/^[23]:\d\d$/);
	const remaining = await Promise.all([fac, ed, vi].map((p) => p.getByTestId('timer').getAttribute('data-remaining-ms')));
	const ms = remaining.map(Number);
	expect(Math.max(...ms) - Math.min(...ms)).toBeLessThan(1000);
	await fac.getByTestId('timer-pause').click();
	await expect(vi.getByTestId('timer')).toContainText('Paused');
	const shown = await Promise.all([fac, ed, vi].map((p) => p.getByTestId('timer-remaining').textContent()));
	expect(new Set(shown).size).toBe(1);
	await shot(vi, 'collab-timer-viewer');

	// Votes stay hidden until the facilitator reveals them.
	await fac.getByTestId('phase-vote').click();
	await expect(ed.getByTestId('voting-panel')).toBeVisible();
	await expect(ed.getByTestId('votes-left')).toContainText('5 of 5');
	const edRow = (label: string) => ed.getByTestId('vote-row').filter({ hasText: label });
	// Each group shows its size, so groups named alike are told apart, and the buttons say it too.
	await expect(edRow('Late deliveries').getByTestId('vote-group-size')).toHaveText('1 note');
	await expect(ed.getByRole('button', { name: 'Vote for Late deliveries (1 note)', exact: true })).toBeVisible();
	await edRow('Late deliveries').getByTestId('vote-plus').click();
	await edRow('Late deliveries').getByTestId('vote-plus').click();
	await edRow('App crashes').getByTestId('vote-plus').click();
	await fac.getByTestId('vote-row').filter({ hasText: 'Billing errors' }).getByTestId('vote-plus').click();
	await expect(ed.getByTestId('votes-left')).toContainText('2 of 5');
	await expect(edRow('Late deliveries').getByTestId('my-votes').locator('.dot')).toHaveCount(2);
	for (const page of [fac, ed, vi]) await expect(page.getByTestId('vote-total')).toHaveCount(0);
	await expect(vi.getByTestId('vote-plus')).toHaveCount(0);
	await axeClean(ed);
	await shot(ed, 'collab-voting-editor');
	await fac.getByTestId('reveal-toggle').click();
	for (const page of [fac, ed, vi]) {
		await expect(page.getByTestId('vote-total')).toHaveText(['2 votes', '1 vote', '1 vote']);
		await expect(page.getByTestId('vote-row').first()).toContainText('Late deliveries');
	}
	await shot(vi, 'collab-results-viewer');

	// Follow me: the others' view moves with the facilitator's.
	await fac.getByTestId('follow-toggle').click();
	await expect(ed.getByTestId('following-chip')).toContainText('Fran Facilitator');
	await panCanvas(fac, 500, 350);
	const followed = await viewOf(fac);
	for (const page of [ed, vi]) await expectView(page, followed);
	await fac.getByTestId('canvas').focus();
	await fac.keyboard.press('+');
	await expect.poll(() => viewOf(fac)).not.toEqual(followed);
	const zoomed = await viewOf(fac);
	for (const page of [ed, vi]) await expectView(page, zoomed);
	await fac.getByTestId('follow-toggle').click();
	await expect(ed.getByTestId('following-chip')).toHaveCount(0);

	// Bring everyone here: a one-off move of everyone's view.
	await panCanvas(ed, -300, -200);
	await panCanvas(fac, 200, 100);
	const here = await viewOf(fac);
	expect(await viewOf(ed)).not.toEqual(here);
	await fac.getByTestId('summon').click();
	for (const page of [ed, vi]) await expectView(page, here);

	// Spotlight a group: everyone sees it highlighted.
	await fac.getByTestId('spotlight-select').selectOption({ label: 'Spotlight: App crashes' });
	for (const page of [ed, vi]) await expect(page.getByTestId('spotlight')).toBeVisible();

	await axeClean(fac);
	await shot(fac, 'collab-facilitator');
});

test('a second tab of one person is not another person on the board', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Two tabs');
	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran');
	const { page: ed, context } = await joinAs(browser, board.links.editor, 'Eve');
	await expect(ed.getByTestId('peer-avatar')).toHaveCount(1);
	// The same person opens the board again beside the first tab (same browser, same name).
	const again = await context.newPage();
	await again.goto(board.links.editor);
	await expect(again.getByTestId('board')).toHaveAttribute('data-synced', 'true');
	for (const page of [ed, again]) {
		await expect(page.getByTestId('peer-avatar')).toHaveCount(1);
		await expect(page.locator('[data-testid="peer-avatar"][data-name="Fran"]')).toHaveCount(1);
		await expect(page.getByTestId('presence').getByRole('list')).toHaveAttribute('aria-label', '2 people on this board');
	}
	// Everyone else sees Eve once, however many tabs she has open.
	await expect(fac.getByTestId('peer-avatar')).toHaveCount(1);
	await expect(fac.locator('[data-testid="peer-avatar"][data-name="Eve"]')).toHaveCount(1);
});

test('private mode keeps each participant’s notes out of everyone else’s board until the facilitator ends it', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Private sorting');
	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran');
	const { page: ann } = await joinAs(browser, board.links.editor, 'Ann');
	const { page: bob } = await joinAs(browser, board.links.editor, 'Bob');
	await expect(ann.getByTestId('peer-avatar')).toHaveCount(2);
	// Everything Ann's tab receives, byte for byte.
	const annFrames: string[] = [];
	ann.on('websocket', (ws) => ws.on('framereceived', (f) => annFrames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('latin1'))));

	await fac.getByTestId('private-toggle').click();
	await expect(ann.getByTestId('private-chip')).toBeVisible();
	await expect(ann.getByTestId('peer-avatar')).toHaveCount(0);
	// The empty panel points to the field as people see it ("Add a note…"), not by a name it shows nowhere.
	await expect(ann.getByTestId('private-panel')).toContainText('Type one in the note field above the board.');
	await expect(ann.getByTestId('private-panel')).not.toContainText('“Add notes”');
	await bob.getByLabel('New note text').fill('Bob thinks the portal is slow');
	await bob.keyboard.press('Enter');
	await ann.getByLabel('New note text').fill('Ann thinks delivery is late');
	await ann.keyboard.press('Enter');
	await expect(ann.getByTestId('private-note')).toHaveText([/Ann thinks/]);
	await expect(bob.getByTestId('private-note')).toHaveText([/Bob thinks/]);
	// The facilitator knows how many there are, not what they say; only they have the switch.
	await expect(fac.getByTestId('private-count')).toContainText('2 private notes');
	await expect(ann.getByTestId('private-count')).toHaveText('Only you see your notes until the facilitator ends private mode.');
	await expect(ann.getByTestId('private-toggle')).toHaveCount(0);
	await shot(ann, 'collab-private-mode');

	// Nothing of Bob's note reaches Ann: not her board, search, count, details, or the bytes she receives.
	await expect(ann.getByTestId('note-count')).toHaveText('0');
	await ann.getByTestId('search').fill('portal');
	await expect(ann.getByTestId('search-count')).toContainText('0 matches');
	await expect(ann.locator('body')).not.toContainText('Bob thinks');
	await expect(fac.getByTestId('note-count')).toHaveText('0');
	expect(annFrames.join('\n')).not.toContain('portal');
	await editBoard(baseURL!, board.id, board.links.viewer, (doc) => {
		expect(JSON.stringify(doc.toJSON())).not.toMatch(/portal|delivery is late/);
	});

	await fac.getByTestId('private-toggle').click();
	await expect(ann.getByTestId('note')).toHaveCount(2);
	await expect(bob.getByTestId('note')).toHaveCount(2);
	await expect(fac.getByTestId('note')).toHaveCount(2);
	await expect(ann.getByTestId('note-count')).toHaveText('2');
	await expect(ann.getByTestId('peer-avatar')).toHaveCount(2);
	await expect(ann.getByTestId('private-panel')).toHaveCount(0);
	await ann.getByTestId('search').fill('portal');
	await expect(ann.getByTestId('search-count')).toContainText('1 match');
	await shot(ann, 'collab-private-ended');
});

test('an editor who drops off for 3 s after the facilitator changes phase comes back and is heard', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Phase and a drop');
	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran');
	const { page: ed, context: edContext } = await joinAs(browser, board.links.editor, 'Eddie');
	await fac.getByTestId('phase-group').click();
	await expect(ed.locator('[aria-current="step"]')).toHaveText(/Grouping/);
	await edContext.setOffline(true);
	await expect(ed.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	await fac.getByTestId('phase-name').click();
	await ed.waitForTimeout(3000);
	await edContext.setOffline(false);
	await expect(ed.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	await expect(ed.locator('[aria-current="step"]')).toHaveText(/Naming/);
	await ed.getByLabel('New note text').fill('Back after the drop');
	await ed.keyboard.press('Enter');
	await expect(fac.getByTestId('note')).toHaveText([/Back after the drop/]);
	await expect(ed.getByTestId('refused-reason')).toHaveCount(0);
});

test('edits made offline reach the others when the connection comes back', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Bad hotel wifi');
	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran');
	const { page: ed, context } = await joinAs(browser, board.links.editor, 'Eddie');
	await ed.getByLabel('New note text').fill('Online note');
	await ed.keyboard.press('Enter');
	await expect(fac.getByTestId('note')).toHaveCount(1);

	await context.setOffline(true);
	await expect(ed.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	await expect(ed.getByTestId('offline-notice')).toContainText('kept on this device');
	await ed.getByLabel('New note text').fill('Written offline one\nWritten offline two');
	await ed.getByRole('button', { name: 'Add 2 notes' }).click();
	// Meanwhile the facilitator keeps working online.
	await fac.getByLabel('New note text').fill('Facilitator note while Eddie is away');
	await fac.keyboard.press('Enter');
	await expect(ed.getByTestId('note')).toHaveCount(3);
	await expect(fac.getByTestId('note')).toHaveCount(2);
	await shot(ed, 'collab-offline-editor');

	await context.setOffline(false);
	await expect(ed.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	await expect(ed.getByTestId('offline-notice')).toHaveCount(0);
	for (const page of [fac, ed]) {
		await expect(page.getByTestId('note')).toHaveCount(4);
		await expect(page.getByTestId('note').filter({ hasText: 'Written offline two' })).toBeVisible();
	}
	await expect(ed.getByTestId('note').filter({ hasText: 'Facilitator note while Eddie is away' })).toBeVisible();

	// A drag in progress shows for the others where it is held, before it is dropped.
	const held = ed.getByTestId('note').filter({ hasText: 'Online note' });
	const box = (await held.boundingBox())!;
	await ed.mouse.move(box.x + 20, box.y + 20);
	await ed.mouse.down();
	await ed.mouse.move(box.x + 20, box.y + 260, { steps: 6 });
	await expect(fac.getByTestId('peer-drag')).toHaveCount(1);
	await shot(fac, 'collab-peer-drag');
	await ed.mouse.up();
	await expect(fac.getByTestId('peer-drag')).toHaveCount(0);

	// Nothing lost: a fresh visitor loads all four from the server.
	const { page: later } = await joinAs(browser, board.links.viewer, 'Later');
	await expect(later.getByTestId('note')).toHaveCount(4);
});

test('a replaced link disconnects whoever used it, with a reason on screen', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Link hygiene');
	const { page: fac } = await joinAs(browser, board.links.facilitator, 'Fran');
	const { page: ed } = await joinAs(browser, board.links.editor, 'Eddie');

	await fac.getByTestId('share-open').click();
	const share = fac.getByTestId('share-dialog');
	await expect(share.getByTestId('link-editor')).toHaveValue(board.links.editor);
	await expect(share.getByTestId('link-viewer')).toHaveValue(board.links.viewer);
	await axeClean(fac);
	await shot(fac, 'collab-share-dialog');
	await share.getByTestId('replace-editor').click();
	await share.getByTestId('confirm-replace-editor').click();
	await expect(share.getByRole('status')).toContainText('1 person was disconnected');
	const newLink = await share.getByTestId('link-editor').inputValue();
	expect(newLink).not.toBe(board.links.editor);

	await expect(ed.getByTestId('connection-status')).toHaveAttribute('data-state', 'refused');
	await expect(ed.getByTestId('refused-reason')).toHaveText('This link is not valid or was revoked. Ask the facilitator for a new link.');
	await shot(ed, 'collab-revoked');

	// Replacing the facilitator's own link keeps this facilitator connected.
	await share.getByTestId('replace-facilitator').click();
	await share.getByTestId('confirm-replace-facilitator').click();
	await expect(share.getByTestId('link-editor')).toHaveValue(newLink);
	await expect(fac.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	await fac.keyboard.press('Escape');
	await expect(share).toBeHidden();
	await fac.getByLabel('New note text').fill('Still here');
	await fac.keyboard.press('Enter');
	const { page: fresh } = await joinAs(browser, newLink, 'New Eddie');
	await expect(fresh.getByTestId('note')).toHaveText(['Still here']);
});

test('a tab too old for the board is asked to reload on a clear screen', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'From the future');
	// Only the server writes a board's schema version, so the tab is made to announce an older one.
	const context = await browser.newContext();
	await context.addInitScript(() => {
		const Native = window.WebSocket;
		window.WebSocket = class extends Native {
			constructor(url: string | URL, protocols?: string | string[]) {
				super(String(url).replace(/([?&])schema=\d+/, '$1schema=1'), protocols);
			}
		};
	});
	const page = await context.newPage();
	await page.goto(board.links.editor);
	const screen = page.getByTestId('reload-screen');
	// A busy CI machine (another test opening hundreds of sockets) can take a while to answer.
	await expect(screen).toBeVisible({ timeout: 30_000 });
	await expect(screen).toContainText('Reload the page to continue');
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'refused');
	await axeClean(page);
	await shot(page, 'collab-reload');
});
