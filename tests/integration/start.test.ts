import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createBoard, synced } from './helpers/clients';
import { ensureBuild, startServer, tempDir, type RunningServer } from './helpers/server';

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
