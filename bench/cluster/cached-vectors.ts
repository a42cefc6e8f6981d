/**
 * Vectors from an embeddings provider for a benchmark set, kept in the system's temporary folder
 * between runs (keyed by the provider's name and the texts), with the time the provider took.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Representation } from '../../src/lib/cluster/representation';
import type { Dense } from '../../src/lib/cluster/svd';

export interface Timed {
	vectors: Dense;
	/** Wall and CPU (user + system) milliseconds the provider took, model load included; null when read from the cache. */
	ms: number | null;
	cpuMs: number | null;
}

/**
 * The provider's vectors for `texts`: from the cache when the same provider embedded the same
 * texts before, else computed (and cached as 32-bit floats, which changes no figure of the
 * benchmarks at three decimals). Prints one line to stderr saying which and how long.
 */
export async function cachedVectors(representation: Representation, texts: readonly string[], label: string): Promise<Timed> {
	const dir = join(os.tmpdir(), 'gistboard-embeddings-cache');
	const key = createHash('sha256').update(representation.name).update('\u0001').update(texts.join('\u0000')).digest('hex').slice(0, 24);
	const file = join(dir, `${key}.f32`);
	if (existsSync(file)) {
		const data = Float64Array.from(new Float32Array(readFileSync(file).buffer.slice(0)));
		console.error(`${label}: vectors from the cache (${file})`);
		return { vectors: { rows: texts.length, cols: data.length / Math.max(1, texts.length), data }, ms: null, cpuMs: null };
	}
	const start = performance.now();
	const cpu = process.cpuUsage();
	const vectors = await representation.embed(texts);
	const ms = performance.now() - start;
	const used = process.cpuUsage(cpu);
	const cpuMs = (used.user + used.system) / 1000;
	const per1000 = (x: number) => ((x / texts.length) * 1000) / 1000;
	console.error(
		`${label}: ${texts.length} notes embedded (${representation.name}) in ${(ms / 1000).toFixed(1)} s wall, ${(cpuMs / 1000).toFixed(1)} s CPU: ` +
			`${per1000(ms).toFixed(1)} s wall and ${per1000(cpuMs).toFixed(1)} s CPU per 1,000 notes (load average ${os.loadavg()[0].toFixed(1)})`
	);
	mkdirSync(dir, { recursive: true });
	writeFileSync(file, new Uint8Array(Float32Array.from(vectors.data).buffer));
	return { vectors, ms, cpuMs };
}
