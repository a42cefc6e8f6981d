import { describe, expect, it } from 'vitest';
import { columnExamples } from './table';

describe('columnExamples', () => {
	it("gives each column its first value that is not blank, however far down the file it is", () => {
		const columns = [
			{ index: 0, name: 'id', labels: ['id'] },
			{ index: 1, name: 'title', labels: ['title'] },
			{ index: 2, name: 'empty', labels: ['empty'] }
		];
		const rows = Array.from({ length: 40 }, (_, i) => [String(i + 1), i === 23 ? 'Slow courier' : i === 30 ? 'Later title' : '  ', '']);
		expect(columnExamples({ columns, rows })).toEqual(['1', 'Slow courier', '']);
	});

	it('shows an example with its character references decoded, as the notes will read', () => {
		const columns = [{ index: 0, name: 'Description', labels: ['Description'] }];
		expect(columnExamples({ columns, rows: [['Charged &euro;49 &amp; it&#39;s <b>open</b>']] })).toEqual(["Charged €49 & it's <b>open</b>"]);
	});
});
