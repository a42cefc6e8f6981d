import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { expect, test } from './test';
import { planPng, svgSize } from '../../src/lib/export/png';
import { createBoard, openAs, tokenOf } from './helpers';

const COMMENTS = [
	'The zipper broke on the first wash and the seam came apart at the shoulder; I had worn it twice and the fabric pilled under the arms as well',
	'Fabric quality is great, soft and thick, I ordered a second one in blue and would buy it again if the sleeves were a little longer',
	'Runs small; I needed a size up and the return took three weeks to process, with nobody answering my e-mails in the meantime',
	'Colour faded after two washes in cold water, and the print on the front cracked; for this price I expected it to last a season at least'
];

/** Imports `rows` comments as a facilitator's survey export would, through the import API. */
async function importComments(baseURL: string, boardId: string, facilitator: string, rows: number) {
	const csv = ['comment', ...Array.from({ length: rows }, (_, i) => `"${COMMENTS[i % COMMENTS.length]} (#${i + 1})"`)].join('\n');
	const res = await fetch(`${baseURL}/api/boards/${boardId}/imports`, { method: 'POST', headers: { authorization: `Bearer ${tokenOf(facilitator)}`, 'content-type': 'text/csv' }, body: csv });
	expect(res.status).toBe(201);
	expect((await res.json()).imported).toBe(rows);
}

/** An 8-bit RGB PNG's size and, per band of `band` rows, how many of its pixels are not white. */
function inkPerBand(png: Buffer, band: number): { width: number; height: number; ink: number[] } {
	expect(png.subarray(1, 4).toString()).toBe('PNG');
	const width = png.readUInt32BE(16);
	const height = png.readUInt32BE(20);
	expect(png[25]).toBe(2);
	const idat: Buffer[] = [];
	for (let at = 8; at < png.length; ) {
		const length = png.readUInt32BE(at);
		if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
		at += 12 + length;
	}
	const raw = inflateSync(Buffer.concat(idat));
	const stride = 1 + width * 3;
	const ink = new Array(Math.ceil(height / band)).fill(0);
	const row = new Uint8Array(width * 3);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * stride];
		const prev = new Uint8Array(row);
		for (let i = 0; i < width * 3; i++) {
			const v = raw[y * stride + 1 + i];
			row[i] = filter === 1 ? (v + (i >= 3 ? row[i - 3] : 0)) & 255 : filter === 2 ? (v + prev[i]) & 255 : v;
		}
		for (let x = 0; x < width; x++) if (row[x * 3] < 200 || row[x * 3 + 1] < 200 || row[x * 3 + 2] < 200) ink[Math.floor(y / band)]++;
	}
	return { width, height, ink };
}

test('a board of 1,000 notes downloads as one PNG drawn in tiles, with its progress in a notice', async ({ browser, baseURL }) => {
	const b = await createBoard(baseURL!, 'Clothing reviews');
	await importComments(baseURL!, b.id, b.links.facilitator, 1_000);
	const page = await openAs(browser, b.links.facilitator);
	await expect(page.getByTestId('note-count')).toHaveText('1,000');
	// Every notice text shown while the PNG is drawn, however briefly.
	await page.evaluate(() => {
		const seen: string[] = ((window as unknown as { seenNotices: string[] }).seenNotices = []);
		new MutationObserver(() => {
			for (const n of document.querySelectorAll('[data-testid="notice"]')) {
				const text = `${(n as HTMLElement).dataset.kind}: ${n.textContent?.trim()}`;
				if (seen.at(-1) !== text) seen.push(text);
			}
		}).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
	});

	const svg = await (await page.request.get(`/api/boards/${b.id}/export?format=svg&scope=board`)).text();
	const size = svgSize(svg);
	// Taller than one canvas may be in Chromium: the image the walk-through could not draw.
	expect(size.height).toBeGreaterThan(16_384);
	const plan = planPng(size.width, size.height);
	expect(plan.bands.length).toBeGreaterThan(1);

	await page.getByTestId('export-button').click();
	const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('export-board-png').click()]);
	// The menu closed at once; what happens shows in a notice.
	await expect(page.getByRole('menu')).toBeHidden();
	expect(download.suggestedFilename()).toBe('Clothing-reviews.png');
	await expect(page.getByRole('status').filter({ hasText: 'Downloaded Clothing-reviews.png.' })).toBeVisible();
	await page.screenshot({ path: test.info().outputPath('png-downloaded.png') });
	const seen = await page.evaluate(() => (window as unknown as { seenNotices: string[] }).seenNotices);
	expect(seen[0]).toMatch(/^progress: Drawing the PNG of the board…/);
	expect(seen.some((s) => /^progress: Drawing the PNG of the board… \d+%$/.test(s))).toBe(true);

	const png = readFileSync((await download.path())!);
	await download.saveAs(test.info().outputPath('board-1000.png'));
	const band = plan.bands[0].height;
	const { width, height, ink } = inkPerBand(png, band);
	expect({ width, height }).toEqual({ width: plan.width, height: plan.height });
	// At least as sharp as the screen image, and every tile was drawn: each band has cards' text and borders.
	expect(width).toBeGreaterThanOrEqual(1_200);
	for (const [i, n] of ink.entries()) expect(n, `band ${i} of ${ink.length}`).toBeGreaterThan(1_000);
});

test('a PNG that cannot be made says so in a notice that stays, and the menu works again', async ({ browser, baseURL }) => {
	const b = await createBoard(baseURL!, 'Clothing reviews');
	await importComments(baseURL!, b.id, b.links.facilitator, 20);
	const page = await openAs(browser, b.links.facilitator);
	await page.route('**/export?format=svg*', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ message: 'The server is restarting; try again in a minute.' }) }));
	await page.getByTestId('export-button').click();
	await page.getByTestId('export-board-png').click();
	const alert = page.getByRole('alert').filter({ hasText: 'The PNG of the board could not be made' });
	await expect(alert).toContainText('The server is restarting; try again in a minute.');
	await page.screenshot({ path: test.info().outputPath('png-failed.png') });
	// Opening and closing the menu again does not take it away.
	await page.getByTestId('export-button').click();
	await expect(page.getByTestId('export-board-svg')).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(alert).toBeVisible();
	await alert.getByRole('button', { name: 'Dismiss' }).click();
	await expect(alert).toHaveCount(0);

	await page.unroute('**/export?format=svg*');
	await page.getByTestId('export-button').click();
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-board-png').click()]);
	expect(download.suggestedFilename()).toBe('Clothing-reviews.png');
});
