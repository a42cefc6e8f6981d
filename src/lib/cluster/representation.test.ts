import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFeatures } from './features';
import { adjustPriors, logisticRegression, nearestCentroid, sparseNearestCentroid } from './fewshot';
import { ClusterModel } from './model';
import { embeddingsEndpoint, openAiEmbeddings, representationFromEnv } from './representation';
import { sortRest } from './sort';

/** A stand-in OpenAI-compatible server: a vector per text from its words (hashed bag of words). */
let server: Server;
let base = '';
const requests: { model: string; input: string[]; auth?: string }[] = [];
let answer: ((input: string[]) => unknown) | null = null;

function hashed(text: string, dims = 32): number[] {
	const v = new Array(dims).fill(0);
	for (const w of text.toLowerCase().match(/[a-z]+/g) ?? []) {
		let h = 0;
		for (const ch of w) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
		v[h % dims] += 1;
	}
	return v;
}

async function body(req: IncomingMessage): Promise<string> {
	let s = '';
	for await (const chunk of req) s += chunk;
	return s;
}

beforeAll(async () => {
	server = createServer(async (req, res) => {
		const { model, input } = JSON.parse(await body(req)) as { model: string; input: string[] };
		requests.push({ model, input, auth: req.headers.authorization });
		if (req.url !== '/v1/embeddings') return res.writeHead(404).end('not here');
		const data = answer ? answer(input) : { data: input.map((t, index) => ({ index, embedding: hashed(t) })).reverse() };
		res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(data));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const THEMES = [
	['lost bag at the airport', 'my bag was lost', 'lost bag again', 'bag lost on arrival'],
	['flight delayed two hours', 'delayed flight again', 'the flight was delayed', 'delayed and late flight']
];

describe('embeddings provider', () => {
	it('sends nothing and uses the offline representation unless EMBEDDINGS_URL is set', () => {
		expect(representationFromEnv({})).toBeNull();
		expect(representationFromEnv({ EMBEDDINGS_URL: '  ' })).toBeNull();
		expect(representationFromEnv({ EMBEDDINGS_URL: 'http://localhost:11434', EMBEDDINGS_MODEL: 'nomic-embed-text' })?.name).toBe('embeddings nomic-embed-text');
	});

	it('finds the endpoint from a base URL', () => {
		expect(embeddingsEndpoint('http://localhost:11434')).toBe('http://localhost:11434/v1/embeddings');
		expect(embeddingsEndpoint('http://localhost:8080/v1/')).toBe('http://localhost:8080/v1/embeddings');
		expect(embeddingsEndpoint('https://x.test/api/embeddings')).toBe('https://x.test/api/embeddings');
		expect(() => embeddingsEndpoint('localhost:11434')).toThrow(/not a URL|http or https/);
	});

	it('batches texts, keeps their order, sends the model and key, and gives rows of length 1', async () => {
		requests.length = 0;
		const texts = THEMES.flat();
		const rep = openAiEmbeddings({ url: base, model: 'm1', apiKey: 'k', batch: 3 });
		const x = await rep.embed(texts);
		expect(requests.map((r) => r.input.length)).toEqual([3, 3, 2]);
		expect(requests[0]).toMatchObject({ model: 'm1', auth: 'Bearer k' });
		expect(x.rows).toBe(8);
		const norm = Math.hypot(...x.data.subarray(0, x.cols));
		expect(norm).toBeCloseTo(1, 6);
		// Row 2 is the third text even though the server answered in reverse order.
		const expected = hashed(texts[2]);
		const len = Math.hypot(...expected);
		expect([...x.data.subarray(2 * x.cols, 3 * x.cols)].map((v) => Math.round(v * 1e6))).toEqual(expected.map((v) => Math.round((v / len) * 1e6)));
	});

	it('feeds sorting and suggestions', async () => {
		const texts = THEMES.flat();
		const vectors = await openAiEmbeddings({ url: base }).embed(texts);
		const labels = Int32Array.from(texts, (_, i) => (i === 0 ? 0 : i === 4 ? 1 : -1));
		const sorted = sortRest(texts, labels, 2, { vectors, minConfidence: 0 });
		for (const n of sorted.notes) expect(n.best).toBe(n.index < 4 ? 0 : 1);
		const { groups } = new ClusterModel(texts, { vectors }).suggest({ clusters: 2 });
		expect(groups.map((g) => [...g.members].sort())).toEqual(expect.arrayContaining([[0, 1, 2, 3], [4, 5, 6, 7]]));
	});

	it('sorting reads another representation at a sharper softmax than LSA (0.02)', async () => {
		const texts = THEMES.flat();
		const vectors = await openAiEmbeddings({ url: base }).embed(texts);
		const labels = Int32Array.from(texts, (_, i) => (i === 0 ? 0 : i === 4 ? 1 : -1));
		const features = buildFeatures(texts);
		const blendAt = (temperature: number) => {
			const c = nearestCentroid(vectors, labels, 2, temperature);
			const t = sparseNearestCentroid(features.matrix, labels, 2);
			const g = logisticRegression(features.matrix, labels, 2, { selfTraining: 3, addPerRound: 10, refitEpochs: 50 });
			for (let i = 0; i < c.p.length; i++) c.p[i] = (c.p[i] + t.p[i]) / 4 + g.p[i] / 2;
			return adjustPriors(c, labels, { maxRatio: 3 });
		};
		const [sharp, soft] = [blendAt(0.02), blendAt(0.05)];
		const sorted = sortRest(texts, labels, 2, { vectors, features, minConfidence: 0 });
		for (const note of sorted.notes) {
			expect(note.score).toBeCloseTo(sharp.p[note.index * 2 + note.best], 9);
			expect(Math.abs(note.score - soft.p[note.index * 2 + note.best])).toBeGreaterThan(1e-6);
		}
	});

	it('says what is wrong when the server fails or answers nonsense', async () => {
		const rep = openAiEmbeddings({ url: base });
		answer = () => ({ data: [] });
		await expect(rep.embed(['a b'])).rejects.toThrow(/sent 0 vectors for 1 texts/);
		answer = (input) => ({ data: input.map((_, index) => ({ index, embedding: [1, Number.NaN] })) });
		await expect(rep.embed(['a b'])).rejects.toThrow(/not a number/);
		answer = (input) => ({ data: input.map((_, index) => ({ index, embedding: index ? [1, 2] : [1, 2, 3] })) });
		await expect(rep.embed(['a', 'b'])).rejects.toThrow(/3 and 2 dimensions/);
		answer = null;
		await expect(openAiEmbeddings({ url: `${base}/elsewhere/embeddings` }).embed(['a'])).rejects.toThrow(/answered 404: not here/);
		await expect(openAiEmbeddings({ url: 'http://127.0.0.1:9/' }).embed(['a'])).rejects.toThrow(/did not answer/);
	});
});
