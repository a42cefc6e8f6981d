/**
 * Installs the baseline servers of `bench:sync` (bench/baselines/package.json) from their own
 * lockfile when they are missing or at another version, so that the app's `npm ci` never fetches
 * them. Throws with npm's own message when the install fails (for example offline with an empty
 * npm cache).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const BASELINES_DIR = import.meta.dirname;

function installedVersion(name: string): string | null {
	const manifest = join(BASELINES_DIR, 'node_modules', name, 'package.json');
	return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')).version as string) : null;
}

/** True when every dependency of bench/baselines is installed at the version its package.json pins. */
export function baselinesInstalled(): boolean {
	const wanted = JSON.parse(readFileSync(join(BASELINES_DIR, 'package.json'), 'utf8')).dependencies as Record<string, string>;
	return Object.entries(wanted).every(([name, version]) => installedVersion(name) === version);
}

export function ensureBaselines(): void {
	if (baselinesInstalled()) return;
	console.log('Installing the baseline servers (Hocuspocus, @y/websocket-server) into bench/baselines, once…');
	execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
		cwd: BASELINES_DIR,
		stdio: ['ignore', 'ignore', 'inherit']
	});
	if (!baselinesInstalled()) throw new Error('npm ci in bench/baselines finished but the baseline servers are not there; run `npm ci --prefix bench/baselines` to see why');
}
