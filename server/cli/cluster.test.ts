import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, run } from './cluster';

const FIXTURE = join(import.meta.dirname, '../../tests/fixtures/cluster/complaints.csv');

async function cluster(argv: string[]) {
	const lines: string[] = [];
	const log: string[] = [];
	await run(argv, (l) => lines.push(l), (l) => log.push(l));
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
});
