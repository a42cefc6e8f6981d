import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote as addTestNote, connect, createBoard, serverState, snapshot, synced, waitFor } from './helpers/clients';
import { scrape } from './helpers/prometheus';
import { startProxy } from './helpers/proxy';
import { startServer, type RunningServer } from './helpers/server';
import { usePostgres, useRedis } from './helpers/services';
import { clientPool, twoProcesses, type TwoProcesses } from './helpers/setups';

const ready = (await usePostgres()) && (await useRedis());

function addNote(doc: Y.Doc, id: string) {
	addTestNote(doc, id, `Comment ${id}`, { x: Math.round(Math.random() * 1000), y: Math.round(Math.random() * 1000) });
}

const noteIds = (doc: Y.Doc) => Object.keys(doc.getMap('notes').toJSON());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!ready)('two server processes sharing PostgreSQL and Redis', () => {
	let processes: TwoProcesses;
	let env: Record<string, string>;
	let a: RunningServer;
	let b: RunningServer;
	const clients = clientPool();
	const open = clients.open;

	beforeAll(async () => {
		({ a, b, env } = processes = await twoProcesses());
	});

	afterAll(async () => {
		clients.destroyAll();
		// The tests restart process A: stop the one running now as well as the two first started.
		await a?.stop('SIGKILL');
		await processes?.stop();
	});

	it('relays edits and presence between clients on different processes; both converge', async () => {
		const board = await createBoard(a.url);
		const onA = open(a.url, board.id, board.token('editor'));
		const onB = open(b.url, board.id, board.token('editor'));
		await Promise.all([synced(onA), synced(onB)]);
		for (let i = 0; i < 20; i++) {
			addNote(onA.doc, `note_a${i}`);
			addNote(onB.doc, `note_b${i}`);
			await sleep(5);
		}
		const same = () => JSON.stringify(snapshot(onA.doc)) === JSON.stringify(snapshot(onB.doc));
		await waitFor(() => same() && noteIds(onA.doc).length === 40, 10_000, 'convergence across processes');

		onA.provider.awareness.setLocalStateField('user', { id: 'user_a', name: 'Facilitator on A', color: '#067647', role: 'facilitator' });
		await waitFor(
			() => [...onB.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Facilitator on A'),
			5000,
			'presence across processes'
		);
		// Each process applied what the other published, and says how late it came.
		for (const server of [a, b]) expect((await scrape(server.url)).value('gistboard_redis_lag_seconds_count')).toBeGreaterThan(0);
		// A newcomer on either process sees the same stored board.
		expect(await serverState(b.url, board)).toEqual(await serverState(a.url, board));
	});

	it('loses nothing when a process stops mid-edit and its clients reconnect to the other', async () => {
		const board = await createBoard(a.url);
		// A load balancer: new connections go to A while it runs, then to B.
		let target = a.port;
		const balancer = await startProxy(() => target);
		try {
			const writers = [0, 1, 2].map(() => open(balancer.url, board.id, board.token('editor')));
			const observer = open(b.url, board.id, board.token('viewer'));
			await Promise.all([...writers, observer].map(synced));
			let n = 0;
			const writing = setInterval(() => {
				writers.forEach((w, i) => addNote(w.doc, `note_w${i}_${n}`));
				n++;
			}, 10);
			await waitFor(() => noteIds(observer.doc).length >= 60, 10_000, 'edits reaching the other process');
			target = b.port;
			expect(await a.stop('SIGTERM')).toBe(0);
			await sleep(300);
			clearInterval(writing);
			const written = new Set(writers.flatMap((w) => noteIds(w.doc)));
			expect(written.size).toBe(n * 3);
			await waitFor(() => noteIds(observer.doc).length === written.size, 15_000, 'reconnected writers to catch up');
			const stored = (await serverState(b.url, board)) as { notes: Record<string, unknown> };
			for (const id of written) expect(stored.notes).toHaveProperty(id);
		} finally {
			await balancer.close();
			a = await startServer(env);
		}
	});

	it('keeps every acknowledged update when a process is killed during bursts, several times', async () => {
		const board = await createBoard(a.url);
		const observer = open(b.url, board.id, board.token('viewer'));
		await synced(observer);
		let round = 0;
		for (; round < 3; round++) {
			const writer = connect(a.url, board.id, board.token('editor'));
			await synced(writer);
			let n = 0;
			const writing = setInterval(() => addNote(writer.doc, `note_r${round}_${n++}`), 2 + Math.floor(Math.random() * 4));
			await sleep(150 + Math.random() * 600);
			await a.stop('SIGKILL');
			clearInterval(writing);
			writer.destroy();
			// Acknowledged: relayed to a client on the other process, which happens only after storing.
			const acknowledged = noteIds(observer.doc).filter((id) => id.startsWith(`note_r${round}_`));
			expect(acknowledged.length).toBeGreaterThan(0);
			a = await startServer(env);
			const stored = (await serverState(a.url, board)) as { notes: Record<string, unknown> };
			for (const id of acknowledged) expect(stored.notes).toHaveProperty(id);
		}
		expect(round).toBe(3);
	});
});
