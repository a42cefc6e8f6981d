import { describe, expect, it } from 'vitest';
import { importParser } from './import-parser';

const csv = (text: string) => new TextEncoder().encode(text);

describe('importParser (a worker thread per file)', () => {
	it('reads a file into a table', async () => {
		const table = await importParser()(csv('Comment,Score\nGreat service,5\nSlow delivery,2\n'), 'survey.csv');
		expect(table.columns.map((c) => c.name)).toEqual(['Comment', 'Score']);
		expect(table.rows).toEqual([
			['Great service', '5'],
			['Slow delivery', '2']
		]);
	});

	it("passes the parser's refusals on as ImportErrors", async () => {
		const header = Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',');
		await expect(importParser()(csv(`${header}\n`), 'wide.csv')).rejects.toMatchObject({ name: 'ImportError', code: 'too-many-columns' });
	});

	it('terminates a worker past its time limit and says which limit', async () => {
		await expect(importParser({ timeoutMs: 1 })(csv('Comment\nfine\n'), 'slow.csv')).rejects.toMatchObject({
			name: 'ImportError',
			code: 'too-slow',
			message: 'Reading “slow.csv” took longer than 1 ms, the limit for one file. Save it as CSV with only the columns you need, or split it into smaller files.'
		});
	});
});
