import { expect, test, type CDPSession, type Page } from './test';
import * as Y from 'yjs';
import { addGroups, addNotes, initBoard, makeGroup, makeNote } from '../../src/lib/board';
import { pushToBoard } from '../helpers/board-generator';
import { createBoard, rememberName } from './helpers';

/*
 * A tablet: a touch screen and no mouse. Touches go through Chromium's input pipeline
 * (CDP Input.dispatchTouchEvent), so the page sees the pointer events a finger makes, several
 * fingers at once included.
 */

type Point = { x: number; y: number };

class Fingers {
	constructor(private cdp: CDPSession) {}
	private send(type: 'touchStart' | 'touchMove' | 'touchEnd', points: Point[]) {
		return this.cdp.send('Input.dispatchTouchEvent', {
			type,
			touchPoints: points.map((p, id) => ({ x: p.x, y: p.y, id, radiusX: 4, radiusY: 4, force: 1 }))
		});
	}
	/** Fingers go down at `from`, move in `steps` to `to`, and lift; `hold` ms still before moving. */
	async gesture(from: Point[], to: Point[], { steps = 12, hold = 0 } = {}) {
		await this.send('touchStart', from);
		if (hold) await new Promise((r) => setTimeout(r, hold));
		for (let i = 1; i <= steps; i++) {
			const k = i / steps;
			await this.send(
				'touchMove',
				from.map((f, j) => ({ x: f.x + (to[j].x - f.x) * k, y: f.y + (to[j].y - f.y) * k }))
			);
		}
		await this.send('touchEnd', []);
	}
}

async function tablet(browser: import('@playwright/test').Browser, link: string): Promise<{ page: Page; fingers: Fingers }> {
	const context = await browser.newContext({ hasTouch: true, viewport: { width: 1180, height: 820 } });
	await rememberName(context);
	const page = await context.newPage();
	await page.goto(link);
	await expect(page.getByTestId('board')).toHaveAttribute('data-synced', 'true');
	return { page, fingers: new Fingers(await context.newCDPSession(page)) };
}

const box = async (page: Page, selector: string) => (await page.locator(selector).boundingBox())!;
const mid = (b: { x: number; y: number; width: number; height: number }): Point => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
const zoom = async (page: Page) => Number(await page.getByTestId('canvas').getAttribute('data-zoom'));

/** A point of the canvas with no note or group under it. */
async function emptySpot(page: Page): Promise<Point> {
	return page.evaluate(() => {
		const c = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
		for (let y = c.bottom - 40; y > c.top + 40; y -= 30)
			for (let x = c.left + 40; x < c.right - 340; x += 30) {
				const el = document.elementFromPoint(x, y);
				if (el?.closest('[data-testid="canvas"]') && !el.closest('[data-note-id], [data-group-id], .zoombar, button, canvas')) return { x, y };
			}
		throw new Error('no empty spot on the canvas');
	});
}

