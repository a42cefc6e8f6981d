import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNote, connect, createBoard, synced, waitFor, type Client } from './helpers/clients';
import { scrape } from './helpers/prometheus';
import { startServer, tempDir, type RunningServer } from './helpers/server';
import { usePostgres, useRedis } from './helpers/services';
import { clientPool, twoProcesses, type TwoProcesses } from './helpers/setups';
import { presenceMessage } from './helpers/messages';

/**
 * Hostile presence (DESIGN.md "Presence"): one awareness client id per connection, states bounded
 * and validated, and the server's word on who someone is and which role they have.
 */

const user = (name: string, color = '#175cd3', role = 'editor', id = 'user_whoever') => ({ id, name, color, role });

describe('presence from hostile clients', () => {
	let server: RunningServer;
	const clients: Client[] = [];

	beforeAll(async () => {
		server = await startServer({ DATA_DIR: tempDir('gistboard-presence-') });
	});

	afterAll(async () => {
		for (const c of clients) c.destroy();
		await server?.stop('SIGKILL');
	});

	it('relays one client id per connection, checked, with the connection’s role; honest presence still flows', async () => {
		const board = await createBoard(server.url);
		const viewer = connect(server.url, board.id, board.token('viewer'));
		const honest = connect(server.url, board.id, board.token('editor'));
		const attacker = connect(server.url, board.id, board.token('viewer'));
		clients.push(viewer, honest, attacker);
		await Promise.all([viewer, honest, attacker].map(synced));

		// The attacker's own tab first: it claims its awareness id with a state that poses as a facilitator.
		attacker.provider.awareness.setLocalState({ user: user('Boss', '#b42318', 'facilitator', 'user_facilitator'), cursor: null });
		const mine = attacker.provider.awareness.clientID;
		const states = () => viewer.provider.awareness.getStates();
		await waitFor(() => states().get(mine)?.user?.name === 'Boss', 10_000, 'the attacker’s presence');
		expect(states().get(mine)!.user.role).toBe('viewer');
		expect(states().get(mine)!.user.id).not.toBe('user_facilitator');

		// Then forty more ids, a 5 KB state and a colour browsers would fetch, on the same socket.
		const ws = attacker.provider.ws! as unknown as { send(data: Uint8Array): void };
		ws.send(presenceMessage(Array.from({ length: 40 }, (_, i) => [1000 + i, 1, { user: user('Fake', '#175cd3'), pad: 'x'.repeat(500) }])));
		ws.send(presenceMessage([[mine, 50, { user: user('Boss', 'url(http://127.0.0.1:1/pixel)') }]]));
		ws.send(presenceMessage([[mine, 51, { user: user('B'.repeat(300), '#b42318'), pad: 'x'.repeat(5000) }]]));

		// An honest change after them arrives, so everything before it has been through the server.
		honest.provider.awareness.setLocalState({ user: user('Eddie', '#067647'), cursor: { x: 3, y: 4 } });
		const eddie = honest.provider.awareness.clientID;
		await waitFor(() => states().get(eddie)?.cursor?.x === 3, 10_000, 'honest presence');

		const ids = [...states().keys()].filter((id) => id !== viewer.provider.awareness.clientID);
		expect(ids.sort()).toEqual([eddie, mine].sort());
		// Neither the url() colour nor the oversized state replaced the attacker's checked state.
		expect(states().get(mine)!.user.color).toBe('#b42318');
		expect(states().get(mine)!.user.name).toBe('Boss');
		expect(states().get(eddie)!.user.role).toBe('editor');
	});
});

