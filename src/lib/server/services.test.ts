import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SERVER = join(ROOT, 'server');

function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sources(path);
		return /\.(ts|js|svelte)$/.test(entry.name) && !entry.name.includes('.test.') ? [path] : [];
	});
}

/** Modules a file imports at run time (`import type` is erased and does not count), resolved. */
function runtimeImports(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const found: string[] = [];
	for (const m of text.matchAll(/(?:^|\n)\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
		if (m[2]) continue;
		const spec = m[3] ?? m[4];
		if (spec.startsWith('.')) found.push(resolve(join(file, '..'), spec));
	}
	return found;
}

describe('the dependency rule (DESIGN.md "Architecture")', () => {
	it('no page, component or library module imports the sync server or the process entry (server/)', () => {
		const offenders = sources(join(ROOT, 'src')).flatMap((file) =>
			runtimeImports(file)
				.filter((target) => target.startsWith(SERVER + '/'))
				.map((target) => `${relative(ROOT, file)} -> ${relative(ROOT, target)}`)
		);
		expect(offenders).toEqual([]);
	});
});
