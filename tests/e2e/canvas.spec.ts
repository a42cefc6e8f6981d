import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './test';
import * as Y from 'yjs';
import { addGroups, addNotes, initBoard, makeGroup, makeNote, type Note } from '../../src/lib/board';
import { pushToBoard } from '../helpers/board-generator';
import { createBoard, openAs, drag as dragTo } from './helpers';

/** A board on the running server holding exactly these notes and groups. */
async function boardWith(baseURL: string, notes: Note[], groups: ReturnType<typeof makeGroup>[] = []) {
	const board = await createBoard(baseURL, 'Canvas layout');
	const doc = new Y.Doc();
	initBoard(doc);
	if (groups.length) addGroups(doc, groups, { kind: 'import' });
	addNotes(doc, notes, { kind: 'import' });
	await pushToBoard(baseURL, board.id, board.links.facilitator, doc);
	return board;
}

const noteByText = (page: Page, text: string) => page.locator('[data-testid="note"]', { hasText: text });


async function middle(page: Page, text: string) {
	const b = (await noteByText(page, text).boundingBox())!;
	return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/**
 * Everything drawn on the canvas that covers something it does not belong to: two notes, a note
 * and a group it is not in, two groups, a control floating over the board (zoom bar, minimap,
 * legend) and what it hides. Read from the screen, as a person would see it.
 */
async function coveredItems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const r = (el: Element) => el.getBoundingClientRect();
		const hit = (a: DOMRect, b: DOMRect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
		const notes = [...document.querySelectorAll<HTMLElement>('[data-testid="note"]')];
		const groups = [...document.querySelectorAll<HTMLElement>('[data-testid="group"]')];
		const out: string[] = [];
		for (let i = 0; i < notes.length; i++)
			for (let j = i + 1; j < notes.length; j++) if (hit(r(notes[i]), r(notes[j]))) out.push(`${notes[i].dataset.noteId} / ${notes[j].dataset.noteId}`);
		for (const n of notes)
			for (const g of groups) {
				const inside = g.contains(n) || n.dataset.groupId === g.dataset.groupId || g.querySelector(`[data-group-id="${n.dataset.groupId}"]`);
				if (!inside && hit(r(n), r(g))) out.push(`${n.dataset.noteId} under ${g.dataset.groupId}`);
			}
		for (let i = 0; i < groups.length; i++)
			for (let j = i + 1; j < groups.length; j++) {
				if (groups[i].contains(groups[j]) || groups[j].contains(groups[i])) continue;
				if (hit(r(groups[i]), r(groups[j]))) out.push(`${groups[i].dataset.groupId} / ${groups[j].dataset.groupId}`);
			}
		// The zoom bar, minimap and legend float over the board: after a fit nothing is under them.
		for (const o of document.querySelectorAll<HTMLElement>('[data-board-overlay]'))
			for (const item of [...notes, ...groups])
				if (hit(r(item), r(o))) out.push(`${item.dataset.noteId ?? item.dataset.groupId} under ${o.className.split(' ')[0]}`);
		return out;
	});
}

/** Whether the whole of an element is inside the canvas on screen. */
async function onScreen(page: Page, selector: string): Promise<boolean> {
	const canvas = (await page.getByTestId('canvas').boundingBox())!;
	const b = await page.locator(selector).boundingBox();
	return !!b && b.x >= canvas.x - 1 && b.y >= canvas.y - 1 && b.x + b.width <= canvas.x + canvas.width + 1 && b.y + b.height <= canvas.y + canvas.height + 1;
}

test('five-note board: dragging "Driver was late" onto "Phone queue too long" hides no note', async ({ browser, baseURL }) => {
	const W = 208 + 12;
	const texts = ['Phone queue too long', 'Food was cold', 'Driver was late', 'Nobody called back', 'Refund took weeks'];
	const at = [
		{ x: 0, y: 0 },
		{ x: W, y: 0 },
		{ x: W * 2, y: 0 },
		{ x: 0, y: 160 },
		{ x: W, y: 160 }
	];
	const board = await boardWith(
		baseURL!,
		texts.map((text, i) => makeNote({ id: `note_f${i}`, text, x: at[i].x, y: at[i].y, createdAt: 1_700_000_000_000 + i }))
	);
	const page = await openAs(browser, board.links.editor);
	await dragTo(page, await middle(page, 'Driver was late'), await middle(page, 'Phone queue too long'));
	await expect(page.getByTestId('group')).toHaveCount(1);
	await expect(page.locator('[data-testid="note"][data-group-id^="grp_"]')).toHaveCount(2);
	await page.getByTestId('zoom-fit').click();
	for (const text of texts) await expect(noteByText(page, text)).toBeVisible();
	expect(await coveredItems(page)).toEqual([]);
	// Every note can still be clicked where it is drawn: nothing lies on top of it.
	for (const text of texts) {
		const c = await middle(page, text);
		const under = await page.evaluate(({ x, y }) => (document.elementFromPoint(x, y)?.closest('[data-testid="note"]') as HTMLElement | null)?.textContent ?? '', c);
		expect(under).toContain(text);
	}
});

