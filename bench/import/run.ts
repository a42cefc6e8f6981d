/**
 * bench:import — parse + map + build + insert 10,000 customer comments into a Y.Doc.
 *
 * Input: 10,000 rows made from the real women's clothing reviews in ../shared/fixtures (CC0),
 * cycled with fresh ids; without that folder, a generated file of the same shape.
 * Baselines in the same run: papaparse alone on the same text (the parsing floor), inserting
 * the same notes with one transaction per note (what a naive importer does), the same notes
 * written as the version-1 document stored them (one Y.Map per note, bench/board/v1-layout.ts),
 * and as the version-2 document stored them (one object per note with its field keys,
 * bench/board/v2-layout.ts), each inserted and applied on a second document; for version 2 and
 * this build also reading every note there (`v2_read_ms`, `read_ms`) and the heap the second
 * document holds (`v2_heap_mb`, `heap_mb`, after a garbage collection).
 * Then, unless BENCH_SERVER=0, the same file posted to the production server (`npm run build`
 * first) while two others are on the board (through-server.ts): until the other participant has
 * every note, and that participant's view of a third one's edits during the import; with
 * BENCH_BASELINE=<folder of another checkout, built>, that checkout's server too, in the same run,
 * the two taking turns (old vs new until the other client has the notes, and the servers' CPU).
 * Unless BENCH_BROWSER=0, a board page in Chromium (/usr/bin/chromium, or CHROMIUM_PATH) is a
 * further participant of each of those imports: until its board shows every note, and the page's
 * main-thread time meanwhile (`page_ms`, `page_cpu_ms`; against the baseline's page likewise).
 * Writes bench/results/import.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Papa from 'papaparse';
import type { Browser } from '@playwright/test';
import * as Y from 'yjs';
import { addNotes, importFieldsOf, readNoteContent, roots } from '../../src/lib/board/index';
import { applyImport, buildNotes, guessMapping, parseFile, type BuildResult } from '../../src/lib/import/index';
import { addNotesV1 } from '../board/v1-layout';
import { addNotesV2, readNoteContentV2 } from '../board/v2-layout';
import { makeImportFile } from './input';
import { launchBenchChromium } from '../app-server';
import { importThroughServer, startServer, type ServerImport } from './through-server';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const here = dirname(fileURLToPath(import.meta.url));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** MB of heap a value made by `make` holds, after garbage collections before and after. */
function heldMb<T>(make: () => T): { value: T; mb: number } {
	gc();
	const before = process.memoryUsage().heapUsed;
	const value = make();
	gc();
	return { value, mb: (process.memoryUsage().heapUsed - before) / 1e6 };
}

/** Reads every note of a document with `read`, as a board does when it is opened. */
function readAll(doc: Y.Doc, read: (value: unknown) => unknown): number {
	let n = 0;
	roots(doc).notes.forEach((value) => void (read(value) && n++));
	return n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 10) / 10;

async function once(bytes: Uint8Array) {
	const t0 = performance.now();
	const table = await parseFile(bytes, 'bench.csv');
	const t1 = performance.now();
	const mapping = guessMapping(table);
	const t2 = performance.now();
	const result = buildNotes(table, mapping, { importId: 'imp_bench', createdBy: 'bench' });
	const t3 = performance.now();
	const doc = new Y.Doc();
	let update: Uint8Array | null = null;
	doc.on('update', (u: Uint8Array) => (update = u));
	applyImport(doc, result, { kind: 'import', userId: 'bench' });
	const t4 = performance.now();
	// A second document stands in for the other people on the board: the notes are on their
	// screen once the import's single update has been applied there.
	const remote = new Y.Doc();
	Y.applyUpdate(remote, update!);
	const t5 = performance.now();
	if (roots(remote).notes.size !== result.notes.length) throw new Error('remote document is missing notes');
	// The version-1 layout of the same notes, the same way.
	const t6 = performance.now();
	const v1 = new Y.Doc();
	let v1Update: Uint8Array | null = null;
	v1.on('update', (u: Uint8Array) => (v1Update = u));
	addNotesV1(
		v1,
		result.notes.map((n) => ({ id: n.id, text: n.text, source: n.source, fields: n.fields, x: n.pos?.x ?? 0, y: n.pos?.y ?? 0, groupId: n.groupId, order: n.order || 'a0', createdBy: n.createdBy, createdAt: n.createdAt })),
		{ kind: 'import', userId: 'bench' }
	);
	const t7 = performance.now();
	const v1Remote = new Y.Doc();
	Y.applyUpdate(v1Remote, v1Update!);
	const t8 = performance.now();
	// The version-2 layout of the same notes: inserted, applied on a second document, every note read there.
	const v2 = new Y.Doc();
	let v2Update: Uint8Array | null = null;
	v2.on('update', (u: Uint8Array) => (v2Update = u));
	const t9 = performance.now();
	addNotesV2(v2, result.notes, { kind: 'import', userId: 'bench' });
	const t10 = performance.now();
	let v2Apply = 0;
	const v2Remote = heldMb(() => {
		const d = new Y.Doc();
		const t = performance.now();
		Y.applyUpdate(d, v2Update!);
		v2Apply = performance.now() - t;
		return d;
	});
	const t11 = performance.now();
	const v2Read = readAll(v2Remote.value, readNoteContentV2);
	const t12 = performance.now();
	// This build's document again, held for its heap and read note by note as a board opens it.
	const remote3 = heldMb(() => {
		const d = new Y.Doc();
		Y.applyUpdate(d, update!);
		return d;
	});
	const t13 = performance.now();
	const fields = importFieldsOf(remote3.value);
	const read = readAll(remote3.value, (v) => readNoteContent(v, fields));
	const t14 = performance.now();
	if (v2Read !== result.notes.length || read !== result.notes.length) throw new Error(`read ${v2Read} (version 2) and ${read} of ${result.notes.length} notes`);
	return {
		v2_update_bytes: (v2Update as Uint8Array | null)?.length ?? 0,
		v2_insert_ms: t10 - t9,
		v2_remote_apply_ms: v2Apply,
		v2_read_ms: t12 - t11,
		v2_heap_mb: v2Remote.mb,
		read_ms: t14 - t13,
		heap_mb: remote3.mb,
		update_bytes: (update as Uint8Array | null)?.length ?? 0,
		v1_update_bytes: (v1Update as Uint8Array | null)?.length ?? 0,
		v1_insert_ms: t7 - t6,
		v1_remote_apply_ms: t8 - t7,
		v1_first_note_ms: t3 - t0 + (t8 - t6),
		rows: table.rows.length,
		notes: result.notes.length,
		parse_ms: t1 - t0,
		map_ms: t2 - t1,
		build_ms: t3 - t2,
		insert_ms: t4 - t3,
		total_ms: t4 - t0,
		remote_apply_ms: t5 - t4,
		first_note_ms: t5 - t0,
		result
	};
}

