import { expect, test } from './test';
import { createBoard, openAs, tokenOf, type BoardLinks } from './helpers';
import { seedBoard } from './seed-board';

/** A board with two small groups and 1,234 imported notes nobody has sorted yet, 1,050 of them about late parcels. */
async function bigBoard(baseURL: string): Promise<BoardLinks> {
	const b = await createBoard(baseURL, 'Counts people read');
	await seedBoard(baseURL, b.id, tokenOf(b.links.facilitator), [
		{ label: 'Billing', comments: [{ text: 'Charged twice' }, { text: 'Wrong VAT on the invoice' }] },
		{ label: 'Returns', comments: [{ text: 'The return label never came' }, { text: 'Refund took a month' }] }
	]);
	const rows = Array.from({ length: 1_234 }, (_, i) => (i < 1_050 ? `Comment number ${i} about a late parcel` : `Comment number ${i} about the service`));
	const res = await fetch(`${baseURL}/api/boards/${b.id}/imports`, {
		method: 'POST',
		headers: { authorization: `Bearer ${tokenOf(b.links.facilitator)}`, 'content-type': 'text/csv' },
		body: ['comment', ...rows].join('\n')
	});
	expect(res.status).toBe(201);
	expect((await res.json()).imported).toBe(1_234);
	return b;
}

test('counts people read are grouped as their browser writes numbers', async ({ browser, baseURL }, testInfo) => {
	test.setTimeout(240_000);
	const b = await bigBoard(baseURL!);
	const en = await openAs(browser, b.links.facilitator, { locale: 'en-US', viewport: { width: 1440, height: 900 } });
	// A German browser writes the same numbers with its own grouping; the words stay English.
	const de = await openAs(browser, b.links.editor, { locale: 'de-DE', viewport: { width: 1440, height: 900 } });

	// The note count in the top bar.
	await expect(en.getByTestId('note-count')).toHaveText('1,238');
	await expect(de.getByTestId('note-count')).toHaveText('1.238');
	// The Sort the rest summary of the clustering assistant.
	await en.getByTestId('open-suggest').click();
	await expect(en.getByTestId('suggest-panel').getByText('1,234 unsorted notes, 2 groups.')).toBeVisible();
	await de.getByTestId('open-suggest').click();
	await expect(de.getByTestId('suggest-panel').getByText('1.234 unsorted notes, 2 groups.')).toBeVisible();
	await en.screenshot({ path: testInfo.outputPath('counts-en-suggest.png') });
	await de.getByTestId('open-suggest').click();

	// The summary of an import.
	await en.getByTestId('open-import').click();
	const dialog = en.getByRole('dialog', { name: 'Import customer comments' });
	await expect(dialog.getByText('1,234 notes from 1,234 rows')).toBeVisible();
	await en.keyboard.press('Escape');
	await expect(dialog).toBeHidden();

	// A group's count, on its label.
	await en.getByTestId('search').fill('parcel');
	await en.getByTestId('select-matches').click();
	await en.getByTestId('canvas').focus();
	await en.keyboard.press('g');
	await expect(en.getByTestId('group-name-input')).toBeFocused();
	await en.keyboard.type('Delivery');
	await en.keyboard.press('Enter');
	await en.getByTestId('search').fill('');
	await expect(en.getByTestId('group-label').filter({ hasText: 'Delivery' })).toHaveText('Delivery· 1,050');
	await expect(de.getByTestId('group-label').filter({ hasText: 'Delivery' })).toHaveText('Delivery· 1.050');
	await de.screenshot({ path: testInfo.outputPath('counts-de.png') });
});

test("the number of notes Sort the rest suggests for a group is grouped as the browser writes numbers", async ({ browser, baseURL }) => {
	test.setTimeout(240_000);
	const b = await createBoard(baseURL!, 'Sorting counts');
	await seedBoard(baseURL!, b.id, tokenOf(b.links.facilitator), [
		{ label: 'Late parcels', comments: [{ text: 'My parcel arrived a week late' }, { text: 'The delivery was late again' }, { text: 'Parcel came three days late' }] },
		{ label: 'Billing', comments: [{ text: 'Charged twice on my invoice' }, { text: 'Wrong VAT on the invoice' }, { text: 'The invoice amount was wrong' }] }
	]);
	const late = [(d: number) => `My parcel arrived ${d} days late`, (d: number) => `The parcel came ${d} days late`];
	const rows = Array.from({ length: 1_500 }, (_, i) => late[i % 2](i + 2));
	const res = await fetch(`${baseURL}/api/boards/${b.id}/imports`, {
		method: 'POST',
		headers: { authorization: `Bearer ${tokenOf(b.links.facilitator)}`, 'content-type': 'text/csv' },
		body: ['comment', ...rows].join('\n')
	});
	expect(res.status).toBe(201);
	const de = await openAs(browser, b.links.facilitator, { locale: 'de-DE', viewport: { width: 1440, height: 900 } });
	await de.getByTestId('open-suggest').click();
	const panel = de.getByTestId('suggest-panel');
	await panel.getByTestId('sort-rest').click();
	const parcels = panel.getByTestId('sorted-group').filter({ has: de.getByTestId('sorted-group-name').getByText('Late parcels', { exact: true }) });
	await expect(parcels.getByTestId('sorted-group-count')).toHaveText(/^1\.\d{3}$/, { timeout: 120_000 });
	const count = await parcels.getByTestId('sorted-group-count').textContent();
	await expect(parcels.getByTestId('accept-sorted-group')).toHaveText(`Accept ${count}`);
	await expect(parcels.getByTestId('accept-sorted-group')).toHaveAccessibleName(`Accept all ${count} notes into “Late parcels”`);
});
