/**
 * bench:board — the board canvas in Chromium with 1,000, 5,000 and 10,000 notes in 320 groups.
 *
 * For each size a board is generated, written into a real server through its sync endpoint, and
 * opened twice in Chromium: once with the canvas as shipped (culling to the viewport, far zoom
 * painted on a canvas, drags that move elements without re-rendering) and once with
 * `?render=all`, the naive renderer that draws every note as a card (the baseline).
 * Reported per size and renderer:
 *   first_render_ms  opening the page until the first frame with the board drawn after sync
 *   pan/zoom/drag/fit_pan p50/p95  frame intervals (requestAnimationFrame deltas) while panning
 *                    at 100%, zooming with ctrl+wheel, dragging a note at 100%, panning at zoom to fit
 *   search_ms        worst keystroke of typing a query: input event, search of every note, update
 * Time to interactive (see join.ts) per size, cold and warm, median of BENCH_JOIN_ROUNDS (3):
 *   join_cold_ms, join_warm_ms  this build, the board restored from a backup (so the server writes
 *                    its notes, customer comments of one import, as its document version stores them)
 *   v1_join_cold_ms, v1_join_warm_ms  the app at the last commit with the version-1 document
 *                    (baseline-app.ts, built once into a temporary folder), its board written by
 *                    the version-1 writer kept in v1-layout.ts, served in the same run
 * Writes bench/results/board.json and screenshots of the 5k board under bench/results/.
 * BENCH_SIZES=1000,5000 limits the sizes; BENCH_PARTS=join (or frames) runs one part;
 * BENCH_BASELINE=<commit> picks another baseline app (a commit after 5b49fee gets the same board
 * restored from the same backup, stored as that commit's document version stores it; its columns
 * are still named v1_*); BENCH_PROFILE=<folder> records a CPU profile of
 * every join (join.ts). The naive renderer gets 12 input steps per
 * action instead of 60.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { layoutBoard } from '../../src/lib/board/layout';
import { makeBackup } from '../../src/lib/export/backup';
import { generateBoard, pushToBoard, type GeneratedBoard } from '../../tests/helpers/board-generator';
import * as Y from 'yjs';
import { BENCH_WORKSPACE_TOKEN, createBenchBoard, launchBenchChromium, startAppServer, type BenchBoard } from '../app-server';
import { httpRequest } from '../http';
import { buildBaselineApp, VERSION1_COMMIT } from './baseline-app';
import { measureJoin } from './join';
import { addGroupsV1, addNotesV1 } from './v1-layout';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const results = resolve(here, '../results');
const SIZES = (process.env.BENCH_SIZES ?? '1000,5000,10000').split(',').map(Number);
const GROUPS = 320;
const PORT = Number(process.env.BENCH_PORT ?? 4410);
const BASE = `http://127.0.0.1:${PORT}`;
const V1_PORT = Number(process.env.BENCH_V1_PORT ?? PORT + 1);
const V1_BASE = `http://127.0.0.1:${V1_PORT}`;
/** Whether the join baseline is the version-1 app (the default) rather than a later commit of the same document layout. */
const BASELINE_IS_V1 = (process.env.BENCH_BASELINE ?? VERSION1_COMMIT) === VERSION1_COMMIT;
const PARTS = new Set((process.env.BENCH_PARTS ?? 'join,frames').split(','));
const JOIN_ROUNDS = Number(process.env.BENCH_JOIN_ROUNDS ?? 3);

/** The same board as the version-1 document stored it: group sizes and loose notes' places stored. */
function toVersion1(board: GeneratedBoard): Y.Doc {
	const layout = layoutBoard(board.notes, board.groups.map((g) => ({ ...g, collapsed: false })));
	const doc = new Y.Doc();
	addGroupsV1(
		doc,
		board.groups.map((g) => {
			const r = layout.groups.get(g.id) ?? { x: g.x, y: g.y, w: 280, h: 160 };
			return { id: g.id, label: g.label, x: r.x, y: r.y, w: r.w, h: r.h, parentId: null, order: g.order, color: g.color, collapsed: false };
		}),
		{ kind: 'import' }
	);
	addNotesV1(
		doc,
		board.notes.map((n) => {
			const r = layout.notes.get(n.id);
			return { id: n.id, text: n.text, source: n.source, fields: n.fields, x: r?.x ?? 0, y: r?.y ?? 0, groupId: n.groupId, order: n.order || 'a0', createdBy: n.createdBy, createdAt: n.createdAt };
		}),
		{ kind: 'import' }
	);
	return doc;
}

