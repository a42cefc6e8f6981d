import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';

export interface BoardLinks {
	id: string;
	url: string;
	links: Record<'facilitator' | 'editor' | 'viewer', string>;
}

/** The E2E server's workspace credential (WORKSPACE_TOKEN, set in playwright.config.ts). */
export const WORKSPACE_TOKEN = process.env.E2E_WORKSPACE_TOKEN ?? 'e2e-workspace-token-0123456789abcdef';

/** Headers carrying the workspace credential, as a script that creates boards or departments sends them. */
export const workspaceHeaders = (token = WORKSPACE_TOKEN) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });

/** Creates a board through the HTTP API with the workspace credential, as another program would. */
export async function createBoard(baseURL: string, title: string, workspaceToken = WORKSPACE_TOKEN): Promise<BoardLinks> {
	const res = await fetch(`${baseURL}/api/boards`, {
		method: 'POST',
		headers: workspaceHeaders(workspaceToken),
		body: JSON.stringify({ title })
	});
	expect(res.status).toBe(201);
	return res.json();
}

/** The token a share link carries, in its query or its fragment. */
export const tokenOf = (link: string) => new URL(link).searchParams.get('token') ?? new URL(link).hash.replace(/^#.*token=/, '');

/**
 * A fresh browser context (its own cookies, like another person's laptop, with `options` such as
 * a locale or a window size) opening a link.
 */
export async function openAs(browser: Browser, link: string, options: BrowserContextOptions = {}): Promise<Page> {
	const context = await browser.newContext(options);
	await rememberName(context);
	const page = await context.newPage();
	await page.goto(link);
	// Joining is a page load, a WebSocket and the board's first sync: on a busy two-core CI machine
	// running two browsers that can take longer than an assertion's default 10 s.
	const joined = { timeout: 30_000 };
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', joined);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-synced', 'true', joined);
	await expect(page.getByTestId('board')).toHaveAttribute('data-synced', 'true', joined);
	return page;
}

/** A browser that has joined a board before knows its display name, so no name dialog covers the board. */
export async function rememberName(context: BrowserContext, name = 'Tester'): Promise<void> {
	await context.addInitScript((name) => {
		if (!localStorage.getItem('gistboard.identity')) {
			localStorage.setItem('gistboard.identity', JSON.stringify({ id: `user_${Math.random().toString(36).slice(2, 10)}`, name }));
		}
	}, name);
}

/** Presses the mouse at `from`, moves to `to` in `steps` pointer moves (CSS pixels), and releases: a drag on the canvas. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12): Promise<void> {
	await page.mouse.move(from.x, from.y);
	await page.mouse.down();
	await page.mouse.move(to.x, to.y, { steps });
	await page.mouse.up();
}

/** The folder screenshots for looking at a run by eye go to; none are taken when it is not set. */
const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? process.env.SCREENSHOT_DIR;

/** Saves the whole page as `<name>.png` in the E2E_SCREENSHOTS folder (SCREENSHOT_DIR also works), when one is set. */
export async function shot(page: Page, name: string): Promise<void> {
	if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}
