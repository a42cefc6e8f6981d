import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from './test';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from '../integration/helpers/server';
import { createBoard, rememberName, tokenOf } from './helpers';

const fixture = (name: string) => resolve(import.meta.dirname, '../fixtures/import', name);
const SECRETS = ['Ann Lee', 'ann@example.com', 'bo@example.com', '7946 0958', '1 High St', 'Bo Chen'];

/** Opens a link in a fresh context and records every WebSocket frame the page receives. */
async function openRecording(browser: Browser, link: string): Promise<{ page: Page; received: () => string }> {
	const context = await browser.newContext();
	await rememberName(context);
	const page = await context.newPage();
	const frames: Buffer[] = [];
	page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(Buffer.isBuffer(f.payload) ? f.payload : Buffer.from(f.payload))));
	await page.goto(link);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	await expect(page.getByTestId('board')).toHaveAttribute('data-synced', 'true');
	return { page, received: () => Buffer.concat(frames).toString('utf8') };
}

test('a facilitator imports a file, corrects a column, and a participant sees the notes live without private data', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Customer survey');
	const alice = await openRecording(browser, board.links.facilitator);
	const bob = await openRecording(browser, board.links.editor);
	await expect(bob.page.getByTestId('open-import')).toHaveCount(0);

	await alice.page.keyboard.press('i');
	const dialog = alice.page.getByRole('dialog', { name: 'Import customer comments' });
	await expect(dialog).toBeVisible();
	await expect(dialog.getByText('No imports yet')).toBeVisible();
	expect((await new AxeBuilder({ page: alice.page }).include('dialog').analyze()).violations).toEqual([]);
	await dialog.getByTestId('import-file').setInputFiles(fixture('contacts.csv'));

	// Reading runs in a worker whose script may still be compiling on a loaded machine.
	await expect(dialog.getByRole('table', { name: 'Column mapping' })).toBeVisible({ timeout: 30_000 });
	await expect(dialog.getByLabel('Meaning of Comment')).toHaveValue('comment');
	await expect(dialog.getByLabel('Meaning of Email')).toHaveValue('email');
	await expect(dialog.getByLabel('Keep Email private')).toBeChecked();
	await expect(dialog.getByTestId('import-counts')).toContainText('3 notes from 3 rows');
	await expect(dialog.getByText('Row 4: date “not a date” could not be read; kept as written')).toBeVisible();
	await expect(dialog.getByText('Call me on [phone] or mail [e-mail]')).toBeVisible();

	// Correct one guess: the age column is kept as written instead of as a bracket.
	await dialog.getByLabel('Meaning of Age').selectOption('other');
	await expect(dialog.getByText('Age: 29')).toBeVisible();
	expect((await new AxeBuilder({ page: alice.page }).include('dialog').analyze()).violations).toEqual([]);
	await alice.page.screenshot({ path: 'test-results/import-dialog-mapping.png', fullPage: true });

	await dialog.getByRole('button', { name: 'Import 3 notes' }).click();
	await expect(dialog.getByText('Imported 3 notes.')).toBeVisible();
	// The board was empty: there are no other notes for these to be beside.
	await expect(dialog.getByText("They are in the board's unsorted area, ready to be sorted into groups, for everyone on the board.")).toBeVisible();
	await expect(dialog.getByText("to the right of the board's notes")).toHaveCount(0);
	await alice.page.screenshot({ path: 'test-results/import-done-empty-board.png' });
	await dialog.getByRole('button', { name: 'Done' }).click();

	await expect(alice.page.getByTestId('note')).toHaveCount(3);
	await expect(bob.page.getByTestId('note')).toHaveCount(3);
	await expect(bob.page.getByTestId('note').filter({ hasText: 'The invoice total was wrong' })).toBeVisible();
	await alice.page.screenshot({ path: 'test-results/import-board-after.png' });

	// What reached the participant's browser: the comments, but none of the private values.
	const wire = bob.received();
	expect(wire).toContain('The invoice total was wrong');
	expect(wire).toContain('Customer of a competitor');
	for (const secret of SECRETS) {
		expect(wire).not.toContain(secret);
		expect(await bob.page.content()).not.toContain(secret);
	}
	expect((await bob.page.request.get(`/api/boards/${board.id}/imports/private`)).status()).toBe(403);

	// The facilitator sees the private values, and can undo the whole import.
	await alice.page.getByTestId('open-import').click();
	await dialog.getByRole('button', { name: 'Private details' }).click();
	await expect(dialog.getByRole('table', { name: 'Private details of contacts.csv' })).toContainText('ann@example.com');
	await dialog.getByRole('button', { name: 'Undo the import of contacts.csv' }).click();
	await expect(dialog.getByText('undone')).toBeVisible();
	expect((await new AxeBuilder({ page: alice.page }).include('dialog').analyze()).violations).toEqual([]);
	await expect(bob.page.getByTestId('note')).toHaveCount(0);
});

