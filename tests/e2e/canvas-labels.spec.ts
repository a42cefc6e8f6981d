import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './test';
import { addGroups, addNotes, makeGroup, makeNote } from '../../src/lib/board';
import { groupSize } from '../../src/lib/board/layout';
import { editBoard, joinAs } from './collab-helpers';
import { createBoard } from './helpers';

/*
 * Group names seen from far, beside the side panels and on a phone: each name stays inside its
 * group's frame (cut with an ellipsis where the frame is narrower than the name), and no name lies
 * under the zoom bar, minimap or legend.
 */

const NAMES = [
	'Waiting times in the emergency department after midnight',
	'Billing',
	'Friendly staff',
	'Parking and access for wheelchairs at the north entrance',
	'Food',
	'Nurses explained everything very clearly and kindly'
];
/** Where each group is seeded (board units); three notes each, so every frame is this size. */
const at = (i: number) => ({ x: 40 + (i % 3) * 560, y: 40 + Math.floor(i / 3) * 440 });
const SIZE = groupSize(3);

async function board(baseURL: string) {
	const b = await createBoard(baseURL, 'Group names');
	await editBoard(baseURL, b.id, b.links.facilitator, (doc) => {
		const groups = NAMES.map((label, i) => makeGroup({ id: `grp_n${i}`, label, ...at(i), order: `a${i}` }));
		addGroups(doc, groups, { kind: 'server' });
		addNotes(
			doc,
			Array.from({ length: 18 }, (_, i) => makeNote({ text: `Comment ${i + 1} about the clinic visit`, groupId: groups[i % 6].id, order: `a${Math.floor(i / 6)}`, createdBy: 'seed' })),
			{ kind: 'server' }
		);
	});
	return b;
}