test('three groups made from search results one after another are all visible and apart', async ({ browser, baseURL }) => {
	const words = ['billing', 'delivery', 'password'];
	const notes = Array.from({ length: 36 }, (_, i) =>
		makeNote({ id: `note_s${i}`, text: `Comment ${i} about ${words[i % 3]}`, createdAt: 1_700_000_000_000 + i })
	);
	const board = await boardWith(baseURL!, notes);
	const page = await openAs(browser, board.links.editor);
	// A laptop screen: the whole board fits at a zoom where groups are drawn with their notes.
	await page.setViewportSize({ width: 1440, height: 900 });
	for (const [k, word] of words.entries()) {
		await page.getByTestId('search').fill(word);
		await page.getByTestId('select-matches').click();
		await page.getByTestId('canvas').focus();
		await page.keyboard.press('g');
		await expect(page.getByTestId('group-name-input')).toBeFocused();
		await page.keyboard.type(`About ${word}`);
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('group')).toHaveCount(k + 1);
		const id = await page.locator('[data-testid="group"]', { hasText: `About ${word}` }).getAttribute('data-group-id');
		// Made where the person is looking.
		expect(await onScreen(page, `[data-testid="group"][data-group-id="${id}"] [data-part="header"]`)).toBe(true);
	}
	await page.getByTestId('search').fill('');
	await page.getByTestId('zoom-fit').click();
	expect(Number(await page.getByTestId('canvas').getAttribute('data-zoom'))).toBeGreaterThanOrEqual(0.3);
	for (const word of words) await expect(page.locator('[data-testid="group"]', { hasText: `About ${word}` })).toContainText('12');
	expect(await coveredItems(page)).toEqual([]);
});

test('zoom to fit keeps every note clear of the zoom bar and minimap', async ({ browser, baseURL }) => {
	// Loose notes spread over a board about as wide for its height as the screen, one in every
	// corner: a plain fit would put the bottom-right ones under the zoom bar and minimap.
	const notes = Array.from({ length: 25 }, (_, i) =>
		makeNote({ id: `note_c${i}`, text: `Corner comment ${i}`, x: (i % 5) * 500, y: Math.floor(i / 5) * 320, createdAt: 1_700_000_000_000 + i })
	);
	const board = await boardWith(baseURL!, notes);
	const page = await openAs(browser, board.links.editor);
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.getByTestId('zoom-fit').click();
	expect(Number(await page.getByTestId('canvas').getAttribute('data-zoom'))).toBeGreaterThanOrEqual(0.3);
	await expect(page.getByTestId('note')).toHaveCount(25);
	expect(await coveredItems(page)).toEqual([]);
	for (let i = 0; i < 25; i++) expect(await onScreen(page, `[data-testid="note"][data-note-id="note_c${i}"]`)).toBe(true);
});

