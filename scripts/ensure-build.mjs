// `npm start` runs the production build; on a fresh clone it builds first, so one command is enough.
// The build's own output (file sizes, hints for other workflows) means nothing to someone who just
// wants the app running: it is kept and shown only when the build fails. On a first start the
// embedded database is created at the same time as the build, in its own process.
import { existsSync, mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = ['build/handler.js', 'build/gistboard-server.js'].every((f) => existsSync(join(root, f)));

/** Runs node with `args` in the project folder; resolves with its output, rejects with it on failure. */
function node(args) {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		child.on('close', (code) => (code === 0 ? resolvePromise(output) : reject(new Error(output.trimEnd()))));
	});
}

if (!built) {
	const started = Date.now();
	// The same default as server/config.ts: the embedded database in ./data unless DATABASE_URL is set.
	const dataDir = process.env.DATABASE_URL ? null : resolve(root, process.env.DATA_DIR || 'data');
	const newDatabase = !!dataDir && !existsSync(join(dataDir, 'PG_VERSION'));
	process.stdout.write(`First start: building the app${newDatabase ? ' and creating its database' : ''} (once, a minute or more)… `);
	let database = Promise.resolve('');
	if (dataDir && newDatabase) {
		mkdirSync(dataDir, { recursive: true });
		database = node(['--liftoff-only', 'src/lib/server/pglite-init.js', dataDir]);
	}
	try {
		await node(['node_modules/vite/bin/vite.js', 'build']);
		await node(['scripts/build-server.mjs']);
	} catch (err) {
		console.log('failed.\n');
		console.error(err instanceof Error ? err.message : err);
		console.error('\nThe build failed (output above). Fix the error, or run `npm run build` to see it again.');
		process.exit(1);
	}
	// A failure here is reported again, with its cause, by the server when it opens the database.
	await database.catch(() => {});
	console.log(`done in ${Math.round((Date.now() - started) / 1000)} s.`);
}