test('touch: one finger pans, a finger on a note pans until a long press picks it up, the note is dragged into a group, two fingers pinch-zoom', async ({ browser, baseURL }) => {
	const b = await createBoard(baseURL!, 'Tablet clustering');
	const doc = new Y.Doc();
	initBoard(doc);
	addGroups(doc, [makeGroup({ id: 'grp_bill', label: 'Billing', x: 0, y: 400, order: 'a0' })], { kind: 'import' });
	addNotes(
		doc,
		[
			makeNote({ id: 'note_in', text: 'Charged twice', groupId: 'grp_bill', order: 'a0', createdAt: 1 }),
			...['Refund came late', 'Invoice was wrong', 'Driver was late', 'Parcel lost'].map((text, i) => makeNote({ id: `note_t${i}`, text, createdAt: 10 + i }))
		],
		{ kind: 'import' }
	);
	await pushToBoard(baseURL!, b.id, b.links.facilitator, doc);
	const { page, fingers } = await tablet(browser, b.links.editor);
	const note = (id: string) => `[data-testid="note"][data-note-id="${id}"]`;
	await expect(page.locator(note('note_t0'))).toBeVisible();

	// One finger on empty board pans it.
	const start = await emptySpot(page);
	const before = await box(page, note('note_t0'));
	await fingers.gesture([start], [{ x: start.x + 120, y: start.y - 80 }]);
	await expect.poll(async () => (await box(page, note('note_t0'))).x - before.x).toBeCloseTo(120, 0);
	expect((await box(page, note('note_t0'))).y - before.y).toBeCloseTo(-80, 0);

	// A finger that moves straight away on a note scrolls the board too; the note stays unsorted.
	const onNote = mid(await box(page, note('note_t1')));
	const before2 = await box(page, note('note_t1'));
	await fingers.gesture([onNote], [{ x: onNote.x - 60, y: onNote.y + 40 }]);
	await expect.poll(async () => (await box(page, note('note_t1'))).x - before2.x).toBeCloseTo(-60, 0);
	await expect(page.locator(note('note_t1'))).toHaveAttribute('data-group-id', '');

	// A long press picks the note up; dragging it onto the group's body drops it in.
	const from = mid(await box(page, note('note_t0')));
	const into = mid(await box(page, '[data-testid="group"][data-group-id="grp_bill"]'));
	await fingers.gesture([from], [{ x: into.x, y: into.y + 30 }], { hold: 700, steps: 16 });
	await expect(page.getByTestId('announcer')).toContainText('Moved 1 note to Billing');
	await expect(page.locator(note('note_t0'))).toHaveAttribute('data-group-id', 'grp_bill');
	await expect(page.locator('[data-testid="group"][data-group-id="grp_bill"] .count')).toHaveText('2');

	// Long press on a loose note and drop it on another: the two make a new group.
	const a = mid(await box(page, note('note_t2')));
	const c = mid(await box(page, note('note_t3')));
	await fingers.gesture([a], [c], { hold: 700, steps: 16 });
	await expect(page.locator(note('note_t2'))).toHaveAttribute('data-group-id', /^grp_/);
	await expect(page.locator(note('note_t3'))).toHaveAttribute('data-group-id', (await page.locator(note('note_t2')).getAttribute('data-group-id'))!);
	await expect(page.getByTestId('group')).toHaveCount(2);

	// Two fingers spreading zoom in around their midpoint, wherever they land (on notes too);
	// pinching back zooms out again.
	const z0 = await zoom(page);
	const centre = mid(await box(page, '[data-testid="canvas"]'));
	await fingers.gesture(
		[{ x: centre.x - 40, y: centre.y }, { x: centre.x + 40, y: centre.y }],
		[{ x: centre.x - 80, y: centre.y }, { x: centre.x + 80, y: centre.y }]
	);
	await expect.poll(() => zoom(page)).toBeCloseTo(Math.min(3, z0 * 2), 1);
	await fingers.gesture(
		[{ x: centre.x - 100, y: centre.y }, { x: centre.x + 100, y: centre.y }],
		[{ x: centre.x - 50, y: centre.y }, { x: centre.x + 50, y: centre.y }]
	);
	await expect.poll(() => zoom(page)).toBeCloseTo(Math.min(3, z0 * 2) / 2, 1);
	// Nothing moved into a group by the pinches.
	await expect(page.locator('[data-testid="note"][data-group-id="grp_bill"]')).toHaveCount(2);
	await page.screenshot({ path: test.info().outputPath('touch.png') });
});

test('touch: a group tapped on a tablet is renamed from Details, with no keyboard shortcut or double-click', async ({ browser, baseURL }) => {
	const b = await createBoard(baseURL!, 'Tablet naming');
	const doc = new Y.Doc();
	initBoard(doc);
	addGroups(doc, [makeGroup({ id: 'grp_bill', label: 'Billing', x: 0, y: 200, order: 'a0' })], { kind: 'import' });
	addNotes(doc, [makeNote({ id: 'note_in', text: 'Charged twice', groupId: 'grp_bill', order: 'a0', createdAt: 1 })], { kind: 'import' });
	await pushToBoard(baseURL!, b.id, b.links.facilitator, doc);
	const { page } = await tablet(browser, b.links.editor);
	const frame = page.locator('[data-testid="group"][data-group-id="grp_bill"]');
	await frame.getByTestId('group-name').tap();
	const details = page.getByTestId('details');
	await expect(details).toContainText('1 note. Rename it here, with F2 or by double-clicking its name.');
	await details.getByTestId('details-rename').tap();
	const field = frame.getByTestId('group-name-input');
	await expect(field).toBeFocused();
	await field.fill('Charged twice for one order');
	await field.press('Enter');
	await expect(frame.getByTestId('group-name')).toHaveText('Charged twice for one order');
	await expect(details).toContainText('Charged twice for one order');
});
