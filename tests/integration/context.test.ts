/**
 * Customer context through the real API: a two-question survey whose 1-5 rating runs the other
 * way (1 = Very good … 5 = Very poor, 6 = Don't know) and a Trust column, imported with no
 * mapping. The answer's mapping must carry the reversed direction; the Markdown report's
 * satisfaction numbers and each group's "Stands out" must match counts computed here from the
 * rows themselves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup } from '../../src/lib/board/grouping';
import { connect, createBoard, noteContents, synced, waitFor, type Client, type CreatedBoard } from './helpers/clients';
import { startServer, type RunningServer } from './helpers/server';
import { usePostgres } from './helpers/services';
import { storageBackends } from './helpers/setups';

const hasPostgres = await usePostgres();
const backends = storageBackends(hasPostgres);

const TRUSTS = ['Northside', 'Southside', 'Eastgate'];
const GOOD = 'What was good?';
const BETTER = 'What could we do better?';

interface Row {
	id: number;
	trust: string;
	rating: number;
	good: string;
	better: string;
}

/** 180 answers. Low numbers are the happy ones; Northside's unhappy patients complain about transport. */
function survey(): Row[] {
	const rows: Row[] = [];
	for (let i = 0; i < 180; i++) {
		const trust = TRUSTS[i % 3];
		// 1 and 2 for most, 4 and 5 for a third, 3 now and then, 6 (don't know) for 5 of 180.
		const rating = i % 36 === 7 ? 6 : i % 9 === 4 ? 3 : i % 3 === 0 ? (i % 2 ? 5 : 4) : i % 2 ? 1 : 2;
		const happy = rating <= 2;
		const unhappy = rating === 4 || rating === 5;
		// Real answers differ from each other: the ward and visit make every comment its own.
		const where = `on ward ${'ABCDEFGH'[i % 8]} during visit ${i + 1}`;
		const good = happy ? `Kind and caring nurses ${where}, excellent care, thank you` : unhappy ? `The parking was fine ${where}` : `It was ok ${where}`;
		let better: string;
		if (unhappy && trust === 'Northside') better = `Patient transport was late ${where} and the driver was rude, terrible wait`;
		else if (unhappy) better = `Awful waiting times ${where} and rude staff, very disappointed`;
		else if (happy) better = i % 4 === 0 ? 'Nothing' : `Warmer food would be nice ${where}`;
		else better = `Clearer signs in the car park ${where}`;
		rows.push({ id: i + 1, trust, rating, good, better });
	}
	return rows;
}

const csv = (rows: Row[]) =>
	['Respondent,Trust,Overall experience,What was good?,What could we do better?', ...rows.map((r) => `R${r.id},${r.trust},${r.rating},"${r.good}","${r.better}"`)].join('\n');

/** Levels when 1 is best: 1-2 satisfied, 3 neutral, 4-5 dissatisfied, 6 not on the scale. */
const level = (rating: number) => (rating <= 2 ? 'satisfied' : rating === 3 ? 'neutral' : rating <= 5 ? 'dissatisfied' : 'na');

/** One-sided Fisher exact p, computed here with exact binomials (BigInt), and Holm's step-down. */
function choose(n: number, k: number): bigint {
	if (k < 0 || k > n) return 0n;
	let r = 1n;
	for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
	return r;
}
function fisher(a: number, n: number, K: number, N: number): number {
	let num = 0n;
	for (let x = a; x <= Math.min(n, K); x++) num += choose(K, x) * choose(N - K, n - x);
	const den = choose(N, n);
	return Number((num * 10n ** 18n) / den) / 1e18;
}