test('notes cannot end up under a group: a group that grows pushes loose notes aside, and Tidy up is one undo step', async ({ browser, baseURL }) => {
	const group = makeGroup({ id: 'grp_wait', label: 'Waiting times', x: 0, y: 0, order: 'a0' });
	const notes = [
		makeNote({ id: 'note_in', text: 'Waited an hour on the phone', groupId: 'grp_wait', order: 'a0', createdAt: 1 }),
		// Loose notes right beside and below the group, where it will grow.
		...Array.from({ length: 6 }, (_, i) => makeNote({ id: `note_l${i}`, text: `Loose comment ${i}`, x: 260 + (i % 3) * 220, y: 30 + Math.floor(i / 3) * 200, createdAt: 10 + i })),
		...Array.from({ length: 8 }, (_, i) => makeNote({ id: `note_w${i}`, text: `Slow answer ${i}`, x: 2000 + i * 220, y: 1500, createdAt: 100 + i }))
	];
	const board = await boardWith(baseURL!, notes, [group]);
	const page = await openAs(browser, board.links.editor);
	await page.getByTestId('search').fill('slow answer');
	await page.getByTestId('select-matches').click();
	await page.getByTestId('canvas').focus();
	await page.keyboard.press('m');
	await page.getByTestId('move-input').fill('Waiting');
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('announcer')).toContainText('Moved 8 notes to Waiting times');
	await page.getByTestId('search').fill('');
	await page.getByTestId('zoom-fit').click();
	await expect(page.locator('[data-testid="note"][data-group-id="grp_wait"]')).toHaveCount(9);
	await expect(page.locator('[data-testid="note"]')).toHaveCount(15);
	expect(await coveredItems(page)).toEqual([]);

	const before = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-testid="note"]')].map((n) => `${n.dataset.noteId}:${n.style.transform}`).sort());
	await page.getByTestId('tidy').click();
	await expect(page.getByTestId('announcer')).toContainText('tidied');
	expect(await coveredItems(page)).toEqual([]);
	const positions = () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-testid="note"]')].map((n) => `${n.dataset.noteId}:${n.style.transform}`).sort());
	const tidied = await positions();
	expect(tidied).not.toEqual(before);
	// One undo takes the whole tidy back: every note is drawn exactly where it was before, and
	// nothing overlaps.
	await page.getByTestId('undo').click();
	await expect.poll(positions).toEqual(before);
	expect(await coveredItems(page)).toEqual([]);
});

test('"Select all matches" + New group that takes notes from other groups says so, and one undo puts them back', async ({ browser, baseURL }) => {
	const groups = [makeGroup({ id: 'grp_bill', label: 'Billing', x: 0, y: 0, order: 'a0' }), makeGroup({ id: 'grp_app', label: 'App', x: 900, y: 0, order: 'a1' })];
	const notes = [
		makeNote({ id: 'note_b1', text: 'Refund never arrived', groupId: 'grp_bill', order: 'a0', createdAt: 1 }),
		makeNote({ id: 'note_b2', text: 'Charged twice', groupId: 'grp_bill', order: 'a1', createdAt: 2 }),
		makeNote({ id: 'note_a1', text: 'Refund button crashes the app', groupId: 'grp_app', order: 'a0', createdAt: 3 }),
		makeNote({ id: 'note_a2', text: 'Login is slow', groupId: 'grp_app', order: 'a1', createdAt: 4 }),
		makeNote({ id: 'note_u1', text: 'Refund took weeks', createdAt: 5 })
	];
	const board = await boardWith(baseURL!, notes, groups);
	const page = await openAs(browser, board.links.editor);
	await page.getByTestId('search').fill('refund');
	await page.getByTestId('select-matches').click();
	await page.getByTestId('canvas').focus();
	await page.keyboard.press('g');
	await page.keyboard.type('Refunds');
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('notice')).toContainText('1 from Billing');
	await expect(page.getByTestId('notice')).toContainText('1 from App');
	await expect(page.getByTestId('announcer')).toContainText('Taken out of other groups');
	await expect(page.locator('[data-testid="group"][data-group-id="grp_bill"]')).toContainText('1');
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

	// One undo: the new group is gone and every note is back in its group (the name typed is a separate step).
	await page.keyboard.press('Control+z');
	await page.keyboard.press('Control+z');
	await expect(page.getByTestId('group')).toHaveCount(2);
	await expect(page.locator('[data-testid="note"][data-note-id="note_b1"]')).toHaveAttribute('data-group-id', 'grp_bill');
	await expect(page.locator('[data-testid="note"][data-note-id="note_a1"]')).toHaveAttribute('data-group-id', 'grp_app');
	await expect(page.getByTestId('notice')).toHaveCount(0);
});

