import { request } from 'node:http';
import { connect as connect_ } from 'node:net';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNote, connect, createBoard, synced, waitFor, type Client, type CreatedBoard } from './helpers/clients';
import { deflatedZeros, zipArchive } from '../../src/lib/server/zip-test-helpers';
import { startServer, tempDir, TEST_WORKSPACE_TOKEN, type RunningServer } from './helpers/server';

/** The server process's resident memory, in MB (Linux). */
function rssMb(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

interface Upload {
	status: number;
	body: string;
	/** Bytes the client had written when the answer came. */
	sent: number;
	/** Whether /healthz answered while the upload was under way. */
	healthy: boolean;
}

/**
 * Streams up to `total` bytes of `chunk` to a route without ever holding more than one chunk, with
 * Transfer-Encoding: chunked (no Content-Length), or with a declared Content-Length when
 * `declare` is set. Stops writing once the server answers; meanwhile asks /healthz.
 */
function streamUpload(base: string, path: string, opts: { total: number; headers: Record<string, string>; declare?: boolean; chunk?: Buffer }): Promise<Upload> {
	const chunk = opts.chunk ?? Buffer.alloc(64 * 1024, 0x61);
	const url = new URL(path, base);
	return new Promise((resolve, reject) => {
		let sent = 0;
		let answered = false;
		let healthy = false;
		const req = request(url, {
			method: 'POST',
			headers: { accept: '*/*', ...opts.headers, ...(opts.declare ? { 'content-length': String(opts.total) } : { 'transfer-encoding': 'chunked' }) }
		});
		req.on('response', (res) => {
			answered = true;
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (d) => (body += d));
			res.on('end', () => resolve({ status: res.statusCode!, body, sent, healthy }));
			res.on('error', reject);
		});
		req.on('error', (err) => {
			if (!answered) reject(new Error(`upload failed after ${sent} bytes before an answer: ${err.message}`));
		});
		const health = async () => {
			while (!answered) {
				const res = await fetch(`${base}/healthz`).catch(() => null);
				if (res?.ok) healthy = true;
				await new Promise((r) => setTimeout(r, 50));
			}
		};
		void health();
		const write = () => {
			while (!answered && sent < opts.total) {
				const ok = req.write(chunk);
				sent += chunk.length;
				if (!ok) return void req.once('drain', write);
			}
			if (!answered) req.end();
		};
		write();
	});
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('bounded work on one server', () => {
	let server: RunningServer;
	let board: CreatedBoard;
	let other: CreatedBoard;
	const clients: Client[] = [];

	beforeAll(async () => {
		server = await startServer({ DATA_DIR: tempDir('gistboard-bounded-') });
		board = await createBoard(server.url, 'Bounded');
		other = await createBoard(server.url, 'Another board');
	});

	afterAll(async () => {
		for (const c of clients) c.destroy();
		await server?.stop('SIGKILL');
	});

	/** Two clients on another board: a note written by one reaches the other. */
	async function otherBoardSyncs(label: string) {
		if (clients.length === 0) {
			clients.push(connect(server.url, other.id, other.token('editor')), connect(server.url, other.id, other.token('editor')));
			await Promise.all(clients.map(synced));
		}
		const [a, b] = clients;
		const id = `note_${label.replace(/\W/g, '_')}`;
		addNote(a.doc, id, `Written ${label}`);
		await waitFor(() => b.doc.getMap('notes').has(id), 10_000, `the other board to sync ${label}`);
	}

	it('refuses a 400 MB streamed body to a JSON route with 413 long before it is read, while other boards sync', async () => {
		await otherBoardSyncs('before');
		const before = rssMb(server.process.pid!);
		const upload = streamUpload(server.url, '/api/boards', {
			total: 400 * 1024 * 1024,
			headers: { ...auth(TEST_WORKSPACE_TOKEN), 'content-type': 'application/json' }
		});
		await otherBoardSyncs('during');
		const answer = await upload;
		expect(answer.status).toBe(413);
		expect(JSON.parse(answer.body)).toMatchObject({ code: 'too-large', message: expect.stringMatching(/request limit is 64\.0 KB/) });
		// The server stopped reading after its limit: the client could not push more than the
		// socket buffers hold past 64 KB.
		expect(answer.sent).toBeLessThan(32 * 1024 * 1024);
		expect(rssMb(server.process.pid!) - before).toBeLessThan(150);
		await otherBoardSyncs('after');
	});

	it('refuses a declared 400 MB body at once, without reading it', async () => {
		const answer = await streamUpload(server.url, '/api/boards', {
			total: 400 * 1024 * 1024,
			declare: true,
			headers: { ...auth(TEST_WORKSPACE_TOKEN), 'content-type': 'application/json' }
		});
		expect(answer.status).toBe(413);
		expect(JSON.parse(answer.body).message).toBe('The request body is 400.0 MB; the request limit is 64.0 KB.');
		expect(answer.sent).toBeLessThan(32 * 1024 * 1024);
	});

	it('reads at most 4 MB of a body it refused by its declared length, however fast the client goes on sending', async () => {
		// Node's HTTP parser discards a body nobody began to read without a 'data' event of the
		// request: the server went on reading a declared gigabyte at some 250 MB a second for 2 s.
		const url = new URL(server.url);
		const result = await new Promise<{ written: number; closed: boolean; answer: string }>((resolve) => {
			const socket = connect_(Number(url.port), url.hostname);
			const chunk = Buffer.alloc(256 * 1024, 0x61);
			let written = 0;
			let answer = '';
			const stop = setTimeout(() => finish(false), 5_000);
			const finish = (closed: boolean) => {
				clearTimeout(stop);
				socket.destroy();
				resolve({ written, closed, answer });
			};
			socket.on('data', (d) => (answer += d));
			socket.on('error', () => {});
			socket.on('close', () => finish(true));
			socket.write(`POST /api/boards HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${TEST_WORKSPACE_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${1024 ** 3}\r\n\r\n`);
			const pump = () => {
				while (!socket.destroyed && written < 1024 ** 3) {
					written += chunk.length;
					if (!socket.write(chunk)) return void socket.once('drain', pump);
				}
			};
			pump();
		});
		expect(result.answer).toMatch(/^HTTP\/1\.1 413 /);
		expect(result.closed).toBe(true);
		// What the server read, and what the kernel's socket buffers took besides.
		expect(result.written).toBeLessThan(32 * 1024 * 1024);
	});

	it('counts a restore while it streams and answers 413 past 50 MB', async () => {
		const before = rssMb(server.process.pid!);
		const answer = await streamUpload(server.url, '/api/boards/restore', {
			total: 400 * 1024 * 1024,
			headers: { ...auth(TEST_WORKSPACE_TOKEN), 'content-type': 'application/json' }
		});
		expect(answer.status).toBe(413);
		expect(JSON.parse(answer.body).message).toBe('The backup is larger than 50.0 MB; the backup limit is 50.0 MB.');
		expect(answer.sent).toBeLessThan(90 * 1024 * 1024);
		expect(answer.healthy).toBe(true);
		expect(rssMb(server.process.pid!) - before).toBeLessThan(250);
	});

	it('counts an import while it streams and answers 413 past 50 MB', async () => {
		const answer = await streamUpload(server.url, `/api/boards/${board.id}/imports?filename=big.csv`, {
			total: 400 * 1024 * 1024,
			headers: { ...auth(board.token('facilitator')), 'content-type': 'text/csv' }
		});
		expect(answer.status).toBe(413);
		expect(JSON.parse(answer.body).message).toMatch(/limit is 50\.0 MB/);
		expect(answer.healthy).toBe(true);
		const health = await fetch(`${server.url}/healthz`);
		expect(await health.json()).toEqual({ ok: true });
	});

	/** Posts a file to the board's import route while asking /healthz and syncing another board. */
	async function importWhileServing(bytes: Uint8Array, fileName: string, type: string) {
		let importing = true;
		let healthChecks = 0;
		const health = (async () => {
			while (importing) {
				const res = await fetch(`${server.url}/healthz`);
				expect(res.status).toBe(200);
				healthChecks++;
				await new Promise((r) => setTimeout(r, 20));
			}
		})();
		try {
			const res = fetch(`${server.url}/api/boards/${board.id}/imports?filename=${fileName}`, {
				method: 'POST',
				headers: { ...auth(board.token('facilitator')), 'content-type': type },
				body: bytes as BodyInit
			});
			await otherBoardSyncs(`while ${fileName}`);
			const answer = await res;
			return { status: answer.status, body: await answer.json(), healthChecks };
		} finally {
			importing = false;
			await health;
		}
	}

	it('refuses an .xlsx zip bomb from its directory, with the limit, and keeps serving', async () => {
		const before = rssMb(server.process.pid!);
		const payload = await deflatedZeros(1024 * 1024 * 1024);
		const bomb = zipArchive([
			{ name: '[Content_Types].xml', data: deflateRawSync(Buffer.from('<Types/>')), size: 8 },
			{ name: 'xl/worksheets/sheet1.xml', data: payload, size: 1024 * 1024 * 1024 }
		]);
		expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
		const answer = await importWhileServing(bomb, 'bomb.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		expect(answer.status).toBe(413);
		expect(answer.body).toMatchObject({ code: 'too-large-unpacked', imported: 0, message: expect.stringMatching(/an \.xlsx import may unpack to at most 256\.0 MB/) });
		expect(answer.healthChecks).toBeGreaterThan(0);
		expect(rssMb(server.process.pid!) - before).toBeLessThan(150);
	});

	it('stops a bomb whose directory lies while inflating it', async () => {
		const payload = await deflatedZeros(512 * 1024 * 1024);
		const liar = zipArchive([{ name: 'xl/worksheets/sheet1.xml', data: payload, size: 4096 }]);
		const answer = await importWhileServing(liar, 'liar.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		expect(answer.status).toBe(413);
		expect(answer.body.message).toMatch(/unpacks to more than its directory says/);
	});

	it('refuses a CSV with a million columns, naming the limit, while other boards sync', async () => {
		const before = rssMb(server.process.pid!);
		const header = 'Comment,' + Array.from({ length: 1_000_000 }, (_, i) => `q${i % 10}`).join(',');
		const answer = await importWhileServing(new TextEncoder().encode(`${header}\nGreat,1\n`), 'wide.csv', 'text/csv');
		expect(answer.status).toBe(422);
		expect(answer.body).toMatchObject({ code: 'too-many-columns', imported: 0, message: expect.stringMatching(/has more than 1,000 columns/) });
		expect(rssMb(server.process.pid!) - before).toBeLessThan(150);
	});

	it('still imports an ordinary file through the worker', async () => {
		const answer = await importWhileServing(new TextEncoder().encode('Comment,Score\nGreat service,5\nSlow delivery,2\n'), 'ok.csv', 'text/csv');
		expect(answer.status).toBe(201);
		expect(answer.body).toMatchObject({ imported: 2, rows: 2 });
	});

	it('still takes an ordinary JSON body', async () => {
		const res = await fetch(`${server.url}/api/boards`, {
			method: 'POST',
			headers: { ...auth(TEST_WORKSPACE_TOKEN), 'content-type': 'application/json' },
			body: JSON.stringify({ title: 'Small enough' })
		});
		expect(res.status).toBe(201);
	});
	it('makes a board image once for all the pages the print view asks for, and again once the board changes', async () => {
		const printed = await createBoard(server.url, 'Printed');
		const csv = ['Comment,Score', ...Array.from({ length: 400 }, (_, i) => `Comment number ${i} about delivery,${1 + (i % 5)}`)].join('\n');
		const imported = await fetch(`${server.url}/api/boards/${printed.id}/imports?filename=print.csv`, { method: 'POST', headers: { ...auth(printed.token('facilitator')), 'content-type': 'text/csv' }, body: csv });
		expect(imported.status).toBe(201);
		const page = async (n: number) => {
			const started = performance.now();
			const res = await fetch(`${server.url}/api/boards/${printed.id}/export?format=svg&paper=a4&page=${n}`, { headers: auth(printed.token('viewer')) });
			expect(res.status).toBe(200);
			return { pages: Number(res.headers.get('x-page-count')), svg: await res.text(), ms: performance.now() - started };
		};
		const first = await page(1);
		expect(first.pages).toBeGreaterThan(1);
		const again = await page(1);
		expect(again.svg).toBe(first.svg);
		const second = await page(2);
		expect(second.pages).toBe(first.pages);
		// A note written on the board shows; removing it again changes only the board's deletions,
		// not its clocks, and the image follows that too.
		const editor = connect(server.url, printed.id, printed.token('editor'));
		clients.push(editor);
		await synced(editor);
		addNote(editor.doc, 'note_handwritten', 'Zebranote', { x: 0, y: 0 });
		const svgOf = async () => {
			const res = await fetch(`${server.url}/api/boards/${printed.id}/export?format=svg`, { headers: auth(printed.token('viewer')) });
			return res.text();
		};
		let withNote = '';
		for (let i = 0; i < 50 && !withNote.includes('Zebranote'); i++) {
			withNote = await svgOf();
			await new Promise((r) => setTimeout(r, 100));
		}
		expect(withNote).toContain('Zebranote');
		editor.doc.getMap('notes').delete('note_handwritten');
		let without = withNote;
		for (let i = 0; i < 50 && without.includes('Zebranote'); i++) {
			await new Promise((r) => setTimeout(r, 100));
			without = await svgOf();
		}
		expect(without).not.toContain('Zebranote');
	});
});
