import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './test';
import * as Y from 'yjs';
import { addGroups, addNotes, initBoard, makeGroup, makeNote, type Note } from '../../src/lib/board';
import { groupSize } from '../../src/lib/board/layout';
import { keysAfter } from '../../src/lib/board/order';
import { pushToBoard } from '../helpers/board-generator';
import { createBoard, openAs } from './helpers';

/*
 * A workshop board seen from far away: ten large groups. Their names must stay readable, a name
 * must work as a handle for its group, and fit to group must work from the group, the keyboard
 * and the outline.
 */

const NAMES = [
	'Billing and invoices',
	'Delivery times',
	'Phone queue and call-backs',
	'App login problems',
	'Refunds',
	'Staff friendliness',
	'Food quality',
	'Prices and discounts',
	'Website search',
	'Loyalty programme'
];
const PER_GROUP = 120;
/** Notes of the sixth group ("Staff friendliness"): so many that fitting it on screen still shows it from far. */
const BIG_GROUP = 600;
const sizeOf = (i: number) => (i === 5 ? BIG_GROUP : PER_GROUP);

async function bigBoard(baseURL: string) {
	const b = await createBoard(baseURL, 'Far zoom');
	const doc = new Y.Doc();
	initBoard(doc);
	// The first group alone on its row, with room to its right to be dragged to; the others in rows of three.
	const { w, h } = groupSize(PER_GROUP);
	const at = (i: number) => (i === 0 ? { x: 0, y: 1200 } : { x: ((i - 1) % 3) * (w + 200), y: 1200 + (Math.floor((i - 1) / 3) + 1) * (h + 300) });
	const groups = NAMES.map((label, i) => makeGroup({ id: `grp_f${i}`, label, ...at(i), order: `a${i}` }));
	addGroups(doc, groups, { kind: 'import' });
	const notes: Note[] = [];
	const keys = keysAfter([], BIG_GROUP);
	for (const [i, g] of groups.entries())
		for (let k = 0; k < sizeOf(i); k++)
			notes.push(makeNote({ id: `note_f${i}_${k}`, text: `${g.label}: comment ${k}`, groupId: g.id, order: keys[k], createdAt: 1_700_000_000_000 + i * 1000 + k }));
	for (let k = 0; k < 40; k++) notes.push(makeNote({ id: `note_u${k}`, text: `Unsorted comment ${k}`, createdAt: 1_600_000_000_000 + k }));
	addNotes(doc, notes, { kind: 'import' });
	await pushToBoard(baseURL, b.id, b.links.facilitator, doc);
	return b;
}

const zoom = async (page: Page) => Number(await page.getByTestId('canvas').getAttribute('data-zoom'));
const label = (page: Page, id: string) => page.locator(`[data-testid="group-label"][data-group-id="${id}"]`);