test('pasted cells become notes, and the same header reuses the corrected mapping', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Paste board');
	const alice = await openRecording(browser, board.links.facilitator);
	await alice.page.getByTestId('open-import').click();
	const dialog = alice.page.getByRole('dialog', { name: 'Import customer comments' });
	await dialog
		.getByLabel(/Or paste cells/)
		.fill('Feedback\tRegion\tTeam\tSatisfaction\nParcel arrived wet\tNorth\tLogistics\tWow\nInvoice had the wrong VAT\tSouth\tFinance\tUgh\n');
	await dialog.getByRole('button', { name: 'Use pasted cells' }).click();
	await expect(dialog.getByLabel('Meaning of Feedback')).toHaveValue('comment');
	await dialog.getByLabel('Meaning of Team').selectOption('touchpoint');
	// Answers the guess cannot order are put in order by hand.
	await expect(dialog.getByLabel('Meaning of Satisfaction')).toHaveValue('satisfaction');
	await dialog.getByRole('button', { name: /^Scale: 2 answers/ }).click();
	const answers = dialog.getByTestId('scale-editor').locator('tbody th');
	await expect(answers).toHaveText(['Wow', 'Ugh']);
	await dialog.getByRole('button', { name: 'Move “Ugh” towards the worst end' }).click();
	await expect(answers).toHaveText(['Ugh', 'Wow']);
	await expect(dialog.getByTestId('scale-best')).toHaveText('Wow');
	await alice.page.screenshot({ path: 'test-results/import-scale-order.png' });
	await dialog.getByRole('button', { name: 'Import 2 notes' }).click();
	await expect(dialog.getByText('Imported 2 notes.')).toBeVisible();
	await dialog.getByRole('button', { name: 'Done' }).click();
	await expect(alice.page.getByTestId('note')).toHaveCount(2);

	await alice.page.getByTestId('open-import').click();
	await dialog.getByLabel(/Or paste cells/).fill('Feedback\tRegion\tTeam\tSatisfaction\nApp logs me out\tEast\tIT\tWow\n');
	await dialog.getByRole('button', { name: 'Use pasted cells' }).click();
	await expect(dialog.getByText('Using the mapping from the last import with these columns.')).toBeVisible();
	await expect(dialog.getByLabel('Meaning of Team')).toHaveValue('touchpoint');
	await dialog.getByRole('button', { name: /^Scale: 2 answers/ }).click();
	await expect(dialog.getByTestId('scale-editor').locator('tbody th')).toHaveText(['Ugh', 'Wow']);
	expect((await new AxeBuilder({ page: alice.page }).include('dialog').analyze()).violations).toEqual([]);
});

