import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addGroups, addNotes, makeGroup, makeNote } from '../../src/lib/board';
import { createBoard, type BoardLinks } from './helpers';

/** A person on their own device: a fresh context whose browser already knows their name. */
export async function joinAs(
	browser: Browser,
	link: string,
	name: string | null,
	viewport = { width: 1280, height: 760 }
): Promise<{ page: Page; context: BrowserContext }> {
	const context = await browser.newContext({ viewport });
	if (name) {
		const id = `user_${name.toLowerCase().replace(/[^a-z0-9]/g, '')}${Math.random().toString(36).slice(2, 8)}`;
		await context.addInitScript(
			([id, name]) => {
				if (!localStorage.getItem('gistboard.identity')) localStorage.setItem('gistboard.identity', JSON.stringify({ id, name }));
			},
			[id, name]
		);
	}
	const page = await context.newPage();
	await page.goto(link);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	await expect(page.getByTestId('board')).toHaveAttribute('data-synced', 'true');
	return { page, context };
}

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

/** Changes a board from a script, as another client would (the stock y-websocket provider in Node). */
export async function editBoard(baseURL: string, boardId: string, link: string, fn: (doc: Y.Doc) => void): Promise<void> {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(baseURL.replace(/^http/, 'ws') + '/sync', boardId, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		params: { token: tokenOf(link) },
		disableBc: true
	});
	await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
	fn(doc);
	// Wait until the server has it: a second client sees the change.
	const check = new Y.Doc();
	const probe = new WebsocketProvider(baseURL.replace(/^http/, 'ws') + '/sync', boardId, check, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		params: { token: tokenOf(link) },
		disableBc: true
	});
	// The second client holds at least what this one wrote (and whatever the server repaired).
	const want = Y.decodeStateVector(Y.encodeStateVector(doc));
	await expect
		.poll(() => [...want].every(([client, clock]) => Y.getState(check.store, client) >= clock), { timeout: 10_000 })
		.toBe(true);
	probe.destroy();
	provider.destroy();
	check.destroy();
	doc.destroy();
}

/** Three named groups with a note each, far apart so the board scrolls. */
export function seedGroups(doc: Y.Doc): string[] {
	const groups = [
		makeGroup({ label: 'Late deliveries', x: 40, y: 40 }),
		makeGroup({ label: 'Billing errors', x: 360, y: 40 }),
		makeGroup({ label: 'App crashes', x: 1900, y: 1500 })
	];
	addGroups(doc, groups, { kind: 'server' });
	addNotes(
		doc,
		groups.map((g) => makeNote({ text: `Evidence for ${g.label}`, groupId: g.id, createdBy: 'seed' })),
		{ kind: 'server' }
	);
	return groups.map((g) => g.id);
}

/**
 * A board titled `title` with three groups of three notes ("Waiting times", "Billing", "Friendly
 * staff"), each note with a customer field `region` (North or South): the board the layout tests
 * at each screen size open.
 */
export async function clinicBoard(baseURL: string, title: string): Promise<BoardLinks> {
	const b = await createBoard(baseURL, title);
	await editBoard(baseURL, b.id, b.links.facilitator, (doc) => {
		const groups = ['Waiting times', 'Billing', 'Friendly staff'].map((label, i) => makeGroup({ label, x: 40 + i * 420, y: 40, order: `a${i}` }));
		addGroups(doc, groups, { kind: 'server' });
		addNotes(
			doc,
			Array.from({ length: 9 }, (_, i) =>
				makeNote({ text: `Comment ${i + 1} about the clinic visit`, fields: { region: i % 2 ? 'North' : 'South' }, groupId: groups[i % 3].id, order: `a${i}`, createdBy: 'seed' })
			),
			{ kind: 'server' }
		);
	});
	return b;
}
