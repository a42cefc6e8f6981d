// Compiles the server entry (server/index.ts and what it imports) into one JavaScript file,
// build/gistboard-server.js, which `npm start` runs with plain `node`: no TypeScript loader in the
// production process (tsx's loader thread alone holds about 30 MB) and nothing to transpile at
// start. Packages stay external (node_modules). Files the server opens relative to its own module
// (worker scripts, SQL migrations) are copied next to the bundle, and the build fails if the
// bundle refers to one that is not there.
//
// Tests and `vite dev` keep running the TypeScript sources through tsx.
import { build } from 'esbuild';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'build');
const bundle = join(out, 'gistboard-server.js');

/** Source files and folders the server reads at run time from beside its own module. */
const ASSETS = [
	'src/lib/server/pglite.worker.js',
	'src/lib/server/pglite-init.js',
	'src/lib/server/migrations',
	'server/sync/merge.worker.js',
	'server/ts-worker.js'
];

const options = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' };
await build({ ...options, entryPoints: [join(root, 'server/index.ts')], outfile: bundle });
// Imported files and restored backups are read on worker threads (server/import-parser.ts,
// server/restore-reader.ts); their code is a bundle of its own each.
for (const name of ['import-parse', 'restore']) {
	await build({ ...options, entryPoints: [join(root, `src/lib/server/${name}.worker.ts`)], outfile: join(out, `${name}.worker.js`) });
}
for (const asset of ASSETS) cpSync(join(root, asset), join(out, asset.split('/').at(-1)), { recursive: true });

// Every `new URL('./x', import.meta.url)` in the bundle and the copied scripts must find its file.
const scripts = [bundle, ...ASSETS.filter((a) => a.endsWith('.js')).map((a) => join(out, a.split('/').at(-1)))];
const missing = scripts.flatMap((file) =>
	[...readFileSync(file, 'utf8').matchAll(/new URL\(\s*["'](\.{1,2}\/[^"']+)["']\s*,\s*import\.meta\.url\s*\)/g)]
		.map((m) => m[1])
		.filter((path) => !existsSync(join(dirname(file), path)))
);
if (missing.length) {
	console.error(`build/gistboard-server.js refers to ${missing.join(', ')}, which the build did not copy: add them to ASSETS in scripts/build-server.mjs.`);
	process.exit(1);
}