type Box = { x: number; y: number; w: number; h: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The camera as the page draws it: where board point (0, 0) is on the page, and the zoom. */
const cameraOf = (page: Page) =>
	page.evaluate(() => {
		const c = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
		const m = new DOMMatrixReadOnly(getComputedStyle(document.querySelector('[data-testid="canvas"] .world')!).transform);
		return { x: c.left + m.e, y: c.top + m.f, zoom: m.a };
	});

/**
 * Every group name drawn lies inside its frame (where the camera puts the frame's board rectangle
 * on the page), lies under none of the controls over the board, is what is drawn at its middle,
 * and has the whole name as its tooltip. Answers how many names are drawn and how many are cut.
 */
async function expectLabelsInside(page: Page): Promise<{ shown: number; cut: number }> {
	const camera = await cameraOf(page);
	const found = await page.evaluate(() => {
		const box = (r: DOMRect) => ({ x: r.left, y: r.top, w: r.width, h: r.height });
		return {
			overlays: [...document.querySelectorAll('[data-board-overlay]')].map((o) => box(o.getBoundingClientRect())).filter((r) => r.w > 0),
			labels: [...document.querySelectorAll<HTMLElement>('[data-testid="group-label"]')].map((el) => {
				const r = el.getBoundingClientRect();
				const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
				const name = el.querySelector('.gname') as HTMLElement;
				return { id: el.dataset.groupId!, ...box(r), mine: !!top && (el === top || el.contains(top)), cut: name.scrollWidth > name.clientWidth + 1 || name.scrollHeight > name.clientHeight + 1, title: el.title };
			})
		};
	});
	for (const l of found.labels) {
		const i = Number(l.id.replace('grp_n', ''));
		const frame = { x: camera.x + at(i).x * camera.zoom, y: camera.y + at(i).y * camera.zoom, w: SIZE.w * camera.zoom, h: SIZE.h * camera.zoom };
		const where = `the name of “${NAMES[i]}” at ${JSON.stringify(l)} in its frame at ${JSON.stringify(frame)} (zoom ${camera.zoom})`;
		expect(l.x, where).toBeGreaterThanOrEqual(frame.x - 1);
		expect(l.y, where).toBeGreaterThanOrEqual(frame.y - 1);
		expect(l.x + l.w, where).toBeLessThanOrEqual(frame.x + frame.w + 1);
		expect(l.y + l.h, where).toBeLessThanOrEqual(frame.y + frame.h + 1);
		for (const o of found.overlays) expect(overlap(l, o), `${where} lies under a control at ${JSON.stringify(o)}`).toBe(false);
		expect(l.mine, `${where} is covered`).toBe(true);
		expect(l.title).toBe(NAMES[i]);
	}
	return { shown: found.labels.length, cut: found.labels.filter((l) => l.cut).length };
}

const zoomOf = async (page: Page) => Number(await page.getByTestId('canvas').getAttribute('data-zoom'));

test('seen from far beside the side panels, each group name stays inside its frame, cut with an ellipsis, and none lies under the zoom bar or minimap', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const { page } = await joinAs(browser, b.links.facilitator, 'Fiona', { width: 1280, height: 800 });
	// Details docked beside the board, and the Tasks panel beside it: the board is a narrow column.
	await page.getByTestId('open-tasks').click();
	await expect(page.getByRole('complementary', { name: 'Accountability' })).toBeVisible();
	await page.getByTestId('zoom-fit').click();
	await expect.poll(() => zoomOf(page)).toBeLessThan(0.6);

	// A frame whose corner is under the zoom bar: its name goes lower in the frame, or waits, never under the bar.
	const bar = (await page.getByRole('toolbar', { name: 'Zoom' }).boundingBox())!;
	const canvas = (await page.getByTestId('canvas').boundingBox())!;
	for (const i of [0, 3, 5]) {
		const camera = await cameraOf(page);
		const corner = { x: camera.x + at(i).x * camera.zoom, y: camera.y + at(i).y * camera.zoom };
		const to = { x: bar.x + 12, y: bar.y + 4 };
		await page.mouse.move(canvas.x + 40, canvas.y + 40);
		await page.mouse.wheel(corner.x - to.x, corner.y - to.y);
		await expect.poll(async () => Math.abs((await cameraOf(page)).x + at(i).x * camera.zoom - to.x)).toBeLessThan(2);
		await expectLabelsInside(page);
		await page.screenshot({ path: test.info().outputPath(`labels-under-bar-${i}.png`) });
	}

	// Further out, names are cut to their frames rather than running over the next ones.
	await page.getByTestId('zoom-fit').click();
	let cut = 0;
	for (let step = 0; step < 3; step++) {
		await expect(page.getByTestId('group-label').first()).toBeVisible();
		const seen = await expectLabelsInside(page);
		expect(seen.shown).toBeGreaterThan(0);
		cut += seen.cut;
		await page.screenshot({ path: test.info().outputPath(`labels-${step}.png`) });
		await page.getByRole('button', { name: /^Zoom out/ }).click();
	}
	expect(cut).toBeGreaterThan(0);
});

test('on a phone, each group name seen from far stays inside its frame and clear of the zoom bar', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const context = await browser.newContext({ hasTouch: true, isMobile: true, deviceScaleFactor: 2, viewport: { width: 390, height: 844 } });
	await context.addInitScript(() => localStorage.setItem('gistboard.identity', JSON.stringify({ id: 'user_pat', name: 'Pat' })));
	const page = await context.newPage();
	await page.goto(b.links.editor);
	await expect(page.getByTestId('board')).toHaveAttribute('data-synced', 'true');
	await page.getByTestId('zoom-fit').tap();
	await expect.poll(() => zoomOf(page)).toBeLessThan(0.6);
	await expect(page.getByTestId('group-label').first()).toBeVisible();
	const seen = await expectLabelsInside(page);
	expect(seen.shown).toBeGreaterThanOrEqual(3);
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
	await page.screenshot({ path: test.info().outputPath('labels-phone.png') });
});
