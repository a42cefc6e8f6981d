/**
 * Two builds of the production server take turns importing the same 10,000 rows through
 * `importThroughServer` (bench/import/through-server.ts, without a browser): a quick side-by-side
 * of the server's import path, printed as one line per import.
 *
 *     npx tsx bench/import/turns.ts <baseline app folder> [this app folder=.] [rounds=5] [port=4650]
 *
 * Each line: round, which build, ms until the other participant has every note, server CPU ms
 * (all threads), edits of a third participant seen during the import, their latency p50 and max ms.
 * Both folders must be built (`npm run build`). Round 0 warms each server up.
 */
import { resolve } from 'node:path';
import { makeImportFile } from './input.ts';
import { importThroughServer, startServer } from './through-server.ts';

const [baselineDir, appDir = '.', roundsArg = '5', portArg = '4650'] = process.argv.slice(2);
if (!baselineDir) {
	console.error('usage: turns.ts <baseline app folder> [this app folder] [rounds] [port]');
	process.exit(2);
}
const port = Number(portArg);
const { bytes } = makeImportFile(10_000);
const servers = [
	{ name: 'baseline', port, process: await startServer(resolve(baselineDir), port) },
	{ name: 'this', port: port + 2, process: await startServer(resolve(appDir), port + 2) }
];
try {
	for (let round = 0; round < Number(roundsArg); round++) {
		for (const s of servers) {
			const r = await importThroughServer(`http://127.0.0.1:${s.port}`, bytes, 9580, s.process.pid);
			console.log([round, s.name, r.other_client_ms, r.server_cpu_ms, r.edits_during_import, r.edit_p50_ms, r.edit_max_ms].join('\t'));
		}
	}
} finally {
	for (const s of servers) s.process.kill('SIGKILL');
	process.exit(0);
}
