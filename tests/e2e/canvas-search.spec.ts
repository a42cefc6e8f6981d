import { expect, test, type Locator, type Page } from './test';
import { addGroups, addNotes, makeGroup, makeNote } from '../../src/lib/board';
import { editBoard } from './collab-helpers';
import { createBoard, openAs } from './helpers';

/*
 * Search and the camera: the matches a person searches for come into view at a zoom where their
 * text reads, on a laptop and on a phone, without losing the overview a search made at fit to
 * select its matches needs.
 */

/** Three groups, a grid of 30 loose remarks below them, and one note about parking far to the right. */
async function board(baseURL: string) {
	const b = await createBoard(baseURL, 'Clinic survey');
	await editBoard(baseURL, b.id, b.links.facilitator, (doc) => {
		const groups = ['Waiting times', 'Billing', 'Friendly staff'].map((label, i) => makeGroup({ label, x: 40 + i * 420, y: 40, order: `a${i}` }));
		addGroups(doc, groups, { kind: 'server' });
		addNotes(
			doc,
			[
				...Array.from({ length: 9 }, (_, i) => makeNote({ text: `Comment ${i + 1} about the clinic visit`, groupId: groups[i % 3].id, order: `a${i}`, createdBy: 'seed' })),
				...Array.from({ length: 30 }, (_, i) => makeNote({ text: `Loose remark ${i + 1}`, x: 40 + (i % 6) * 230, y: 900 + Math.floor(i / 6) * 140, createdBy: 'seed' })),
				makeNote({ id: 'note_parking', text: 'Parking at the clinic was impossible', x: 3000, y: 1600, createdBy: 'seed' })
			],
			{ kind: 'server' }
		);
	});
	return b;
}

const zoom = async (page: Page) => Number(await page.getByTestId('canvas').getAttribute('data-zoom'));

/** `note` is drawn whole inside the canvas, its text at least `px` high, and nothing lies over its middle. */
async function expectReadable(page: Page, note: Locator, px = 10) {
	const canvas = (await page.getByTestId('canvas').boundingBox())!;
	const box = (await note.boundingBox())!;
	expect(box.x).toBeGreaterThanOrEqual(canvas.x);
	expect(box.y).toBeGreaterThanOrEqual(canvas.y);
	expect(box.x + box.width).toBeLessThanOrEqual(canvas.x + canvas.width);
	expect(box.y + box.height).toBeLessThanOrEqual(canvas.y + canvas.height);
	const seen = await note.evaluate((el: HTMLElement) => {
		const r = el.getBoundingClientRect();
		const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		const text = el.querySelector('p, .text') ?? el;
		return { mine: !!top && (el === top || el.contains(top)), font: parseFloat(getComputedStyle(text).fontSize) * (r.width / el.offsetWidth) };
	});
	expect(seen.mine, 'nothing lies over the match').toBe(true);
	expect(seen.font).toBeGreaterThanOrEqual(px);
}

test('a match searched for comes into view at a readable zoom, on a laptop beside the side panels and on a phone; many matches seen at fit keep the overview until stepped through', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const page = await openAs(browser, b.links.editor, { viewport: { width: 1280, height: 800 } });
	const parking = page.locator('[data-testid="note"][data-note-id="note_parking"]');
	await page.getByTestId('zoom-fit').click();
	const fit = await zoom(page);
	expect(fit).toBeLessThan(0.5);

	// One match, seen from far: once typing pauses, the view comes close to it, and it is the current match.
	await page.getByTestId('search').fill('parking');
	await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.8);
	await expectReadable(page, parking);
	await expect(page.getByTestId('search-count')).toContainText('1 / 1');
	await expect(page.getByTestId('search')).toBeFocused();
	await page.screenshot({ path: test.info().outputPath('search-one-match.png') });

	// Many matches spread over the board, at fit: the overview stays (a search made to select them all), the outlines show them.
	await page.getByTestId('zoom-fit').click();
	const overview = await zoom(page);
	await page.getByTestId('search').fill('loose remark');
	await expect(page.getByTestId('search-count')).toContainText('30 matches');
	// Past the pause after typing, the view has not moved.
	await page.waitForTimeout(1000);
	expect(await zoom(page)).toBe(overview);
	// Stepping through them comes close to each, clear of the zoom bar and minimap.
	await page.getByTestId('search').press('Enter');
	await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.8);
	await expect(page.getByTestId('search-count')).toContainText('1 / 30');
	await expectReadable(page, page.getByTestId('note').filter({ has: page.locator('p.text', { hasText: /^Loose remark 1$/ }) }));

	// Close up elsewhere: a match off the screen is brought in.
	await page.getByTestId('search').fill('parking');
	await expect.poll(async () => (await parking.count()) > 0 && (await parking.isVisible())).toBe(true);
	await expectReadable(page, parking);
	await page.context().close();

	// A phone: the match comes into view above the canvas bar's rows and clear of the zoom bar.
	const phone = await openAs(browser, b.links.editor, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
	const onPhone = phone.locator('[data-testid="note"][data-note-id="note_parking"]');
	expect(await zoom(phone)).toBeLessThan(0.3);
	await phone.getByTestId('search').fill('parking');
	await expect.poll(() => zoom(phone)).toBeGreaterThanOrEqual(0.8);
	await expectReadable(phone, onPhone);
	await phone.screenshot({ path: test.info().outputPath('search-phone.png') });
});
