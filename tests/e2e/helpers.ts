import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export interface BoardLinks {
	id: string;
	url: string;
	links: Record<'facilitator' | 'editor' | 'viewer', string>;
}

/** Creates a board through the HTTP API, as another program would. */
export async function createBoard(baseURL: string, title: string): Promise<BoardLinks> {
	const res = await fetch(`${baseURL}/api/boards`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ title })
	});
	expect(res.status).toBe(201);
	return res.json();
}

/** A fresh browser context (its own cookies, like another person's laptop) opening a link. */
export async function openAs(browser: Browser, link: string): Promise<Page> {
	const context = await browser.newContext();
	await rememberName(context);
	const page = await context.newPage();
	await page.goto(link);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	await expect(page.getByTestId('board')).toHaveAttribute('data-synced', 'true');
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