test('bad files get a clear message and import nothing', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Bad files');
	const alice = await openRecording(browser, board.links.facilitator);
	await alice.page.getByTestId('open-import').click();
	const dialog = alice.page.getByRole('dialog', { name: 'Import customer comments' });
	const input = dialog.getByTestId('import-file');
	const alert = dialog.getByRole('alert');

	await input.setInputFiles(fixture('empty.csv'));
	await expect(alert).toContainText('“empty.csv” is empty');
	await input.setInputFiles(fixture('binary.png'));
	await expect(alert).toContainText('looks like a PNG image, not a table');
	await input.setInputFiles(fixture('headers-only.csv'));
	await expect(alert).toContainText('has a header row but no data rows');

	await input.setInputFiles(fixture('ragged.csv'));
	await expect(dialog.getByTestId('import-counts')).toContainText('3 notes from 4 rows, 1 skipped');
	await expect(dialog.getByText(/Row 4: has 5 cells but the header has 3/)).toBeVisible();
	const download = alice.page.waitForEvent('download');
	await dialog.getByRole('link', { name: 'Download skipped rows (CSV)' }).click();
	const csv = readFileSync((await (await download).path())!, 'utf8');
	expect(csv).toContain('Too many cells');
	await dialog.getByRole('button', { name: 'Choose another file' }).click();

	const dir = tempDir('gistboard-big-');
	const big = join(dir, 'huge.csv');
	try {
		writeFileSync(big, Buffer.alloc(100 * 1024 * 1024, 'a'));
		await dialog.getByTestId('import-file').setInputFiles(big);
		await expect(alert).toContainText('“huge.csv” is 100.0 MB; the import limit is 50.0 MB.');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	await dialog.getByRole('button', { name: 'Close import' }).click();
	await expect(alice.page.getByTestId('note')).toHaveCount(0);
});

test('a support-ticket export: references read as characters, the longest ticket is imported shortened and counted', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Tickets');
	const { page } = await openRecording(browser, board.links.facilitator);
	const angry = `Third time I write. ${'Nobody answers and I was charged again. '.repeat(150)}Cancel everything.`;
	const file = `Ticket,Description\nT-1,"Charged &euro;49 twice &amp; it&#39;s <b>still</b> open"\nT-2,"${angry}"\n`;
	await page.keyboard.press('i');
	const dialog = page.getByRole('dialog', { name: 'Import customer comments' });
	await dialog.getByTestId('import-file').setInputFiles({ name: 'tickets.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
	await expect(dialog.getByTestId('import-counts')).toContainText('2 notes from 2 rows, 1 long comment shortened', { timeout: 30_000 });
	await expect(dialog.getByText('Comments longer than a note holds (shortened)')).toBeVisible();
	await expect(dialog.getByRole('list', { name: 'Preview of the first notes' }).getByText("Charged €49 twice & it's <b>still</b> open")).toBeVisible();
	await expect(dialog.getByRole('table', { name: 'Column mapping' }).getByRole('row').filter({ hasText: 'Description' }).locator('td.sample')).toContainText('Charged €49');
	await page.screenshot({ path: 'test-results/import-shortened-mapping.png', fullPage: true });
	await dialog.getByRole('button', { name: 'Import 2 notes' }).click();
	await expect(dialog.getByText('Imported 2 notes; 1 long comment shortened to fit a note.')).toBeVisible();
	await dialog.getByRole('button', { name: 'Done' }).click();
	await expect(page.getByTestId('note')).toHaveCount(2);
	await expect(page.getByTestId('note').filter({ hasText: "Charged €49 twice & it's <b>still</b> open" })).toBeVisible();
	await expect(page.getByTestId('note').filter({ hasText: 'Third time I write.' })).toBeVisible();
});

test('a file that would take the board past its note limit is refused in the dialog with the counts, nothing imported', async ({ browser, baseURL }) => {
	test.setTimeout(180_000);
	const board = await createBoard(baseURL!, 'Nearly full');
	const rows = (n: number, tag: string) => 'Comment\n' + Array.from({ length: n }, (_, i) => `${tag} ${i}: the invoice total was wrong`).join('\n') + '\n';
	for (const [n, tag] of [[25_000, 'earlier'], [4_500, 'later']] as const) {
		const res = await fetch(`${baseURL}/api/boards/${board.id}/imports?filename=${tag}.csv`, {
			method: 'POST',
			headers: { authorization: `Bearer ${tokenOf(board.links.facilitator)}`, 'content-type': 'text/csv' },
			body: rows(n, tag)
		});
		expect(res.status).toBe(201);
	}
	const { page } = await openRecording(browser, board.links.facilitator);
	await page.keyboard.press('i');
	const dialog = page.getByRole('dialog', { name: 'Import customer comments' });
	await dialog.getByTestId('import-file').setInputFiles({ name: 'tickets.csv', mimeType: 'text/csv', buffer: Buffer.from(rows(1_000, 'angry')) });
	await dialog.getByRole('button', { name: 'Import 1,000 notes' }).click({ timeout: 30_000 });
	await expect(dialog.getByRole('alert')).toContainText(
		'Nothing was imported: This board holds 29,500 notes and “tickets.csv” would add 1,000; a board holds at most 30,000 notes (the trash included). Import at most 500 comments here, or import the file into a new board.'
	);
	await page.screenshot({ path: 'test-results/import-board-full.png' });
	await expect(page.getByTestId('note-count')).toHaveText('29,500');
});

test('a column blank in its first rows still shows an example value in the mapping', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Sparse titles');
	const { page } = await openRecording(browser, board.links.facilitator);
	// Review titles as survey exports have them: most rows leave the title blank.
	const rows = Array.from({ length: 40 }, (_, i) => `${i + 1},${i === 23 ? 'Slow courier' : ''},Comment ${i + 1} about the parcel`);
	await page.keyboard.press('i');
	const dialog = page.getByRole('dialog', { name: 'Import customer comments' });
	await dialog.getByTestId('import-file').setInputFiles({ name: 'titles.csv', mimeType: 'text/csv', buffer: Buffer.from(['id,title,comment', ...rows].join('\n')) });
	const mapping = dialog.getByRole('table', { name: 'Column mapping' });
	await expect(mapping).toBeVisible({ timeout: 30_000 });
	await expect(mapping.getByRole('row').filter({ hasText: 'title' }).locator('td.sample')).toHaveText('Slow courier');
});

