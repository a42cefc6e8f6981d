import { describe, expect, it } from 'vitest';
import { maskContacts } from './mask';

describe('maskContacts', () => {
	it.each([
		['Rappelez-moi au 06 12 34 56 78 svp', 'Rappelez-moi au [phone] svp'],
		['Mon numéro : +33 6 12 34 56 78.', 'Mon numéro : [phone].'],
		['Rückruf bitte unter +49 (0)30 12 34 56 78, danke', 'Rückruf bitte unter [phone], danke'],
		['Llámeme al 612 34 56 78 por la tarde', 'Llámeme al [phone] por la tarde'],
		['Liguem para 912 345 678 depois das 18h', 'Liguem para [phone] depois das 18h'],
		['Call 07700 900123 or (415) 555-2671', 'Call [phone] or [phone]'],
		['Festnetz 030 12345678', 'Festnetz [phone]']
	])('masks the phone number in %j', (text, masked) => {
		expect(maskContacts(text)).toBe(masked);
	});

	it.each([
		['Écrivez à josé.garcía@exemple.fr merci', 'Écrivez à [e-mail] merci'],
		['Mail: müller@bücher.de', 'Mail: [e-mail]'],
		['contact：yamada＠example.jp です', 'contact：[e-mail] です'],
		['用户 张伟@例子.中国 回复', '用户 [e-mail] 回复'],
		['mail a.b@shop.co.uk, thanks', 'mail [e-mail], thanks']
	])('masks the whole e-mail address in %j', (text, masked) => {
		expect(maskContacts(text)).toBe(masked);
	});

	it('leaves dates, amounts, order numbers and ratings alone', () => {
		for (const text of ['Ordered 2024-03-04, delivered 12/03/2024', 'paid 1299.00 for 2 items in 2023-2024', 'order 123456789 arrived', 'rated 4 of 5', 'Prix 1 299,00 €'])
			expect(maskContacts(text)).toBe(text);
	});

	it('leaves coordinates and other decimal numbers alone, and still masks a number written with dots', () => {
		for (const text of ['45.421611', '-75.123456', '12,376187', 'at 51.5072178, -0.1275862']) expect(maskContacts(text)).toBe(text);
		expect(maskContacts('Appelez le 06.12.34.56.78')).toBe('Appelez le [phone]');
	});
});

describe('private columns and masking on import', () => {
	const csv = [
		'Comment,Contact,Cell,WhatsApp,Kontakt,Postcode,Telemóvel,Code postal,Contact reason,Notes',
		'The courier was late again and nobody answered,ann@example.com,07700 900123,+44 7700 900124,Tel. 030 1234567,SW1A 1AA,912 345 678,75001,Delivery,Write to josé.garcía@exemple.fr or +33 6 12 34 56 78',
		'Great staff in the shop and quick refund,bob@example.com,07700 900125,+44 7700 900126,0171 2345678,EC1A 1BB,912 345 679,69002,Returns,none'
	].join('\n');

	it('guesses contact columns private in English, German, French and Portuguese, but not what a contact was about', async () => {
		const { guessMapping, parseText } = await import('./index');
		const m = guessMapping(parseText(csv, 'contacts.csv'));
		const privateColumns = m.columns.filter((c) => c.private).map((c) => c.column);
		expect(privateColumns).toEqual(['Contact', 'Cell', 'WhatsApp', 'Kontakt', 'Postcode', 'Telemóvel', 'Code postal']);
		expect(m.columns.find((c) => c.column === 'Contact reason')?.private).toBe(false);
	});

	it('masks contact details in every free-text column, not only the comment', async () => {
		const { buildNotes, guessMapping, parseText } = await import('./index');
		const table = parseText(csv, 'contacts.csv');
		const mapping = guessMapping(table);
		const result = buildNotes(table, mapping, { importId: 'imp_test', createdBy: 'user_test', maskContacts: true });
		const fields = JSON.stringify(result.notes.map((n) => n.fields));
		expect(fields).toContain('Write to [e-mail] or [phone]');
		expect(fields).not.toMatch(/garcía|612 34|ann@|07700/);
	});
});