describe.each(backends)('a reversed rating and a segment column, imported with no mapping, on $name', (backend) => {
	let server: RunningServer;
	let cleanup = async () => {};
	let board: CreatedBoard;
	let client: Client;
	const rows = survey();

	beforeAll(async () => {
		const { env, cleanup: drop } = await backend.env();
		cleanup = drop;
		server = await startServer(env);
		board = await createBoard(server.url, 'Friends and Family, May');
		client = connect(server.url, board.id, board.token('facilitator'));
		await synced(client);
	});
	afterAll(async () => {
		client?.destroy();
		await server?.stop();
		await cleanup();
	});

	it('reads 1 as best, then reports satisfaction and what stands out as counted from the rows', async () => {
		const res = await fetch(`${server.url}/api/boards/${board.id}/imports?filename=fft.csv`, {
			method: 'POST',
			headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': 'text/csv' },
			body: csv(rows)
		});
		expect(res.status).toBe(201);
		const body = await res.json();
		const rating = body.mapping.columns.find((c: { column: string }) => c.column === 'Overall experience');
		expect(rating).toMatchObject({ role: 'satisfaction', scale: { kind: 'numeric', min: 1, max: 5, best: 'min', notApplicable: ['6'] } });
		expect(body.mapping.columns.find((c: { column: string }) => c.column === 'Trust').role).toBe('segment');

		// The notes: one per non-empty comment that is not a non-answer ("Nothing" is skipped).
		const notes = rows.flatMap((r) => [
			{ row: r, question: GOOD, text: r.good },
			...(r.better === 'Nothing' ? [] : [{ row: r, question: BETTER, text: r.better }])
		]);
		expect(body.imported).toBe(notes.length);
		expect(body.problemKinds).toEqual([expect.objectContaining({ kind: 'non-answer', count: rows.filter((r) => r.better === 'Nothing').length })]);

		// Group the transport complaints and the caring praise, as participants would.
		await waitFor(() => client.doc.getMap('notes').size === notes.length, 10_000, 'imported notes');
		const idsWhere = (test: (text: string) => boolean) => Object.entries(noteContents(client.doc)).filter(([, m]) => test(m.text)).map(([id]) => id);
		const origin = { kind: 'user' as const, userId: 'user_test' };
		createGroup(client.doc, idsWhere((t) => t.startsWith('Patient transport')), { x: 0, y: 0, label: 'Patient transport' }, origin);
		createGroup(client.doc, idsWhere((t) => t.startsWith('Kind and caring')), { x: 900, y: 0, label: 'Caring staff' }, origin);

		// The server has the groups once the report shows them.
		let report = '';
		for (let i = 0; i < 50 && !(report.includes('### Patient transport') && report.includes('### Caring staff')); i++) {
			if (i > 0) await new Promise((r) => setTimeout(r, 200));
			const r = await fetch(`${server.url}/api/boards/${board.id}/export?format=md`, { headers: { authorization: `Bearer ${board.token('facilitator')}` } });
			report = await r.text();
		}
		expect(report).toContain('### Patient transport');
		expect(report).toContain('### Caring staff');

		// Whole board: every note's level on the reversed scale.
		const count = (list: typeof notes, l: string) => list.filter((n) => level(n.row.rating) === l).length;
		const boardLine = report.split('\n').find((l) => l.startsWith('Satisfaction: '))!;
		expect(boardLine).toBe(
			`Satisfaction: ${notes.length} answered — **${count(notes, 'dissatisfied')} dissatisfied**, ${count(notes, 'neutral')} neutral, ${count(notes, 'satisfied')} satisfied, ${count(notes, 'na')} not on the scale.`
		);
		// The table lists 5 (worst) first and 1 (best) last, then 6 apart.
		const table = report.slice(report.indexOf('| Satisfaction | comments |'));
		const values = [...table.matchAll(/^\| (\d) \| (\d+) \|/gm)].slice(0, 6).map((m) => [m[1], Number(m[2])]);
		expect(values).toEqual(['5', '4', '3', '2', '1', '6'].map((v) => [v, notes.filter((n) => String(n.row.rating) === v).length]));

		// Each group is compared with the notes of its question; what stands out is recomputed here.
		for (const [label, test] of [
			['Patient transport', (t: string) => t.startsWith('Patient transport')],
			['Caring staff', (t: string) => t.startsWith('Kind and caring')]
		] as const) {
			const group = notes.filter((n) => test(n.text));
			const question = group[0].question;
			const base = notes.filter((n) => n.question === question);
			const candidates: { label: string; value: string; count: number; boardCount: number }[] = [];
			for (const [field, get] of [
				['Satisfaction', (n: (typeof notes)[number]) => String(n.row.rating)],
				['Trust', (n: (typeof notes)[number]) => n.row.trust],
				['Question', (n: (typeof notes)[number]) => n.question]
			] as const) {
				for (const value of new Set(group.map(get))) {
					candidates.push({ label: field, value, count: group.filter((n) => get(n) === value).length, boardCount: base.filter((n) => get(n) === value).length });
				}
			}
			const ps = candidates.map((c) => fisher(c.count, group.length, c.boardCount, base.length));
			const order = ps.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
			const adjusted: number[] = [];
			let running = 0;
			order.forEach(([p, i], rank) => {
				running = Math.max(running, Math.min(1, (ps.length - rank) * p));
				adjusted[i] = running;
			});
			const expected = candidates
				.filter((c, i) => {
					const share = c.count / group.length;
					const rest = (c.boardCount - c.count) / (base.length - group.length);
					return c.count >= 3 && (rest === 0 || share / rest >= 1.5) && share - rest >= 0.1 && adjusted[i] < 0.05;
				})
				.map((c) => `${c.label}: ${c.value} (${c.count} of ${group.length} comments`)
				.sort();
			const section = report.slice(report.indexOf(`### ${label}`)).split('\n### ')[0];
			const found = section
				.split('\n')
				.filter((l) => /^- .+ \(\d+ of \d+ comments/.test(l))
				.map((l) => l.slice(2, l.indexOf(' comments') + ' comments'.length))
				.sort();
			if (process.env.SHOW_REPORT) console.log(section);
			expect(found).toEqual(expected);
			if (label === 'Patient transport') expect(found).toContain(`Trust: Northside (${group.length} of ${group.length} comments`);
		}
	});
	it('next month’s export reuses the remembered scale and adds the “don’t know” code it did not have', async () => {
		// May's import, with the scale the facilitator labelled in the mapping step.
		const labelled = { kind: 'numeric', min: 1, max: 5, best: 'min', labels: { '1': 'Very good', '5': 'Very poor' }, notApplicable: ['6'] };
		const may = await fetch(`${server.url}/api/boards/${board.id}/imports?filename=fft-may.csv&mapping=${encodeURIComponent(JSON.stringify({ columns: [{ column: 'Overall experience', role: 'satisfaction', private: false, scale: labelled }] }))}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': 'text/csv' },
			body: csv(rows)
		});
		expect(may.status).toBe(201);
		// June: same columns, no mapping sent; 4 patients answered 7, a code May's file never had.
		const june = survey().map((r, i) => (i % 45 === 11 ? { ...r, rating: 7 } : r));
		const res = await fetch(`${server.url}/api/boards/${board.id}/imports?filename=fft-june.csv`, {
			method: 'POST',
			headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': 'text/csv' },
			body: csv(june)
		});
		expect(res.status).toBe(201);
		const body = await res.json();
		const rating = body.mapping.columns.find((c: { column: string }) => c.column === 'Overall experience');
		expect(rating.scale).toEqual({ ...labelled, notApplicable: ['6', '7'] });
		expect(body.problemKinds.map((k: { kind: string }) => k.kind)).not.toContain('off-scale');
		expect(body.summary.fields.satisfaction.scale.notApplicable).toEqual(['6', '7']);
	});
});