test('dropping a file on the board opens the import with that file', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Drop board');
	const alice = await openRecording(browser, board.links.facilitator);
	const csv = readFileSync(fixture('tab.tsv'), 'utf8');
	const transfer = await alice.page.evaluateHandle((text) => {
		const dt = new DataTransfer();
		dt.items.add(new File([text], 'tab.tsv', { type: 'text/tab-separated-values' }));
		return dt;
	}, csv);
	await alice.page.getByTestId('board').dispatchEvent('dragover', { dataTransfer: transfer });
	await alice.page.getByTestId('board').dispatchEvent('drop', { dataTransfer: transfer });
	const dialog = alice.page.getByRole('dialog', { name: 'Import customer comments' });
	await expect(dialog.getByText('tab.tsv')).toBeVisible();
	await expect(dialog.getByTestId('import-counts')).toContainText('2 notes from 2 rows');
	await expect(dialog.getByLabel('Meaning of channel')).toHaveValue('channel');
});

test('a large import into an empty board ends in view for the importer and for a participant, however many parts it arrives in', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Large import');
	const { page: alice } = await openRecording(browser, board.links.facilitator);
	const { page: bob } = await openRecording(browser, board.links.editor);
	// 3,500 rows reach the board in four parts (IMPORT_CHUNK), and the unsorted area widens with each.
	const rows = Array.from({ length: 3500 }, (_, i) => `${i + 1},"Comment ${i + 1} about the room and the breakfast"`);
	const csv = Buffer.from(['id,comment', ...rows].join('\n'));
	await alice.keyboard.press('i');
	const dialog = alice.getByRole('dialog', { name: 'Import customer comments' });
	await dialog.getByTestId('import-file').setInputFiles({ name: 'large.csv', mimeType: 'text/csv', buffer: csv });
	await dialog.getByRole('button', { name: 'Import 3,500 notes' }).click();
	await expect(dialog.getByText('Imported 3,500 notes.')).toBeVisible({ timeout: 60_000 });
	await dialog.getByRole('button', { name: 'Done' }).click();

	// Each board was fitted to the whole import: fitting it again changes nothing.
	for (const page of [alice, bob]) {
		await expect(page.getByTestId('note-count')).toHaveText(/3,?500/);
		// The last part's notes are drawn and fitted in the next frames.
		await page.waitForTimeout(500);
		const fitted = await page.getByTestId('zoom-level').textContent();
		await page.getByTestId('zoom-fit').click();
		await expect(page.getByTestId('zoom-level')).toHaveText(fitted!);
	}
	// The fit is not a moving target: once the notes have arrived, the view stays where the person puts it.
	await alice.getByTestId('zoom-level').click();
	await expect(alice.getByTestId('zoom-level')).toHaveText('100%');
	await alice.waitForTimeout(1000);
	await expect(alice.getByTestId('zoom-level')).toHaveText('100%');
});
