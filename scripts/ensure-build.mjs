// `npm start` runs the production build; on a fresh clone it builds first, so one command is enough.
// The build's own output (file sizes, hints for other workflows) means nothing to someone who just
// wants the app running: it is kept and shown only when the build fails.
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

if (!existsSync(new URL('../build/handler.js', import.meta.url))) {
	process.stdout.write('First start: building the app (about 30 s on a laptop, once)… ');
	const started = Date.now();
	const child = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, FORCE_COLOR: '0' }
	});
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const code = await new Promise((resolve) => child.on('close', resolve));
	if (code !== 0) {
		console.log('failed.\n');
		console.error(output.trimEnd());
		console.error('\nThe build failed (output above). Fix the error, or run `npm run build` to see it again.');
		process.exit(1);
	}
	console.log(`done in ${Math.round((Date.now() - started) / 1000)} s.`);
}