/**
 * A board made on the server at `base` from a backup of `board` (`POST /api/boards/restore`): the
 * server writes the notes, customer comments with their source, as its own document version
 * stores an imported board, so two versions of the app get the same board in their own layout.
 */
async function restoreBenchBoard(base: string, board: GeneratedBoard, title: string): Promise<BenchBoard> {
	const backup = makeBackup(board.doc, { title });
	const res = await httpRequest(`${base}/api/boards/restore`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_WORKSPACE_TOKEN}` },
		body: JSON.stringify(backup)
	});
	if (res.status !== 201) throw new Error(`${base}: POST /api/boards/restore answered ${res.status}: ${res.text}`);
	return JSON.parse(res.text) as BenchBoard;
}

const pct = (xs: number[], p: number) => {
	if (!xs.length) return 0;
	const s = [...xs].sort((a, b) => a - b);
	return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(1);
};

async function recordFrames(page: Page, action: () => Promise<void>): Promise<{ p50: number; p95: number }> {
	// A string, not a function: the bundler's name helpers do not exist in the page.
	await page.evaluate(`(() => {
		window.__frames = [];
		window.__run = true;
		let last = performance.now();
		function tick(t) {
			window.__frames.push(t - last);
			last = t;
			if (window.__run) requestAnimationFrame(tick);
		}
		requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); });
	})()`);
	await action();
	const frames = await page.evaluate(() => {
		const w = window as unknown as { __frames: number[]; __run: boolean };
		w.__run = false;
		return w.__frames;
	});
	return { p50: pct(frames, 50), p95: pct(frames, 95) };
}

async function settle(page: Page) {
	await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function measure(page: Page, url: string, steps: number, shots?: string) {
	const t0 = Date.now();
	await page.goto(url);
	await page.waitForSelector('[data-synced="true"]', { timeout: 120_000 });
	// Drawn as cards (near) or painted on the canvas (far, after zoom to fit).
	await page.waitForSelector('[data-testid="group"], [data-testid="canvas"][data-painted]', { timeout: 120_000 });
	await settle(page);
	const first_render_ms = Date.now() - t0;
	if (shots) await page.screenshot({ path: `${shots}-fit.png` });

	const canvas = (await page.getByTestId('canvas').boundingBox())!;
	const cx = canvas.x + canvas.width / 2;
	const cy = canvas.y + canvas.height / 2;
	await page.mouse.move(cx, cy);

	const fit_pan = await recordFrames(page, async () => {
		for (let i = 0; i < steps; i++) await page.mouse.wheel(i < steps / 2 ? 25 : -25, i < steps / 2 ? 15 : -15);
	});

	await page.keyboard.press('0');
	await settle(page);
	if (shots) await page.screenshot({ path: `${shots}-100.png` });
	const pan = await recordFrames(page, async () => {
		for (let i = 0; i < steps; i++) await page.mouse.wheel(i < steps / 2 ? 40 : -40, i < steps / 2 ? 25 : -25);
	});

	const zoom = await recordFrames(page, async () => {
		await page.keyboard.down('Control');
		for (let i = 0; i < steps; i++) await page.mouse.wheel(0, i < steps / 2 ? 30 : -30);
		await page.keyboard.up('Control');
	});

	// Back to a known place (zoom clamping makes the zoom round trip asymmetric): fit, then 100% at the centre.
	await page.keyboard.press('1');
	await page.keyboard.press('0');
	await settle(page);
	const note = page.getByTestId('note').first();
	const b = (await note.boundingBox())!;
	const drag = await recordFrames(page, async () => {
		await page.mouse.move(b.x + 30, b.y + 20);
		await page.mouse.down();
		for (let i = 1; i <= steps; i++) await page.mouse.move(b.x + 30 + (i * 360) / steps, b.y + 20 + (i * 180) / steps);
		await page.mouse.up();
	});
	if (shots) {
		await page.getByTestId('color-by').selectOption('satisfaction');
		await page.keyboard.press('1');
		await page.keyboard.press('=');
		await page.keyboard.press('=');
		await page.keyboard.press('=');
		await settle(page);
		await page.screenshot({ path: `${shots}-overview.png` });
		await page.getByTestId('color-by').selectOption('');
	}

	// Typing a query: each keystroke is an input event; time until the search ran and the page updated.
	const search_ms = await page.evaluate(async () => {
		const input = document.querySelector<HTMLInputElement>('[data-testid="search"]')!;
		let worst = 0;
		for (const q of ['d', 'de', 'del', 'deli', 'deliv', 'delive', 'deliver', 'delivery', 'delivery s', 'delivery sl']) {
			const t = performance.now();
			input.value = q;
			input.dispatchEvent(new Event('input', { bubbles: true }));
			await Promise.resolve();
			await Promise.resolve();
			worst = Math.max(worst, performance.now() - t);
		}
		return +worst.toFixed(2);
	});
	const matches = await page.getByTestId('search-count').textContent();
	if (shots) {
		await page.getByTestId('search').press('Enter');
		await settle(page);
		await page.screenshot({ path: `${shots}-search.png` });
	}
	return { first_render_ms, fit_pan, pan, zoom, drag, search_ms, matches: matches?.trim() ?? '' };
}

async function main() {
	mkdirSync(results, { recursive: true });
	const server = await startAppServer(root, PORT, { env: { ROOM_IDLE_MS: '60000' }, waitSeconds: 180 });
	let v1: ChildProcess | null = null;
	if (PARTS.has('join')) v1 = await startAppServer(buildBaselineApp(root, process.env.BENCH_BASELINE ?? VERSION1_COMMIT), V1_PORT, { env: { ROOM_IDLE_MS: '600000' } });
	const browser = await launchBenchChromium();
	// A run of some sizes or parts keeps what earlier runs measured for the others.
	const file = join(results, 'board.json');
	const out: Record<string, Record<string, number | string | number[]>> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
	const rows: string[] = [];
	const joinRows: string[] = [];
	try {
		for (const n of SIZES) {
			const generated = generateBoard({ notes: n, groups: GROUPS, grouped: 0.92, imported: true });
			const board = await restoreBenchBoard(BASE, generated, `Bench ${n}`);
			out[String(n)] = { ...(out[String(n)] ?? {}) };
			if (PARTS.has('join')) {
				// The version-1 app gets the board as version 1 stored it; a later baseline (BENCH_BASELINE) the same backup restored.
				let v1Board: BenchBoard;
				if (BASELINE_IS_V1) {
					v1Board = await createBenchBoard(V1_BASE, `Bench ${n}`);
					await pushToBoard(V1_BASE, v1Board.id, v1Board.links.facilitator, toVersion1(generated));
				} else v1Board = await restoreBenchBoard(V1_BASE, generated, `Bench ${n}`);
				// Taking turns, so both see the same load.
				const profiles = process.env.BENCH_PROFILE;
				const ours = await measureJoin(browser, board.links.facilitator, `${BASE}/b/${board.id}`, JOIN_ROUNDS, profiles && join(profiles, `now-${n}`));
				const old = await measureJoin(browser, v1Board.links.facilitator, `${V1_BASE}/b/${v1Board.id}`, JOIN_ROUNDS, profiles && join(profiles, `v1-${n}`));
				Object.assign(out[String(n)], {
					join_cold_ms: ours.cold_ms,
					join_warm_ms: ours.warm_ms,
					join_cold_rounds_ms: ours.cold_rounds_ms,
					join_warm_rounds_ms: ours.warm_rounds_ms,
					join_cold_cpu_ms: ours.cold_cpu_ms,
					join_warm_cpu_ms: ours.warm_cpu_ms,
					v1_join_cold_cpu_ms: old.cold_cpu_ms,
					v1_join_warm_cpu_ms: old.warm_cpu_ms,
					v1_join_cold_ms: old.cold_ms,
					v1_join_warm_ms: old.warm_ms,
					v1_join_cold_rounds_ms: old.cold_rounds_ms,
					v1_join_warm_rounds_ms: old.warm_rounds_ms,
					join_cold_ratio_vs_v1: +(ours.cold_ms / old.cold_ms).toFixed(2),
					join_warm_ratio_vs_v1: +(ours.warm_ms / old.warm_ms).toFixed(2),
					join_load_average_1m: +loadavg()[0].toFixed(1)
				});
				joinRows.push(
					`| ${n} | ${ours.cold_ms} / ${old.cold_ms} (${(ours.cold_ms / old.cold_ms).toFixed(2)}) | ${ours.warm_ms} / ${old.warm_ms} (${(ours.warm_ms / old.warm_ms).toFixed(2)}) | ${ours.cold_cpu_ms} / ${old.cold_cpu_ms} | ${ours.warm_cpu_ms} / ${old.warm_cpu_ms} | ${loadavg()[0].toFixed(1)} |`
				);
				console.log(`${n} notes, time to interactive:`, JSON.stringify(out[String(n)]));
				writeFileSync(join(results, 'board.json'), JSON.stringify(out, null, 2) + '\n');
			}
			if (!PARTS.has('frames')) continue;
			const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
			// A returning participant: no name dialog over the board.
			await context.addInitScript(() => {
				localStorage.setItem('gistboard.identity', JSON.stringify({ id: 'user_bench', name: 'Bench' }));
			});
			const page = await context.newPage();
			await page.goto(board.links.facilitator);
			await page.waitForSelector('[data-synced="true"]', { timeout: 120_000 });
			const ours = await measure(page, `${BASE}/b/${board.id}`, 60, n === 5000 ? join(results, 'board-5k') : undefined);
			// The naive renderer takes seconds per frame on big boards: fewer steps keep the run bounded.
			const naive = await measure(page, `${BASE}/b/${board.id}?render=all`, 12);
			await context.close();
			Object.assign(out[String(n)], {
				first_render_ms: ours.first_render_ms,
				pan_p50_ms: ours.pan.p50,
				pan_p95_ms: ours.pan.p95,
				zoom_p95_ms: ours.zoom.p95,
				drag_p50_ms: ours.drag.p50,
				drag_p95_ms: ours.drag.p95,
				fit_pan_p95_ms: ours.fit_pan.p95,
				search_ms: ours.search_ms,
				baseline_first_render_ms: naive.first_render_ms,
				baseline_pan_p95_ms: naive.pan.p95,
				baseline_zoom_p95_ms: naive.zoom.p95,
				baseline_drag_p95_ms: naive.drag.p95,
				baseline_fit_pan_p95_ms: naive.fit_pan.p95,
				drag_p95_ratio_vs_baseline: +(naive.drag.p95 / Math.max(0.1, ours.drag.p95)).toFixed(2),
				first_render_ratio_vs_baseline: +(naive.first_render_ms / Math.max(1, ours.first_render_ms)).toFixed(2)
			});
			rows.push(
				`| ${n} | ${ours.first_render_ms} / ${naive.first_render_ms} | ${ours.pan.p50} / ${ours.pan.p95} | ${naive.pan.p95} | ${ours.zoom.p95} / ${naive.zoom.p95} | ${ours.drag.p50} / ${ours.drag.p95} | ${naive.drag.p95} | ${ours.fit_pan.p95} / ${naive.fit_pan.p95} | ${ours.search_ms} (${ours.matches}) |`
			);
			console.log(`${n} notes:`, JSON.stringify(out[String(n)]));
			// Written after every size, so a long run that is stopped keeps what it measured.
			writeFileSync(join(results, 'board.json'), JSON.stringify(out, null, 2) + '\n');
		}
	} finally {
		await browser.close();
		server.kill('SIGTERM');
		v1?.kill('SIGTERM');
	}
	writeFileSync(join(results, 'board.json'), JSON.stringify(out, null, 2) + '\n');
	if (joinRows.length) {
		console.log('\n| notes | time to interactive, cold ms (ours / version 1, ratio) | warm ms (ours / version 1, ratio) | cold main-thread CPU ms (ours / v1) | warm CPU ms (ours / v1) | load average |');
		console.log('|---|---|---|---|---|---|');
		for (const r of joinRows) console.log(r);
	}
	console.log('\n| notes | first render ms (ours / naive) | pan p50 / p95 ms | naive pan p95 | zoom p95 (ours / naive) | drag p50 / p95 ms | naive drag p95 | pan at fit p95 (ours / naive) | search ms (matches) |');
	console.log('|---|---|---|---|---|---|---|---|---|');
	for (const r of rows) console.log(r);
	console.log(`\nload average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