test('a long comment shows as many whole lines as its card holds above its badges, ending in an ellipsis, and nothing of the lines after it', async ({ browser, baseURL }) => {
	const long =
		'@united since UA 1226 ORD-EWR is delayed pushing it into meal time does that mean it will be catered with meals in First? Nobody at the gate could tell us anything and the app still shows the old time';
	// Lines shown: five with no badge, four above one row of badges, three when badges may take two rows.
	const cases: { id: string; fields: Record<string, string>; lines: number }[] = [
		{ id: 'note_long_plain', fields: {}, lines: 5 },
		{ id: 'note_long_badge', fields: { satisfaction: 'Dissatisfied' }, lines: 4 },
		{ id: 'note_long_badges', fields: { satisfaction: 'Very dissatisfied', customerStatus: 'Returning customer' }, lines: 3 }
	];
	const board = await boardWith(
		baseURL!,
		cases.map((c, i) => makeNote({ id: c.id, text: long, fields: c.fields, x: i * 240, y: 0 }))
	);
	const page = await openAs(browser, board.links.editor);
	await page.getByTestId('zoom-level').click();
	await expect(page.getByTestId('zoom-level')).toHaveText('100%');
	for (const c of cases) {
		const card = page.locator(`[data-note-id="${c.id}"]`);
		await expect(card).toBeVisible();
		const m = await card.evaluate((el) => {
			const text = el.querySelector('.text')!;
			const badges = el.querySelector('.badges');
			return {
				height: text.getBoundingClientRect().height,
				bottom: text.getBoundingClientRect().bottom,
				lineHeight: parseFloat(getComputedStyle(text).lineHeight),
				cut: text.scrollHeight > text.clientHeight,
				badgesTop: badges?.getBoundingClientRect().top ?? null,
				badgesBottom: badges?.getBoundingClientRect().bottom ?? null,
				cardBottom: el.getBoundingClientRect().bottom
			};
		});
		// Exactly its whole lines tall: a further line would show below the ellipsis, cut by the card or the badges.
		expect(m.cut).toBe(true);
		expect(m.height / m.lineHeight).toBeCloseTo(c.lines, 1);
		expect(m.bottom).toBeLessThanOrEqual(m.badgesTop ?? m.cardBottom);
		if (m.badgesBottom !== null) expect(m.badgesBottom).toBeLessThanOrEqual(m.cardBottom);
	}
	await expect(page.locator('[data-note-id="note_long_badge"]')).toContainText('Dissatisfied');
	await page.getByTestId('canvas').screenshot({ path: test.info().outputPath('long-notes.png') });
});

test('the search field has one clear button: its own, not also the browser’s cross inside the field', async ({ browser, baseURL }) => {
	const board = await boardWith(baseURL!, [makeNote({ id: 'note_s1', text: 'Breakfast was cold', createdAt: 1 })]);
	const page = await openAs(browser, board.links.editor);
	const search = page.getByTestId('search');
	await search.fill('breakfast');
	await expect(page.getByTestId('search-count')).toContainText('1');
	// Where Chromium draws its own cancel cross, at the field's right end, a click only places the caret.
	const box = (await search.boundingBox())!;
	await page.mouse.click(box.x + box.width - 8, box.y + box.height / 2);
	await expect(search).toHaveValue('breakfast');
	await search.screenshot({ path: test.info().outputPath('search-field.png') });
	await page.getByRole('button', { name: 'Clear search' }).click();
	await expect(search).toHaveValue('');
});

test('the board’s focus ring is drawn over the notes, not under them', async ({ browser, baseURL }) => {
	const notes = Array.from({ length: 300 }, (_, i) => makeNote({ id: `note_f${String(i).padStart(3, '0')}`, text: `Comment ${i}`, createdAt: i + 1 }));
	const board = await boardWith(baseURL!, notes);
	const page = await openAs(browser, board.links.editor);
	await page.getByTestId('canvas').focus();
	await page.keyboard.press('0');
	const canvas = (await page.getByTestId('canvas').boundingBox())!;
	// A point on the ring (1 px inside the canvas's left edge) where a note lies underneath.
	const y = await page.evaluate(({ x, top, bottom }) => {
		for (let y = top + 10; y < bottom - 10; y += 4) if (document.elementFromPoint(x, y)?.closest('[data-testid="note"]')) return y;
		return null;
	}, { x: Math.ceil(canvas.x) + 1, top: canvas.y, bottom: canvas.y + canvas.height });
	expect(y).not.toBeNull();
	const png = await page.screenshot({ clip: { x: Math.ceil(canvas.x) + 1, y: y!, width: 1, height: 1 } });
	const [r, g, b] = await page.evaluate(async (b64) => {
		const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
		const context = new OffscreenCanvas(1, 1).getContext('2d')!;
		context.drawImage(bitmap, 0, 0);
		return [...context.getImageData(0, 0, 1, 1).data];
	}, png.toString('base64'));
	// The accent (#4f46e5), not the note's paper.
	expect(Math.abs(r - 0x4f) + Math.abs(g - 0x46) + Math.abs(b - 0xe5)).toBeLessThan(40);
});
