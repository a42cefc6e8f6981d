/**
 * An import end to end through the production server (`build/gistboard-server.js`, embedded
 * database): a CSV posted to `POST /api/boards/:id/imports` while two other participants are on
 * the board. One of them watches its own document through the app's own connection (`connectBoard`,
 * which applies large updates without encoding them again, as the board page does); the other, a
 * stock y-websocket client, moves a note of its own every 50 ms.
 * Measured: the time from the upload until the watching participant's document holds every note
 * (`other_client_ms`), the time until the upload is answered (`answer_ms`), and the latency of the
 * mover's edits as the watcher sees them while the import runs (`edit_p50_ms`, `edit_max_ms`:
 * each move from the moment it is made to the moment the watcher's document has it), and, given
 * the server's process id, the CPU time the server process (all its threads) spent from the upload
 * until the watcher had every note (`server_cpu_ms`, from /proc: a measure that the machine's other
 * work does not stretch as it stretches wall times).
 * Given a Chromium (`browser`), a third participant has the board page open in it: the time from
 * the upload until that page shows every note (`page_ms`: the canvas's `data-notes`, read in the
 * frame it is rendered), and the main-thread task time the page spent meanwhile (`page_cpu_ms`,
 * Chromium's `TaskDuration`): what the other people's browsers pay to apply and draw an import.
 * With BENCH_PROFILE=<folder>, the page's CPU profile over that span is written there
 * (`import-<n>.cpuprofile`; summarise it with bench/board/profile-summary.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from '@playwright/test';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { connectBoard } from '../../src/lib/collab/provider';
import { createBenchBoard, startAppServer } from '../app-server';

export interface ServerImport {
	notes: number;
	answer_ms: number;
	other_client_ms: number;
	edits_during_import: number;
	edit_p50_ms: number;
	edit_max_ms: number;
	/** CPU time of the server process during the import (ms), when its process id was given; else null. */
	server_cpu_ms: number | null;
	/** Upload until the board page in Chromium shows every note (ms); null without a browser. */
	page_ms: number | null;
	/** The board page's main-thread task time over the same span (ms); null without a browser. */
	page_cpu_ms: number | null;
}

/** The board page of `link` in a fresh browser context, once it shows the board from the server. */
async function openBoardPage(browser: Browser, link: string): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	// A returning participant: no name dialog over the board.
	await context.addInitScript(() => localStorage.setItem('gistboard.identity', JSON.stringify({ id: 'user_bench', name: 'Bench' })));
	const page = await context.newPage();
	await page.goto(link);
	await page.waitForSelector('[data-synced="true"]', { timeout: 120_000 });
	await page.waitForSelector('[data-testid="canvas"][data-notes]', { timeout: 120_000 });
	return page;
}

/** User + system CPU time of a process and all its threads so far, in ms (Linux /proc; 10 ms resolution); null elsewhere. */
function cpuMs(pid: number | undefined): number | null {
	if (pid === undefined) return null;
	try {
		// Fields after the command name (which may hold spaces) start at the third; utime and stime are 14 and 15.
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
	} catch {
		return null;
	}
}

let profiles = 0;

/** Starts the production server of the app folder `root` on `port` (see bench/app-server.ts), with `nodeArgs` for Node. */
export const startServer = (root: string, port: number, nodeArgs: string[] = []): Promise<ChildProcess> =>
	startAppServer(root, port, { quiet: true, waitSeconds: 300, nodeArgs });

/** A participant as the board page connects it (`connectBoard`); Node 20 has no WebSocket of its own. */
function joinAsApp(base: string, boardId: string, token: string, participant: string): { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<void> } {
	globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;
	const doc = new Y.Doc();
	let synced!: () => void;
	const ready = new Promise<void>((resolve) => (synced = resolve));
	const connection = connectBoard(boardId, doc, { onState: () => {}, onSynced: () => synced() }, { url: base.replace(/^http/, 'ws') + '/sync', token, params: { participant } });
	return { doc, provider: connection.provider, synced: ready };
}

function join_(base: string, boardId: string, token: string, participant: string): { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<void> } {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(base.replace(/^http/, 'ws') + '/sync', boardId, doc, {
		params: { token, participant },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()));
	return { doc, provider, synced };
}

