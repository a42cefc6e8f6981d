/**
 * The app as it was at an earlier commit (by default 5b49fee, the last one with the version-1
 * board document), built once into a temporary folder and served beside the current build, so
 * that `bench:board` measures both in the same run. The folder shares this checkout's
 * node_modules; the build is kept between runs (`<tmp>/gistboard-app-<commit>`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const VERSION1_COMMIT = '5b49fee';

/** Builds `commit` (git archive + vite build) unless a build is there; returns its folder. */
export function buildBaselineApp(root: string, commit: string): string {
	const sha = execFileSync('git', ['rev-parse', '--short', commit], { cwd: root, encoding: 'utf8' }).trim();
	const dir = join(tmpdir(), `gistboard-app-${sha}`);
	if (existsSync(join(dir, 'build', 'handler.js'))) return dir;
	mkdirSync(dir, { recursive: true });
	execFileSync('sh', ['-c', `git -C "${root}" archive ${sha} | tar -x -C "${dir}"`]);
	if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
	console.log(`building the app at ${sha} in ${dir} (once)…`);
	execFileSync('sh', ['-c', 'npx svelte-kit sync >/dev/null && npx vite build >/dev/null'], { cwd: dir, stdio: 'inherit' });
	return dir;
}
