import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard, type CreatedBoard } from './helpers/clients';
import { parsePrometheus } from './helpers/prometheus';
import { startServer, tempDir, TEST_WORKSPACE_TOKEN, type RunningServer } from './helpers/server';
import { deflatedZeros, workbook } from '../../src/lib/server/zip-test-helpers';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const text = (ref: string, value: string) => `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;
const COMMENTS = `<row r="1">${text('A1', 'Comment')}</row><row r="2">${text('A2', 'Great service')}</row><row r="3">${text('A3', 'Slow delivery')}</row>`;

/** The server process's resident memory, in MB (Linux). */
function rssMb(pid: number): number {
	return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

/**
 * Worker jobs (imported files, restored backups) on a server that reads one file at a time
 * (IMPORT_WORKERS=1: one worker, four places in the queue, two files per link). Reading and
 * waiting may take up to 5 minutes, so that a loaded machine reads the slow file below slowly
 * rather than refusing it.
 */
describe('the bound on worker jobs', () => {
	let server: RunningServer;
	const boards: CreatedBoard[] = [];

	beforeAll(async () => {
		server = await startServer({ DATA_DIR: tempDir('gistboard-worker-jobs-'), IMPORT_WORKERS: '1', IMPORT_TIMEOUT_MS: '300000' });
		for (let i = 0; i < 5; i++) boards.push(await createBoard(server.url, `Workshop ${i + 1}`));
	});

	afterAll(async () => {
		await server?.stop('SIGKILL');
	});

	function upload(board: CreatedBoard, bytes: Uint8Array, fileName = 'comments.xlsx') {
		return fetch(`${server.url}/api/boards/${board.id}/imports?filename=${fileName}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': XLSX },
			body: bytes as BodyInit
		});
	}

	async function jobs(): Promise<{ running: number; queued: number; refused: number }> {
		const metrics = parsePrometheus(await (await fetch(`${server.url}/metrics`)).text());
		return {
			running: metrics.value('gistboard_worker_jobs_running') ?? -1,
			queued: metrics.value('gistboard_worker_jobs_queued') ?? -1,
			refused: metrics.value('gistboard_worker_jobs_refused_total') ?? -1
		};
	}

	/** Waits until /metrics counts `running` jobs on the worker and `queued` waiting. */
	async function jobsAre(running: number, queued: number): Promise<void> {
		const until = Date.now() + 60_000;
		let now = await jobs();
		while (now.running !== running || now.queued !== queued) {
			if (Date.now() > until) throw new Error(`expected ${running} running and ${queued} queued; /metrics says ${JSON.stringify(now)}`);
			await new Promise((r) => setTimeout(r, 20));
			now = await jobs();
		}
	}

	it('refuses one value in XFD1048576 from its reference, naming the cell, without growing the worker', async () => {
		const sparse = workbook({ Responses: `${COMMENTS}<row r="1048576">${text('XFD1048576', 'x')}</row>` });
		expect(sparse.length).toBeLessThan(2048);
		const before = rssMb(server.process.pid!);
		const answers = await Promise.all([upload(boards[0], sparse, 'sparse.xlsx'), upload(boards[1], sparse, 'sparse.xlsx')]);
		for (const res of answers) {
			expect(res.status).toBe(422);
			expect(await res.json()).toMatchObject({
				code: 'too-many-rows',
				imported: 0,
				message: expect.stringMatching(/^“sparse\.xlsx” has a value in cell XFD1048576 of sheet “Responses”, row 1,048,576; one import takes at most 25,000 rows\./)
			});
		}
		expect(rssMb(server.process.pid!) - before).toBeLessThan(150);
		const ordinary = await upload(boards[0], workbook({ Responses: COMMENTS }));
		expect(ordinary.status).toBe(201);
		expect(await ordinary.json()).toMatchObject({ imported: 2 });
	});

	it('queues files past the workers, refuses them past the queue or past two a link, and reads the queued ones', async () => {
		// One file that keeps the only worker busy (64 MB of filler the reader unpacks), then small ones.
		const slow = workbook({ Responses: COMMENTS }, [{ name: 'docProps/filler.xml', data: await deflatedZeros(64 * 1024 * 1024), size: 64 * 1024 * 1024 }]);
		const small = workbook({ Responses: COMMENTS }, [{ name: 'docProps/filler.xml', data: await deflatedZeros(4 * 1024 * 1024), size: 4 * 1024 * 1024 }]);
		const refusedBefore = (await jobs()).refused;
		const accepted = [upload(boards[0], slow)];
		await jobsAre(1, 0);
		accepted.push(upload(boards[1], small), upload(boards[2], small));
		await jobsAre(1, 2);
		accepted.push(upload(boards[3], small), upload(boards[3], small));
		await jobsAre(1, 4);

		const thirdOfOneLink = await upload(boards[3], small);
		expect(thirdOfOneLink.status).toBe(429);
		expect(thirdOfOneLink.headers.get('retry-after')).toBe('5');
		expect(await thirdOfOneLink.json()).toMatchObject({ code: 'busy', imported: 0, message: '2 files sent with this link are still being read; try again in a few seconds.' });

		const pastTheQueue = await upload(boards[4], small);
		expect(pastTheQueue.status).toBe(503);
		expect(pastTheQueue.headers.get('retry-after')).toBe('5');
		expect(await pastTheQueue.json()).toMatchObject({
			code: 'busy',
			retryAfter: 5,
			imported: 0,
			message: 'The server is busy reading other files; try again in a few seconds.'
		});

		// A backup to restore waits for the same workers.
		const restore = await fetch(`${server.url}/api/boards/restore`, {
			method: 'POST',
			headers: { authorization: `Bearer ${TEST_WORKSPACE_TOKEN}`, 'content-type': 'application/json' },
			body: '{}'
		});
		expect(restore.status).toBe(503);
		expect(await restore.json()).toMatchObject({ code: 'busy', message: 'The server is busy reading other files; try again in a few seconds.' });

		const answers = await Promise.all(accepted);
		expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
		for (const res of answers) expect(await res.json()).toMatchObject({ imported: 2, rows: 2 });
		expect(await jobs()).toEqual({ running: 0, queued: 0, refused: refusedBefore + 3 });

		// Once they are read, the link and the board refused before import again.
		for (const board of [boards[3], boards[4]]) {
			const again = await upload(board, small);
			expect(again.status).toBe(201);
		}
	}, 300_000);
});
