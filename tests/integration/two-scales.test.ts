/**
 * Two scale columns of opposite directions through the real API: an NPS (0-10, best 10) and a
 * 1-5 rating whose header says 1 is excellent, in a semicolon-separated export with a BOM,
 * imported with no mapping. Both must come back as scales with their own directions, the
 * import's summary must name each by its column, and the Markdown report must count each on its
 * own scale: the NPS as promoters, passives and detractors, the rating best at 1.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup } from '../../src/lib/board/grouping';
import { connect, createBoard, noteContents, synced, waitFor, type Client, type CreatedBoard } from './helpers/clients';
import { startServer, type RunningServer } from './helpers/server';
import { usePostgres } from './helpers/services';
import { storageBackends } from './helpers/setups';

const hasPostgres = await usePostgres();
const backends = storageBackends(hasPostgres);
const file = readFileSync(resolve(import.meta.dirname, '../fixtures/context/two-scales.csv'));
const NPS = 'Likelihood to recommend (0-10)';
const RATING = 'Rating (1 = excellent, 5 = poor)';

/** The fixture's rows as written: [id, nps, rating, store, comment]. */
const rows = file
	.toString('utf8')
	.replace(/^\uFEFF/, '')
	.trim()
	.split(/\r?\n/)
	.slice(1)
	.map((l) => l.split(';'));

describe.each(backends)('an NPS and a reversed 1-5 rating in one file, imported with no mapping, on $name', (backend) => {
	let server: RunningServer;
	let cleanup = async () => {};
	let board: CreatedBoard;
	let client: Client;

	beforeAll(async () => {
		const { env, cleanup: drop } = await backend.env();
		cleanup = drop;
		server = await startServer(env);
		board = await createBoard(server.url, 'VOC Q3');
		client = connect(server.url, board.id, board.token('facilitator'));
		await synced(client);
	});
	afterAll(async () => {
		client?.destroy();
		await server?.stop();
		await cleanup();
	});

	it('keeps both scales, each with its direction and its own name, and reports each on its own scale', async () => {
		const auth = { authorization: `Bearer ${board.token('facilitator')}` };
		const res = await fetch(`${server.url}/api/boards/${board.id}/imports?filename=two-scales.csv`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: file });
		expect(res.status).toBe(201);
		const body = await res.json();
		expect(body.imported).toBe(rows.length);
		const column = (name: string) => body.mapping.columns.find((c: { column: string }) => c.column === name);
		expect(column(NPS)).toMatchObject({ role: 'satisfaction', scale: { kind: 'numeric', min: 0, max: 10, best: 'max' } });
		expect(column(RATING)).toMatchObject({ role: 'satisfaction', scale: { kind: 'numeric', min: 1, max: 5, best: 'min' } });

		const list = await (await fetch(`${server.url}/api/boards/${board.id}/imports`, { headers: auth })).json();
		const scales = Object.values(list.imports[0].fields as Record<string, { role: string; label: string }>).filter((f) => f.role === 'satisfaction');
		expect(scales.map((f) => f.label)).toEqual([NPS, RATING]);

		await waitFor(() => client.doc.getMap('notes').size === rows.length, 10_000, 'imported notes');
		createGroup(client.doc, Object.keys(noteContents(client.doc)), { x: 0, y: 0, label: 'Everything' }, { kind: 'user', userId: 'user_test' });
		let report = '';
		for (let i = 0; i < 50 && !report.includes('### Everything'); i++) {
			if (i > 0) await new Promise((r) => setTimeout(r, 200));
			report = await (await fetch(`${server.url}/api/boards/${board.id}/export?format=md`, { headers: auth })).text();
		}
		const section = report.slice(report.indexOf('### Everything'));
		const nps = rows.map((r) => Number(r[1]));
		const rating = rows.map((r) => Number(r[2]));
		const n = (test: (v: number) => boolean, values: number[]) => values.filter(test).length;
		const promoters = n((v) => v >= 9, nps);
		const detractors = n((v) => v <= 6, nps);
		const score = Math.round(((promoters - detractors) / nps.length) * 100);
		expect(section).toContain(
			`${NPS}: ${rows.length} answered — NPS ${score > 0 ? `+${score}` : score}: ${promoters} promoters, ${n((v) => v === 7 || v === 8, nps)} passives, ${detractors} detractors.`
		);
		// Best at 1: 1-2 satisfied, 3 neutral, 4-5 dissatisfied.
		expect(section).toContain(
			`${RATING}: ${rows.length} answered — **${n((v) => v >= 4, rating)} dissatisfied**, ${n((v) => v === 3, rating)} neutral, ${n((v) => v <= 2, rating)} satisfied.`
		);
		// The rating's table lists 5 (worst) first and 1 (excellent) last.
		const table = section.slice(section.indexOf(`| ${RATING} | comments |`));
		const values = [...table.matchAll(/^\| (\d)[^|]* \| (\d+) \|/gm)].slice(0, 5).map((m) => [m[1], Number(m[2])]);
		expect(values).toEqual(['5', '4', '3', '2', '1'].map((v) => [v, n((x) => String(x) === v, rating)]));
	});
});
