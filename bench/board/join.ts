/**
 * Time to interactive of a board page: from the start of the navigation (the page's
 * `performance.timeOrigin`) to the first animation frame in which the board is shown with its
 * notes drawn (cards of a group on screen, or the far view painted) and edits are possible. Cold
 * is a browser profile that never opened the board (no IndexedDB copy, empty HTTP cache; only the
 * link's cookie and the participant's name); warm is the same profile opening the board again
 * (its offline copy in IndexedDB, scripts cached).
 *
 * With `BENCH_PROFILE=<folder>` (bench:board), each join also records a CPU profile of the page
 * (Chromium's CDP Profiler, 200 µs sampling), written as `<folder>/<app>-<notes>/<cold|warm>-<round>.cpuprofile`
 * (open it in Chromium's DevTools, Performance panel, or summarise it with `bench/board/profile-summary.ts`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';

export interface JoinResult {
	cold_ms: number;
	warm_ms: number;
	cold_rounds_ms: number[];
	warm_rounds_ms: number[];
	/** Main-thread task time of the page's renderer over the same span (Chromium's `TaskDuration`). */
	cold_cpu_ms: number;
	warm_cpu_ms: number;
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Milliseconds since the navigation started until the board is drawn and usable, and the
 * renderer's main-thread task time spent meanwhile (Chromium's `TaskDuration`: the time between
 * tasks, waiting for the network or the server, is left out; a task itself still takes longer
 * when other processes hold the cores).
 */
export async function timeToInteractive(page: Page, url: string, profile?: string): Promise<{ ms: number; cpu_ms: number }> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	if (profile) {
		await cdp.send('Profiler.enable');
		await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
		await cdp.send('Profiler.start');
	}
	const taskTime = async () => {
		const { metrics } = await cdp.send('Performance.getMetrics');
		return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
	};
	const before = await taskTime();
	await page.goto(url, { waitUntil: 'commit' });
	// A string, not a function: the bundler's name helpers do not exist in the page.
	const handle = await page.waitForFunction(
		`(() => {
			const board = document.querySelector('[data-testid="board"]');
			if (!board) return false;
			// Shown from the offline copy or after the server's answer (the earlier app had only the latter).
			if (board.getAttribute('data-shown') !== 'true' && board.getAttribute('data-synced') !== 'true') return false;
			if (!document.querySelector('[data-testid="group"], [data-testid="canvas"][data-painted]')) return false;
			return performance.now();
		})()`,
		undefined,
		{ polling: 'raf', timeout: 180_000 }
	);
	const ms = Math.round(Number(await handle.jsonValue()));
	const after = await taskTime();
	if (profile) {
		const { profile: cpu } = await cdp.send('Profiler.stop');
		mkdirSync(dirname(profile), { recursive: true });
		writeFileSync(profile, JSON.stringify(cpu));
	}
	await cdp.detach();
	// A navigation may move the page to a new renderer, whose count starts at zero.
	return { ms, cpu_ms: Math.round(after >= before ? after - before : after) };
}

/** Waits until the page's offline copy of the board holds the board (its stored updates stop growing). */
async function waitStoredLocally(page: Page): Promise<void> {
	let last = -1;
	for (let i = 0; i < 300; i++) {
		const bytes = await page.evaluate(`(async () => {
			let total = 0;
			for (const info of await indexedDB.databases()) {
				if (!info.name || !info.name.startsWith('gistboard-')) continue;
				const db = await new Promise((resolve, reject) => {
					const req = indexedDB.open(info.name);
					req.onsuccess = () => resolve(req.result);
					req.onerror = () => reject(req.error);
				});
				if (db.objectStoreNames.contains('updates')) {
					const all = await new Promise((resolve) => {
						const req = db.transaction('updates').objectStore('updates').getAll();
						req.onsuccess = () => resolve(req.result);
						req.onerror = () => resolve([]);
					});
					for (const u of all) total += u.byteLength;
				}
				db.close();
			}
			return total;
		})()`);
		if (typeof bytes === 'number' && bytes > 10_000 && bytes === last) return;
		last = typeof bytes === 'number' ? bytes : -1;
		await page.waitForTimeout(250);
	}
	throw new Error('the board was not stored in IndexedDB');
}

/**
 * `rounds` cold joins, each followed by a warm one in the same profile; medians and every round.
 * `link` is the board's facilitator link (opened once to get its cookie), `url` the board page.
 */
export async function measureJoin(browser: Browser, link: string, url: string, rounds: number, profileAs?: string): Promise<JoinResult> {
	const identity = () => localStorage.setItem('gistboard.identity', JSON.stringify({ id: 'user_bench', name: 'Bench' }));
	const first = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	await first.addInitScript(identity);
	const p0 = await first.newPage();
	await p0.goto(link);
	await p0.waitForSelector('[data-synced="true"]', { timeout: 180_000 });
	const cookies = (await first.storageState()).cookies;
	await first.close();
	const cold: number[] = [];
	const warm: number[] = [];
	const coldCpu: number[] = [];
	const warmCpu: number[] = [];
	for (let r = 0; r < rounds; r++) {
		let context: BrowserContext | null = null;
		try {
			context = await browser.newContext({ viewport: { width: 1280, height: 800 }, storageState: { cookies, origins: [] } });
			await context.addInitScript(identity);
			const page = await context.newPage();
			const profile = (kind: string) => (profileAs ? join(profileAs, `${kind}-${r}.cpuprofile`) : undefined);
			const c = await timeToInteractive(page, url, profile('cold'));
			cold.push(c.ms);
			coldCpu.push(c.cpu_ms);
			await waitStoredLocally(page);
			const w = await timeToInteractive(page, url, profile('warm'));
			warm.push(w.ms);
			warmCpu.push(w.cpu_ms);
		} finally {
			await context?.close();
		}
	}
	return {
		cold_ms: median(cold),
		warm_ms: median(warm),
		cold_rounds_ms: cold,
		warm_rounds_ms: warm,
		cold_cpu_ms: median(coldCpu),
		warm_cpu_ms: median(warmCpu)
	};
}
