import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { generateNKeysBetween } from 'fractional-indexing';
import { addGroups, addNotes, makeGroup, makeNote } from '../../src/lib/board';
import { editBoard, joinAs } from './collab-helpers';
import { createBoard } from './helpers';

const COMMENTS = [
	'The courier left the parcel at the wrong door and nobody answered the phone for two days',
	'Delivery was three days late, see https://support.example.com/tickets/2024/11/very-long-path?ref=abcdefghijklmnopqrstuvwxyz0123456789 for my ticket',
	'Box arrived crushed; the glasses inside were broken',
	'Tracking said delivered but it was not',
	'Great driver, very polite',
	'I waited all day at home and the delivery never came, then the app said I was not there, which is simply not true, and the refund took weeks'
];

/** A board with three groups (one collapsed) and loose notes, with satisfaction answers for the bars. */
async function board(baseURL: string, notes = 40) {
	const b = await createBoard(baseURL, 'Delivery feedback, November');
	await editBoard(baseURL, b.id, b.links.facilitator, (doc) => {
		const groups = [
			makeGroup({ label: 'Late or missed deliveries and couriers who never call before they come', x: 40, y: 40, order: 'a0' }),
			makeGroup({ label: 'Damaged parcels', x: 1200, y: 40, order: 'a1', color: '#fde68a' }),
			makeGroup({ label: 'Praise', x: 1800, y: 40, order: 'a2', collapsed: true, color: '#bbf7d0' })
		];
		addGroups(doc, groups, { kind: 'server' });
		const order = generateNKeysBetween(null, null, notes);
		addNotes(
			doc,
			Array.from({ length: notes }, (_, i) =>
				makeNote({
					text: `${COMMENTS[i % COMMENTS.length]} (#${i + 1})`,
					fields: { satisfaction: (i % 5) + 1 },
					groupId: i < notes - 6 ? groups[i % 3].id : null,
					order: order[i],
					createdBy: 'seed',
					createdAt: i
				})
			),
			{ kind: 'server' }
		);
	});
	return b;
}

/**
 * Opens an SVG as its own document in Chromium and measures, for every card (a nested <svg
 * data-card>), how far each of its texts really extends (`getBBox`, with the fonts of this
 * machine). Returns the texts that leave their card.
 */
async function textsOutsideCards(page: Page, baseURL: string, svg: string): Promise<string[]> {
	await page.route('**/image-under-test.svg', (route) => route.fulfill({ contentType: 'image/svg+xml', body: svg }));
	await page.goto(`${baseURL}/image-under-test.svg`);
	return page.evaluate(() => {
		const out: string[] = [];
		for (const card of document.querySelectorAll<SVGSVGElement>('svg[data-card]')) {
			const w = card.width.baseVal.value;
			const h = card.height.baseVal.value;
			for (const t of card.querySelectorAll<SVGTextElement>(':scope > text')) {
				const b = t.getBBox();
				if (b.x < -0.5 || b.y < -0.5 || b.x + b.width > w + 0.5 || b.y + b.height > h + 0.5) out.push(`${t.textContent} (${Math.round(b.x)}..${Math.round(b.x + b.width)} of ${w})`);
			}
		}
		return out;
	});
}

test('the export menu downloads the board and its groups as SVG and PNG, every text inside its card', async ({ browser, baseURL }) => {
	const b = await board(baseURL!);
	const { page } = await joinAs(browser, b.links.facilitator, 'Alice');

	// Keyboard: the menu opens on its first item, arrows move, Escape gives focus back.
	await page.getByTestId('export-button').focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('menuitem', { name: 'Board as SVG' })).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await expect(page.getByRole('menuitem', { name: 'Board as PNG' })).toBeFocused();
	await page.screenshot({ path: test.info().outputPath('export-menu.png') });
	await page.keyboard.press('Escape');
	await expect(page.getByRole('menu')).toBeHidden();
	await expect(page.getByTestId('export-button')).toBeFocused();

	await page.getByTestId('export-button').click();
	const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-board-svg').click()]);
	expect(svgDownload.suggestedFilename()).toBe('Delivery-feedback-November.svg');
	const svg = readFileSync((await svgDownload.path())!, 'utf8');
	expect(svg).toContain('Damaged parcels');
	expect(svg).toContain('collapsed on the board');
	// 40 notes less the 11 of the collapsed group (every third of the first 34).
	expect(svg.match(/data-note=/g)?.length).toBe(29);

	await page.getByTestId('export-button').click();
	const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-groups-png').click()]);
	expect(pngDownload.suggestedFilename()).toBe('Delivery-feedback-November.groups.png');
	const png = readFileSync((await pngDownload.path())!);
	expect(png.subarray(1, 4).toString()).toBe('PNG');
	// Drawn at twice the screen image's 1,200 px.
	expect(png.readUInt32BE(16)).toBe(2400);
	await pngDownload.saveAs(test.info().outputPath('groups.png'));

	await page.getByTestId('export-button').click();
	const [boardPng] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-board-png').click()]);
	await boardPng.saveAs(test.info().outputPath('board.png'));

	const viewer = await page.context().newPage();
	expect(await textsOutsideCards(viewer, baseURL!, svg)).toEqual([]);
	const groups = await (await page.request.get(`/api/boards/${b.id}/export?format=svg&scope=groups`)).text();
	expect(await textsOutsideCards(viewer, baseURL!, groups)).toEqual([]);
	await viewer.close();
});

test('printing the board gives numbered landscape pages that each fit the paper', async ({ browser, baseURL }) => {
	const b = await board(baseURL!, 120);
	const { page } = await joinAs(browser, b.links.viewer, 'Bob');
	await page.getByTestId('export-button').click();
	const [print] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('print-board-a4').click()]);
	await expect(print.getByRole('heading', { level: 1 })).toContainText('Board on A4 pages');
	const count = Number((await print.getByRole('heading', { level: 1 }).textContent())!.match(/· (\d+) pages?/)![1]);
	expect(count).toBeGreaterThan(1);
	await expect(print.getByTestId('print-page')).toHaveCount(count);
	await expect(print.getByTestId('print-page').first()).toHaveJSProperty('complete', true);
	await print.screenshot({ path: test.info().outputPath('print-a4.png') });

	const res = await page.request.get(`/api/boards/${b.id}/export?format=svg&scope=board&paper=a4&page=${count}`);
	expect(res.ok()).toBe(true);
	expect(await res.text()).toContain(`Page ${count} of ${count}`);
	const tooFar = await page.request.get(`/api/boards/${b.id}/export?format=svg&scope=board&paper=a4&page=${count + 1}`);
	expect(tooFar.status()).toBe(400);
	expect((await tooFar.json()).message).toContain(`has ${count} pages`);
});
