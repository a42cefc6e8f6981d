import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addNote, connect, createBoard, noteContents, synced, waitFor, type Client } from './helpers/clients';
import { startServer, tempDir, type RunningServer } from './helpers/server';

describe('outbound and cross-origin safety', () => {
	let server: RunningServer;
	let bystander: Client;
	let board: Awaited<ReturnType<typeof createBoard>>;

	beforeAll(async () => {
		server = await startServer({ DATA_DIR: tempDir('gistboard-bounds-') });
		board = await createBoard(server.url, 'Someone else is working');
		bystander = connect(server.url, board.id, board.token('editor'));
		await synced(bystander);
	}, 120_000);

	afterAll(async () => {
		bystander?.destroy();
		await server?.stop();
	});

	/** Another board's client keeps syncing and /healthz answers while hostile input is refused. */
	async function othersUnaffected(label: string) {
		const health = await fetch(`${server.url}/healthz`);
		expect(health.status, label).toBe(200);
		const watcher = connect(server.url, board.id, board.token('viewer'));
		await synced(watcher);
		addNote(bystander.doc, `note_${label.replace(/\W/g, '')}${Date.now()}`, label);
		await waitFor(() => Object.values(noteContents(watcher.doc)).some((n) => n.text === label), 10_000, `the note ${label}`);
		watcher.destroy();
	}

	it('refuses webhooks to loopback, private and metadata addresses when they are set', async () => {
		let hits = 0;
		const listener = createServer((req, res) => {
			hits++;
			res.end();
		});
		await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
		const port = (listener.address() as AddressInfo).port;
		try {
			for (const url of [
				`http://127.0.0.1:${port}/hook`,
				`http://localhost:${port}/hook`,
				`http://[::1]:${port}/hook`,
				`http://[::ffff:127.0.0.1]:${port}/hook`,
				`http://2130706433:${port}/hook`,
				'http://10.1.2.3/hook',
				'http://192.168.1.10/hook',
				'http://172.20.0.5/hook',
				'http://169.254.169.254/latest/meta-data/',
				'http://[fd00:ec2::254]/latest/meta-data/',
				'http://0.0.0.0/hook'
			]) {
				const res = await fetch(`${server.url}/api/boards/${board.id}/webhook`, {
					method: 'PUT',
					headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': 'application/json' },
					body: JSON.stringify({ url })
				});
				expect(res.status, url).toBe(400);
				const { message } = await res.json();
				expect(message, url).toMatch(/must be public/);
				expect(message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|\d+\.\d+\.\d+\.\d+/);
			}
			expect(hits).toBe(0);
		} finally {
			listener.close();
		}
	});

	it('refuses a board socket opened by a page of another origin with the visitor’s cookie', async () => {
		const open = (origin: string) =>
			new Promise<{ code: number; opened: boolean }>((resolve) => {
				const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}`, {
					headers: { origin, cookie: `gb_${board.id}=${board.token('facilitator')}` }
				});
				let opened = false;
				ws.on('message', () => {
					opened = true;
					ws.close(1000);
				});
				ws.on('close', (code) => resolve({ code, opened }));
				ws.on('error', () => {});
			});
		const evil = await open(`http://127.0.0.1:${server.port + 1}`);
		expect(evil).toMatchObject({ code: 4401, opened: false });
		expect(await open(`http://evil.example`)).toMatchObject({ code: 4401, opened: false });
		expect(await open(server.url)).toMatchObject({ opened: true });
	});
});