test('far zoom: every group name is readable whole, a name drags its group (never a note out of it), fit to group from the group, the keyboard and the outline', async ({ browser, baseURL }) => {
	const b = await bigBoard(baseURL!);
	const page = await openAs(browser, b.links.editor);
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.getByTestId('zoom-fit').click();
	expect(await zoom(page)).toBeLessThan(0.3);

	// Every name is shown whole, with its count, and no two names overlap.
	await expect(page.getByTestId('group-label')).toHaveCount(NAMES.length);
	for (const [i, name] of NAMES.entries()) await expect(label(page, `grp_f${i}`)).toHaveText(`${name}· ${sizeOf(i)}`);
	const boxes = await page.getByTestId('group-label').evaluateAll((els) =>
		els.map((el) => {
			const r = el.getBoundingClientRect();
			const name = el.querySelector('.gname') as HTMLElement;
			return { x: r.x, y: r.y, w: r.width, h: r.height, cut: name.scrollWidth > name.clientWidth + 1, font: parseFloat(getComputedStyle(el).fontSize) };
		})
	);
	for (const [i, a] of boxes.entries()) {
		expect(a.cut, `label ${i} is cut`).toBe(false);
		expect(a.font).toBeGreaterThanOrEqual(12);
		for (const c of boxes.slice(i + 1)) expect(a.x + a.w <= c.x || c.x + c.w <= a.x || a.y + a.h <= c.y || c.y + c.h <= a.y).toBe(true);
	}
	await page.screenshot({ path: test.info().outputPath('far-zoom.png') });

	// Dragging a name moves its group; no note leaves it.
	const before = (await label(page, 'grp_f0').boundingBox())!;
	await page.mouse.move(before.x + 30, before.y + before.height / 2);
	await page.mouse.down();
	await page.mouse.move(before.x + 30 + 700, before.y + before.height / 2 + 20, { steps: 10 });
	await page.mouse.up();
	await expect.poll(async () => (await label(page, 'grp_f0').boundingBox())!.x).toBeGreaterThan(before.x + 600);
	await expect(label(page, 'grp_f0')).toHaveText(`${NAMES[0]}· ${PER_GROUP}`);
	for (const [i, name] of NAMES.entries()) await expect(label(page, `grp_f${i}`)).toHaveText(`${name}· ${sizeOf(i)}`);
	await expect(page.getByTestId('note-count')).toHaveText(((NAMES.length - 1) * PER_GROUP + BIG_GROUP + 40).toLocaleString('en-US'));

	// The dragged group is selected and focused; 2 fits it on screen (keyboard fit to group).
	await page.keyboard.press('Escape');
	await label(page, 'grp_f3').click();
	await page.keyboard.press('2');
	await expect(page.getByTestId('announcer')).toHaveText(`Showing group “${NAMES[3]}”, ${PER_GROUP} notes.`);
	const fitted = await zoom(page);
	expect(fitted).toBeGreaterThan(0.05);
	// The group is whole on screen with its name, and clear of the zoom bar, minimap and legend.
	const canvas = (await page.getByTestId('canvas').boundingBox())!;
	const frame = (await page.locator('[data-testid="group"][data-group-id="grp_f3"]').boundingBox())!;
	const shown = (await label(page, 'grp_f3').boundingBox())!;
	for (const r of [frame, shown]) {
		expect(r.x).toBeGreaterThanOrEqual(canvas.x - 1);
		expect(r.y).toBeGreaterThanOrEqual(canvas.y - 1);
		expect(r.x + r.width).toBeLessThanOrEqual(canvas.x + canvas.width + 1);
		expect(r.y + r.height).toBeLessThanOrEqual(canvas.y + canvas.height + 1);
	}
	expect(frame.width, 'the group fills most of the width beside the controls').toBeGreaterThan(canvas.width * 0.6);
	const covering = await page.evaluate((f) => {
		const out: string[] = [];
		for (const o of document.querySelectorAll<HTMLElement>('[data-board-overlay]')) {
			const r = o.getBoundingClientRect();
			if (r.width && f.x < r.right && r.left < f.x + f.width && f.y < r.bottom && r.top < f.y + f.height) out.push(o.className.split(' ')[0]);
		}
		return out;
	}, frame);
	expect(covering).toEqual([]);

	await page.getByTestId('view-outline').click();
	// From the outline: the group's "show on the canvas" button switches to the canvas and fits it.
	await page.locator('[data-testid="outline-group"][data-group-id="grp_f5"] [data-testid="outline-zoom"]').click();
	await expect(page.getByTestId('canvas')).toBeVisible();
	await expect(page.getByTestId('announcer')).toHaveText(`Showing group “${NAMES[5]}”, ${BIG_GROUP} notes.`);
	await expect(page.locator(`[data-group-focus="grp_f5"]`)).toBeFocused();
	// F2 on a name far out comes close to the group's header to rename it there.
	await page.keyboard.press('F2');
	await expect(page.getByTestId('group-name-input')).toBeFocused();
	expect(await zoom(page)).toBeCloseTo(0.8, 2);
	await page.keyboard.press('Escape');
	await expect(page.locator(`[data-group-focus="grp_f5"]`)).toBeFocused();
	// From the group's own header: its fit button shows the whole group again.
	await page.locator('[data-testid="group"][data-group-id="grp_f5"] [data-testid="group-zoom"]').click();
	await expect(page.getByTestId('announcer')).toHaveText(`Showing group “${NAMES[5]}”, ${BIG_GROUP} notes.`);
	expect(await zoom(page)).toBeLessThan(0.3);
	await page.screenshot({ path: test.info().outputPath('fit-group.png') });
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('switching Outline → Canvas never reopens a rename box', async ({ browser, baseURL }) => {
	const b = await createBoard(baseURL!, 'Outline and canvas');
	const doc = new Y.Doc();
	initBoard(doc);
	addNotes(doc, [makeNote({ id: 'note_o1', text: 'Refund took weeks', x: 0, y: 0, createdAt: 1 }), makeNote({ id: 'note_o2', text: 'Charged twice', x: 300, y: 0, createdAt: 2 })], { kind: 'import' });
	await pushToBoard(baseURL!, b.id, b.links.facilitator, doc);
	const page = await openAs(browser, b.links.editor);
	// A rename started on the canvas and left by switching views.
	await page.locator('[data-note-id="note_o1"]').click();
	await page.keyboard.press('g');
	await expect(page.getByTestId('group-name-input')).toBeFocused();
	await page.getByTestId('view-outline').click();
	await page.getByTestId('view-canvas').click();
	await expect(page.getByTestId('group-name-input')).toHaveCount(0);
	// A group made in the outline is named there, not in a box that opens on the canvas later.
	await page.getByTestId('view-outline').click();
	await page.getByTestId('outline-note').filter({ hasText: 'Charged twice' }).click();
	await page.keyboard.press('g');
	await expect(page.getByTestId('outline-group')).toHaveCount(2);
	// Its row's name field has focus: the name is typed there, then Tab leaves it.
	await expect(page.getByTestId('outline-group-name').and(page.locator(':focus'))).toHaveValue('');
	await page.keyboard.type('Billing');
	await page.keyboard.press('Tab');
	await page.keyboard.press('o');
	await expect(page.getByTestId('canvas')).toBeVisible();
	await expect(page.getByTestId('group')).toHaveCount(2);
	await expect(page.getByTestId('group-name-input')).toHaveCount(0);
	await expect(page.getByTestId('group-name').filter({ hasText: 'Billing' })).toHaveCount(1);
});

test('a whole-board PNG of more than 4,000 notes is refused with a way out; the groups-only PNG is offered', async ({ browser, baseURL }) => {
	const b = await createBoard(baseURL!, 'Large board');
	// Imported as a facilitator imports a survey export: the server writes the notes in chunks.
	const csv = ['comment', ...Array.from({ length: 4_200 }, (_, i) => `Comment number ${i} about the service`)].join('\n');
	const token = new URL(b.links.facilitator).searchParams.get('token') ?? new URL(b.links.facilitator).hash.replace(/^#.*token=/, '');
	const res = await fetch(`${baseURL}/api/boards/${b.id}/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
	expect(res.status).toBe(201);
	expect((await res.json()).imported).toBe(4_200);
	const page = await openAs(browser, b.links.editor);
	await expect(page.getByTestId('note-count')).toHaveText('4,200');
	await page.getByTestId('export-button').click();
	await page.getByTestId('export-board-png').click();
	await expect(page.getByRole('alert').filter({ hasText: 'A PNG of all 4,200 notes' })).toHaveText(
		'A PNG of all 4,200 notes is too large to draw (the limit is 4,000). Export the board as SVG, or the groups only as PNG.'
	);
	await expect(page.getByTestId('export-board-svg')).toBeVisible();
	await expect(page.getByTestId('export-groups-png')).toBeEnabled();
});
