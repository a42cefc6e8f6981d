import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createBoard, synced, waitFor } from './helpers/clients';
import { ensureBuild, freePort, startServer, tempDir, TEST_WORKSPACE_TOKEN, type RunningServer } from './helpers/server';

const ROOT = resolve(import.meta.dirname, '../..');

// `npm start` runs the compiled bundle, not the sources the other suites start through tsx.
describe('the production bundle on a fresh embedded database', () => {
	const dataDir = tempDir('gistboard-bundle-');
	let server: RunningServer;

	beforeAll(async () => {
		ensureBuild();
		// Compiled from the sources as they are now, so this never tests a stale bundle.
		execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'inherit' });
		server = await startServer({ DATA_DIR: dataDir }, 120_000, 'bundle');
	});

	afterAll(async () => {
		await server?.stop('SIGTERM');
	});

	it('creates the database, answers /healthz and serves a board over /sync', async () => {
		expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
		const health = await fetch(`${server.url}/healthz`);
		expect(health.status).toBe(200);
		expect(await health.json()).toEqual({ ok: true });

		const board = await createBoard(server.url, 'Bundle board');
		const client = connect(server.url, board.id, board.token('editor'));
		try {
			await synced(client);
			expect(client.doc.getMap('meta').get('schemaVersion')).toEqual(expect.any(Number));
			expect(client.closes).toEqual([]);
		} finally {
			client.destroy();
		}
	});

	it('has every file the bundle opens beside it (workers, migrations)', () => {
		const build = join(ROOT, 'build');
		for (const file of ['pglite.worker.js', 'pglite-init.js', 'merge.worker.js']) expect(existsSync(join(build, file)), file).toBe(true);
		const sql = readdirSync(join(ROOT, 'src/lib/server/migrations'));
		expect(readdirSync(join(build, 'migrations')).sort()).toEqual(sql.sort());
	});
});

// `npm run build` while `npm start` runs replaces every hashed asset the running server listed at start.
describe('the production bundle when its build is replaced under it', () => {
	const copy = tempDir('gistboard-rebuilt-');
	let child: ChildProcess | undefined;
	let url = '';
	let output = '';

	beforeAll(async () => {
		ensureBuild();
		execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'inherit' });
		// A copy of the build of its own, so the suite can remove files from it.
		cpSync(join(ROOT, 'build'), join(copy, 'build'), { recursive: true });
		symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
		const port = await freePort();
		url = `http://127.0.0.1:${port}`;
		child = spawn(process.execPath, ['build/gistboard-server.js'], {
			cwd: copy,
			env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: join(copy, 'data'), WORKSPACE_TOKEN: TEST_WORKSPACE_TOKEN },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		child.stdout!.on('data', (d) => (output += d));
		child.stderr!.on('data', (d) => (output += d));
		await waitFor(() => output.includes('Gistboard is running'), 120_000, `the server to start:\n${output}`);
	}, 180_000);

	afterAll(() => {
		child?.kill('SIGKILL');
		rmSync(copy, { recursive: true, force: true });
	});

	it('answers 404 for an asset removed since it started, and keeps serving', async () => {
		const immutable = join(copy, 'build/client/_app/immutable');
		const scripts = readdirSync(join(immutable, 'chunks')).filter((f) => f.endsWith('.js'));
		expect(scripts.length).toBeGreaterThan(1);
		const kept = await fetch(`${url}/_app/immutable/chunks/${scripts[0]}`);
		expect(kept.status).toBe(200);
		await kept.arrayBuffer();

		rmSync(immutable, { recursive: true });
		for (const method of ['GET', 'HEAD']) {
			const gone = await fetch(`${url}/_app/immutable/chunks/${scripts[1]}`, { method });
			expect(gone.status).toBe(404);
			if (method === 'GET') expect(await gone.text()).toMatch(/replaced while the server ran/);
		}
		const health = await fetch(`${url}/healthz`);
		expect(health.status).toBe(200);
		expect(child!.exitCode).toBeNull();
	});
});
