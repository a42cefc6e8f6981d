import { findDuplicates } from './duplicates';
import { buildFeatures, type Features } from './features';
import { ClusterModel } from './model';
import { QuestionModels } from './questions';
import type { WorkerAnswer, WorkerRequest } from './protocol';
import type { PolarityFields } from './sentiment';
import { sortRest } from './sort';

/**
 * Answers clustering requests; the worker runs this, and tests call it directly. The model of the
 * last set of notes is kept, so asking for coarser or finer groups, or for similar notes again,
 * skips the words, vectors and themes stages.
 */
export function createHandler(post: (answer: WorkerAnswer) => void): (request: WorkerRequest) => void {
	let cached: { key: string; model: ClusterModel } | null = null;
	let cachedFeatures: { key: string; features: Features } | null = null;
	let cachedQuestions: { key: string; models: QuestionModels } | null = null;

	/** Suggestions are made within each survey question (see `QuestionModels`). */
	function questionModelsFor(id: number, texts: string[], fields?: PolarityFields[]): QuestionModels {
		const key = fingerprint(texts, fields);
		if (cachedQuestions?.key !== key) {
			cachedQuestions = null;
			cachedQuestions = { key, models: new QuestionModels(texts, { fields, onProgress: (progress) => post({ id, type: 'progress', progress }) }) };
		}
		return cachedQuestions.models;
	}

	function modelFor(id: number, texts: string[]): ClusterModel {
		const key = fingerprint(texts);
		if (cached?.key !== key) {
			cached = null;
			const model = new ClusterModel(texts, { onProgress: (progress) => post({ id, type: 'progress', progress }) });
			cached = { key, model };
		}
		return cached.model;
	}

	/** Sorting again after accepting a few notes changes the labels, not the notes: same features. */
	function featuresFor(texts: string[]): Features {
		const key = fingerprint(texts);
		if (cachedFeatures?.key !== key) cachedFeatures = { key, features: buildFeatures(texts) };
		return cachedFeatures.features;
	}

	return (request) => {
		const { id } = request;
		try {
			switch (request.type) {
				case 'suggest': {
					const models = questionModelsFor(id, request.texts, request.fields);
					post({ id, type: 'progress', progress: { stage: 'groups', done: 0.75 } });
					post({ id, type: 'suggest', suggestion: models.suggest({ clusters: request.clusters }) });
					break;
				}
				case 'sort': {
					post({ id, type: 'progress', progress: { stage: 'words', done: 0 } });
					const features = featuresFor(request.texts);
					post({ id, type: 'progress', progress: { stage: 'themes', done: 0.5 } });
					const result = sortRest(request.texts, Int32Array.from(request.labels), request.groups, {
						features,
						minConfidence: request.minConfidence,
						onProgress: (done) => post({ id, type: 'progress', progress: { stage: done < 0.9 ? 'groups' : 'titles', done: 0.5 + done / 2 } })
					});
					post({ id, type: 'sort', result });
					break;
				}
				case 'similar': {
					const model = modelFor(id, request.texts);
					post({ id, type: 'similar', similar: model.similar(request.index, request.limit) });
					break;
				}
				case 'duplicates': {
					post({ id, type: 'duplicates', stacks: findDuplicates(request.texts, { threshold: request.threshold, questions: request.questions }) });
					break;
				}
				case 'describe': {
					const model = modelFor(id, request.texts);
					post({ id, type: 'describe', ...model.describe(request.members) });
					break;
				}
			}
		} catch (error) {
			post({ id, type: 'error', message: error instanceof Error ? error.message : String(error) });
		}
	};
}

/** A cheap identity of a list of texts and their fields (FNV-1a over all of them). */
function fingerprint(texts: string[], fields?: PolarityFields[]): string {
	let h = 0x811c9dc5;
	for (const text of fields ? [...texts, JSON.stringify(fields)] : texts) {
		for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
		h = Math.imul(h ^ 0x1f, 0x01000193);
	}
	return `${texts.length}:${(h >>> 0).toString(36)}`;
}
