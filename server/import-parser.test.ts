import { describe, expect, it } from 'vitest';
import { importParser } from './import-parser';
import { WorkerPool } from './worker-job';

const csv = (text: string) => new TextEncoder().encode(text);

describe('importParser (files read on worker threads)', () => {
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

	it('keeps a worker that answered for the next file, and never one that broke a limit', async () => {
		const pool = new WorkerPool('import-parse', 256);
		try {
			const parse = importParser({ pool });
			await parse(csv('Comment\nfirst\n'), 'one.csv');
			expect(pool.idleCount).toBe(1);
			// A refused file leaves the worker as it was: the next file is read by it, whole.
			const header = Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',');
			await expect(parse(csv(`${header}\n`), 'wide.csv')).rejects.toMatchObject({ code: 'too-many-columns' });
			expect(pool.idleCount).toBe(1);
			const table = await parse(csv('Comment,Score\nsecond,4\n'), 'two.csv');
			expect(table.rows).toEqual([['second', '4']]);
			expect(pool.idleCount).toBe(1);
			// Past the time limit the worker is terminated; the next file gets a new one.
			const long = csv('Comment,Score\n' + 'a comment that takes a while to read,3\n'.repeat(200_000));
			await expect(importParser({ pool, timeoutMs: 5 })(long, 'slow.csv')).rejects.toMatchObject({ code: 'too-slow' });
			expect(pool.idleCount).toBe(0);
			expect((await parse(csv('Comment\nthird\n'), 'three.csv')).rows).toEqual([['third']]);
			expect(pool.idleCount).toBe(1);
		} finally {
			await pool.close();
		}
	});

	it('reads files given as views into a larger buffer, and several at once', async () => {
		const pool = new WorkerPool('import-parse', 256);
		try {
			const parse = importParser({ pool });
			const big = csv('xxxxComment\nfrom a view\nyyyy');
			const view = big.subarray(4, big.length - 4);
			const [a, b] = await Promise.all([parse(view, 'view.csv'), parse(csv('Comment\nalongside\n'), 'other.csv')]);
			expect(a.rows).toEqual([['from a view']]);
			expect(b.rows).toEqual([['alongside']]);
			// Two workers ran at once; one is kept.
			expect(pool.idleCount).toBe(1);
		} finally {
			await pool.close();
		}
	});
});