describe.skipIf(!((await usePostgres()) && (await useRedis())))('presence owners across processes (two processes, PostgreSQL and Redis)', () => {
	let processes: TwoProcesses;
	const clients = clientPool();

	beforeAll(async () => {
		processes = await twoProcesses();
	}, 120_000);

	afterAll(async () => {
		clients.destroyAll();
		await processes?.stop();
	});

	it('a connection to the other process cannot hide or overwrite someone’s presence with their client id', async () => {
		const { a, b } = processes;
		const board = await createBoard(a.url, 'Presence on two processes');
		const victim = clients.open(a.url, board.id, board.token('editor'));
		const watcherA = clients.open(a.url, board.id, board.token('viewer'));
		const watcherB = clients.open(b.url, board.id, board.token('viewer'));
		await Promise.all([victim, watcherA, watcherB].map(synced));
		const id = victim.provider.awareness.clientID;
		const cursorSeen = (c: Client) => (c.provider.awareness.getStates().get(id) as { cursor?: { x: number } } | undefined)?.cursor?.x;
		victim.provider.awareness.setLocalState({ user: user('Victim'), cursor: { x: 1, y: 1 } });
		await waitFor(() => cursorSeen(watcherA) === 1 && cursorSeen(watcherB) === 1, 10_000, 'the victim’s presence on both processes');

		// Everything either watcher is shown of the victim from now on.
		const shown: (number | 'gone')[] = [];
		for (const watcher of [watcherA, watcherB]) {
			watcher.provider.awareness.on('change', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
				if (removed.includes(id)) shown.push('gone');
				if ([...added, ...updated].includes(id)) shown.push(cursorSeen(watcher) ?? NaN);
			});
		}
		// On process B, which never saw the victim's connection: their id, far ahead, as "gone" and as another cursor.
		const hostile = new WebSocket(`${b.url.replace('http', 'ws')}/sync/${board.id}?token=${board.token('editor')}`);
		try {
			await new Promise((resolve) => hostile.once('open', resolve));
			hostile.send(presenceMessage([[id, 2 ** 31, null]]));
			hostile.send(presenceMessage([[id, 2 ** 31 + 1, { user: user('Victim'), cursor: { x: 666, y: 1 } }]]));
			// The victim moves on; both processes show where, and never the forged cursor.
			victim.provider.awareness.setLocalState({ user: user('Victim'), cursor: { x: 2, y: 1 } });
			await waitFor(() => cursorSeen(watcherA) === 2 && cursorSeen(watcherB) === 2, 10_000, 'the victim’s next presence');
			victim.provider.awareness.setLocalState({ user: user('Victim'), cursor: { x: 3, y: 1 } });
			await waitFor(() => cursorSeen(watcherA) === 3 && cursorSeen(watcherB) === 3, 10_000, 'the victim’s presence after that');
			expect(shown.filter((x) => x !== 2 && x !== 3)).toEqual([]);
		} finally {
			hostile.close();
		}
	});

	it('forgets, a day later, the client ids of tabs that only showed presence, and keeps those of tabs that wrote', async () => {
		const { a } = processes;
		clients.destroyAll();
		const board = await createBoard(a.url, 'Lookers');
		const looker = connect(a.url, board.id, board.token('viewer'));
		const writer = connect(a.url, board.id, board.token('editor'));
		await Promise.all([looker, writer].map(synced));
		for (const c of [looker, writer]) c.provider.awareness.setLocalState({ user: user('Someone'), cursor: { x: 1, y: 1 } });
		addNote(writer.doc, 'note_written', 'A comment');
		await waitFor(() => looker.doc.getMap('notes').has('note_written') && looker.provider.awareness.getStates().has(writer.doc.clientID), 10_000, 'the note and presence');
		const db = new pg.Client({ connectionString: processes.env.DATABASE_URL });
		await db.connect();
		try {
			const ids = async () => (await db.query('SELECT client_id FROM board_clients WHERE board_id = $1 ORDER BY client_id', [board.id])).rows.map((r) => Number(r.client_id));
			expect(await ids()).toEqual([looker.doc.clientID, writer.doc.clientID].sort((x, y) => x - y));
			await db.query("UPDATE board_clients SET created_at = now() - interval '2 days' WHERE board_id = $1", [board.id]);
			// The board is unloaded once everyone left, and loaded again by the next tab.
			looker.destroy();
			writer.destroy();
			for (let tries = 0; (await scrape(a.url)).value('gistboard_rooms') !== 0; tries++) {
				if (tries > 100) throw new Error('the board was not unloaded');
				await new Promise((r) => setTimeout(r, 100));
			}
			const again = clients.open(a.url, board.id, board.token('viewer'));
			await synced(again);
			const left = await ids();
			expect(left).toContain(writer.doc.clientID);
			expect(left).not.toContain(looker.doc.clientID);
		} finally {
			await db.end();
		}
	});
});

describe('presence identities one address may claim', () => {
	let server: RunningServer;
	const clients: Client[] = [];

	beforeAll(async () => {
		// 2 a minute, in bursts of 5 (two and a half minutes of it).
		server = await startServer({ DATA_DIR: tempDir('gistboard-presence-claims-'), PRESENCE_CLAIMS_PER_MINUTE: '2' });
	});

	afterAll(async () => {
		for (const c of clients) c.destroy();
		await server?.stop('SIGKILL');
	});

	it('shows no more new tabs from one address than its budget, and keeps their edits', async () => {
		const board = await createBoard(server.url);
		// Announces no presence of its own (a stock client's empty state claims nothing).
		const observer = connect(server.url, board.id, board.token('viewer'));
		clients.push(observer);
		await synced(observer);
		const tabs = Array.from({ length: 8 }, () => connect(server.url, board.id, board.token('editor')));
		clients.push(...tabs);
		await Promise.all(tabs.map(synced));
		tabs.forEach((tab, i) => tab.provider.awareness.setLocalState({ user: user(`Tab ${i}`), cursor: null }));
		const shown = () => [...observer.provider.awareness.getStates().values()].filter((s) => s.user?.name?.startsWith('Tab ')).length;
		await waitFor(() => shown() === 5, 10_000, 'the first five tabs’ presence');
		// Every tab's presence has been through the server once an edit sent after it arrives.
		addNote(tabs[7].doc, 'note_after_presence', 'Still kept');
		await waitFor(() => observer.doc.getMap('notes').has('note_after_presence'), 10_000, 'the last tab’s edit');
		expect(shown()).toBe(5);
	});
});