/** The naive importer: one transaction (so one update to persist and relay) per note. */
function perRowTransactions(notes: BuildResult['notes']) {
	const doc = new Y.Doc();
	const remote = new Y.Doc();
	let updates = 0;
	doc.on('update', (u: Uint8Array) => {
		updates++;
		Y.applyUpdate(remote, u);
	});
	const t0 = performance.now();
	let firstNote = 0;
	for (const note of notes) {
		addNotes(doc, [note], { kind: 'import', userId: 'bench' });
		if (!firstNote) firstNote = performance.now() - t0;
	}
	const local_and_remote_ms = performance.now() - t0;
	return { local_and_remote_ms, updates, firstNote };
}

async function main() {
	const { bytes, source } = makeImportFile(ROWS);
	const text = new TextDecoder().decode(bytes);
	await once(bytes); // warm-up: JIT and module loading are not what a user waits for twice
	const runs: Awaited<ReturnType<typeof once>>[] = [];
	const papa: number[] = [];
	const naive: ReturnType<typeof perRowTransactions>[] = [];
	for (let i = 0; i < RUNS; i++) {
		const run = await once(bytes);
		runs.push(run);
		const p0 = performance.now();
		Papa.parse(text, { skipEmptyLines: false });
		papa.push(performance.now() - p0);
		naive.push(perRowTransactions(run.result.notes));
	}
	const server: ServerImport[] = [];
	const baseline: ServerImport[] = [];
	if (process.env.BENCH_SERVER !== '0') {
		const port = Number(process.env.BENCH_PORT ?? 4309);
		const baselineDir = process.env.BENCH_BASELINE;
		const children = [await startServer(resolve(here, '../..'), port)];
		let browser: Browser | undefined;
		try {
			if (process.env.BENCH_BROWSER !== '0')
				browser = await launchBenchChromium();
			if (baselineDir) children.push(await startServer(resolve(baselineDir), port + 1));
			const [ours, theirs] = children.map((child, i) => (record?: ServerImport[]) =>
				importThroughServer(`http://127.0.0.1:${port + i}`, bytes, runs[0].notes, child.pid, browser).then((r) => void record?.push(r))
			);
			// A warm-up each (module loading, JIT), then turns: the machine's load changes over a run.
			await ours();
			await theirs?.();
			for (let i = 0; i < RUNS; i++) {
				await theirs?.(baseline);
				await ours(server);
			}
		} finally {
			await browser?.close();
			for (const child of children) child.kill('SIGTERM');
		}
	}
	const med = (list: ServerImport[], key: keyof ServerImport) => median(list.map((r) => Number(r[key])));
	type Key =
		| 'parse_ms'
		| 'map_ms'
		| 'build_ms'
		| 'insert_ms'
		| 'total_ms'
		| 'remote_apply_ms'
		| 'first_note_ms'
		| 'v1_insert_ms'
		| 'v1_remote_apply_ms'
		| 'v1_first_note_ms'
		| 'v2_insert_ms'
		| 'v2_remote_apply_ms'
		| 'v2_read_ms'
		| 'read_ms'
		| 'v2_heap_mb'
		| 'heap_mb';
	const pick = (k: Key) => round(median(runs.map((r) => r[k])));
	const total = pick('total_ms');
	const synced = pick('first_note_ms');
	const naiveSynced = round(median(naive.map((n) => n.local_and_remote_ms)));
	const out = {
		rows: runs[0].rows,
		notes: runs[0].notes,
		bytes: bytes.length,
		parse_ms: pick('parse_ms'),
		map_ms: pick('map_ms'),
		build_ms: pick('build_ms'),
		insert_ms: pick('insert_ms'),
		total_ms: total,
		rows_per_s: Math.round(runs[0].rows / (total / 1000)),
		remote_apply_ms: pick('remote_apply_ms'),
		first_note_ms: synced,
		updates: 1,
		update_bytes: runs[0].update_bytes,
		v1_insert_ms: pick('v1_insert_ms'),
		v1_remote_apply_ms: pick('v1_remote_apply_ms'),
		v1_first_note_ms: pick('v1_first_note_ms'),
		v1_update_bytes: runs[0].v1_update_bytes,
		ratio_first_note_vs_v1: +(synced / pick('v1_first_note_ms')).toFixed(2),
		ratio_insert_and_apply_vs_v1: +((pick('insert_ms') + pick('remote_apply_ms')) / (pick('v1_insert_ms') + pick('v1_remote_apply_ms'))).toFixed(2),
		v2_update_bytes: runs[0].v2_update_bytes,
		v2_insert_ms: pick('v2_insert_ms'),
		v2_remote_apply_ms: pick('v2_remote_apply_ms'),
		v2_read_ms: pick('v2_read_ms'),
		read_ms: pick('read_ms'),
		v2_heap_mb: pick('v2_heap_mb'),
		heap_mb: pick('heap_mb'),
		ratio_update_bytes_vs_v2: +(runs[0].update_bytes / runs[0].v2_update_bytes).toFixed(2),
		ratio_insert_and_apply_vs_v2: +((pick('insert_ms') + pick('remote_apply_ms')) / (pick('v2_insert_ms') + pick('v2_remote_apply_ms'))).toFixed(2),
		ratio_read_vs_v2: +(pick('read_ms') / pick('v2_read_ms')).toFixed(2),
		ratio_heap_vs_v2: +(pick('heap_mb') / pick('v2_heap_mb')).toFixed(2),
		...(server.length
			? {
					server_answer_ms: med(server, 'answer_ms'),
					server_other_client_ms: med(server, 'other_client_ms'),
					server_cpu_ms: med(server, 'server_cpu_ms'),
					server_edit_p50_ms: med(server, 'edit_p50_ms'),
					server_edit_max_ms: med(server, 'edit_max_ms'),
					...(server[0].page_ms !== null ? { page_ms: med(server, 'page_ms'), page_cpu_ms: med(server, 'page_cpu_ms') } : {}),
					server_runs: server
				}
			: {}),
		...(baseline.length
			? {
					baseline_server: process.env.BENCH_BASELINE,
					baseline_server_other_client_ms: med(baseline, 'other_client_ms'),
					baseline_server_cpu_ms: med(baseline, 'server_cpu_ms'),
					baseline_server_edit_p50_ms: med(baseline, 'edit_p50_ms'),
					baseline_server_edit_max_ms: med(baseline, 'edit_max_ms'),
					ratio_server_other_client_vs_baseline: +(med(server, 'other_client_ms') / med(baseline, 'other_client_ms')).toFixed(2),
					ratio_server_cpu_vs_baseline: +(med(server, 'server_cpu_ms') / med(baseline, 'server_cpu_ms')).toFixed(2),
					...(baseline[0].page_ms !== null
						? {
								baseline_page_ms: med(baseline, 'page_ms'),
								baseline_page_cpu_ms: med(baseline, 'page_cpu_ms'),
								ratio_page_vs_baseline: +(med(server, 'page_ms') / med(baseline, 'page_ms')).toFixed(2),
								ratio_page_cpu_vs_baseline: +(med(server, 'page_cpu_ms') / med(baseline, 'page_cpu_ms')).toFixed(2)
							}
						: {}),
					baseline_server_runs: baseline
				}
			: {}),
		baseline_papaparse_only_ms: round(median(papa)),
		baseline_per_row_transactions_ms: naiveSynced,
		baseline_per_row_transactions_updates: naive[0].updates,
		ratio_total_vs_papaparse_only: round(total / median(papa)),
		ratio_per_row_vs_one_transaction: round(naiveSynced / (pick('insert_ms') + pick('remote_apply_ms'))),
		runs: RUNS,
		// Other work on the machine during the run (1-minute load average at the end).
		load_average: Math.round(loadavg()[0] * 10) / 10,
		input: source,
		node: process.version
	};
	console.table(
		Object.fromEntries(Object.entries(out).filter(([k]) => /_ms$|rows|ratio|updates|bytes/.test(k)))
	);
	const file = resolve(here, '../results/import.json');
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
	console.log(`wrote ${file}`);
}

await main();