const pct = (xs: number[], p: number) => {
	if (!xs.length) return 0;
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** One import of `csv` into a fresh board of the server at `base`, measured as described above. */
export async function importThroughServer(base: string, csv: Uint8Array, expectedNotes: number, serverPid?: number, browser?: Browser): Promise<ServerImport> {
	const board = await createBenchBoard(base, 'Import bench');
	const link = new URL(board.links.facilitator);
	const token = link.searchParams.get('token') ?? new URLSearchParams(link.hash.slice(1)).get('token') ?? '';
	const watcher = joinAsApp(base, board.id, token, 'bench-watcher-secret-0000000000000000');
	const mover = join_(base, board.id, token, 'bench-mover-secret-00000000000000000');
	await Promise.all([watcher.synced, mover.synced]);
	const page = browser ? await openBoardPage(browser, board.links.facilitator) : null;

	// The mover's own note, on the board before the import starts.
	const noteId = 'note_benchmover';
	mover.doc.transact(() => {
		// In the board's own document version: a version-2 server (a baseline) keeps notes as objects.
		const version = Number(mover.doc.getMap('meta').get('schemaVersion') ?? 3);
		const text = 'A note that keeps moving';
		mover.doc.getMap('notes').set(noteId, version >= 3 ? [text, 'user_bench', Date.now()] : { text, source: null, fields: {}, by: 'user_bench', at: Date.now() });
		mover.doc.getMap('place').set(noteId, { x: 0, y: -400 });
	});
	const seen = () => watcher.doc.getMap('place').get(noteId) as { x: number } | undefined;
	for (let i = 0; i < 200 && !seen(); i++) await new Promise((r) => setTimeout(r, 50));

	const sent = new Map<number, number>();
	const latencies: number[] = [];
	let importing = false;
	watcher.doc.getMap('place').observe((event) => {
		if (!event.keysChanged.has(noteId)) return;
		const x = seen()?.x;
		const at = typeof x === 'number' ? sent.get(x) : undefined;
		if (at !== undefined && importing) latencies.push(performance.now() - at);
		if (typeof x === 'number') sent.delete(x);
	});
	let seq = 1;
	const moves = setInterval(() => {
		const x = seq++;
		sent.set(x, performance.now());
		mover.doc.getMap('place').set(noteId, { x, y: -400 });
	}, 50);

	const cdp = page ? await page.context().newCDPSession(page) : null;
	const pageTaskMs = async () => {
		const { metrics } = await cdp!.send('Performance.getMetrics');
		return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
	};
	await cdp?.send('Performance.enable');
	const profileDir = process.env.BENCH_PROFILE;
	if (cdp && profileDir) {
		await cdp.send('Profiler.enable');
		await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
		await cdp.send('Profiler.start');
	}
	const pageCpuBefore = cdp ? await pageTaskMs() : 0;
	let otherClient = 0;
	let cpuAtArrival: number | null = null;
	const cpuBefore = cpuMs(serverPid);
	const t0 = performance.now();
	const wallStart = Date.now();
	const arrived = new Promise<void>((resolve) => {
		const check = () => {
			// The watcher's board: the imported notes plus the mover's.
			if (watcher.doc.getMap('notes').size >= expectedNotes + 1) {
				otherClient = performance.now() - t0;
				cpuAtArrival = cpuMs(serverPid);
				watcher.doc.getMap('notes').unobserve(check);
				resolve();
			}
		};
		watcher.doc.getMap('notes').observe(check);
	});
	// In the page, in the frame that renders it: the canvas shows every imported note and the mover's.
	const shown = page
		?.waitForFunction(
			`(() => {
				const n = Number(document.querySelector('[data-testid="canvas"]')?.getAttribute('data-notes'));
				return n >= ${expectedNotes + 1} ? Date.now() : false;
			})()`,
			undefined,
			{ polling: 'raf', timeout: 180_000 }
		)
		.then(async (handle) => ({ at: Number(await handle.jsonValue()), cpu: await pageTaskMs() }));
	importing = true;
	const res = await fetch(`${base}/api/boards/${board.id}/imports?fileName=bench.csv`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
		body: new Blob([csv as BlobPart])
	});
	const answer = performance.now() - t0;
	if (!res.ok) throw new Error(`the import answered ${res.status}: ${await res.text()}`);
	await Promise.race([arrived, new Promise((_, reject) => setTimeout(() => reject(new Error('the other client never got every note')), 120_000))]);
	const drawn = await shown;
	if (cdp && profileDir) {
		const { profile } = await cdp.send('Profiler.stop');
		mkdirSync(profileDir, { recursive: true });
		writeFileSync(join(profileDir, `import-${++profiles}.cpuprofile`), JSON.stringify(profile));
	}
	importing = false;
	clearInterval(moves);
	watcher.provider.destroy();
	mover.provider.destroy();
	await cdp?.detach();
	await page?.context().close();
	return {
		notes: watcher.doc.getMap('notes').size - 1,
		answer_ms: Math.round(answer),
		other_client_ms: Math.round(otherClient),
		edits_during_import: latencies.length,
		edit_p50_ms: Math.round(pct(latencies, 50)),
		edit_max_ms: Math.round(Math.max(0, ...latencies)),
		server_cpu_ms: cpuBefore !== null && cpuAtArrival !== null ? cpuAtArrival - cpuBefore : null,
		page_ms: drawn ? drawn.at - wallStart : null,
		page_cpu_ms: drawn ? Math.round(drawn.cpu - pageCpuBefore) : null
	};
}
