import { readdirSync } from 'node:fs';
import { access } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';

/** Names under which adapter-node's static file server looks for a request's file (sirv: precompressed, then as asked, then pages). */
const VARIANTS = ['', '.br', '.gz', '.html', '.htm'];

/**
 * The files of the build's client directory (`build/client`) as they were when the server
 * started. adapter-node's static file server lists them once, at start, and streams them from
 * disk when asked, with no handler for a failed read: a file removed since (`npm run build` while
 * the server runs replaces every hashed asset) ended the whole process with ENOENT on the next
 * request for it. `missing` lets the server answer such a request 404 instead.
 */
export class BuiltAssets {
	private constructor(
		private readonly dir: string,
		private readonly files: ReadonlySet<string>
	) {}

	/** The files under `dir` now, as URL paths (`/_app/immutable/…`); none when it does not exist. */
	static list(dir: string): BuiltAssets {
		const files = new Set<string>();
		const walk = (sub: string) => {
			for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
				const path = `${sub}/${entry.name}`;
				if (entry.isDirectory()) walk(path);
				else files.add(path);
			}
		};
		try {
			walk('');
		} catch {
			// No client directory: nothing is served from it either.
		}
		return new BuiltAssets(dir, files);
	}

	/** Whether a request's path (as the client sent it, with its query) names one of the listed files. */
	served(url: string): string | null {
		const path = pathOf(url);
		return path !== null && VARIANTS.some((v) => this.files.has(path + v)) ? path : null;
	}

	/** Whether any listed file the static server could send for `path` (from `served`) is gone from disk. */
	async missing(path: string): Promise<boolean> {
		const listed = VARIANTS.map((v) => path + v).filter((p) => this.files.has(p));
		const found = await Promise.all(listed.map((p) => access(join(this.dir, p)).then(
			() => true,
			() => false
		)));
		return found.includes(false);
	}

	get size(): number {
		return this.files.size;
	}
}

/** A request URL's path decoded as sirv decodes it, or null when it is not a path. */
function pathOf(url: string): string | null {
	let path: string;
	try {
		path = new URL(url, 'http://localhost').pathname;
	} catch {
		return null;
	}
	if (path.includes('%')) {
		try {
			path = decodeURI(path);
		} catch {
			// Served as it is, as sirv does.
		}
	}
	return path;
}

/** Answers 404 for an asset of a build the server no longer has on disk. */
export function assetGone(res: ServerResponse): void {
	const body = 'Not found: this file belongs to a build of Gistboard that was replaced while the server ran. Restart the server, then reload the page.\n';
	res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
	res.end(body);
}
