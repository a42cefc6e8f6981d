import { QUESTION_FIELD } from '../context/questions';
import { ClusterModel, type ModelOptions, type SuggestedGroup, type Suggestion, type SuggestOptions } from './model';
import type { PolarityFields } from './sentiment';

/**
 * Suggestions within a question: notes that answer different questions of a survey ("What was
 * good?", "What could we do better?") are never put in one group, since "Everything." means
 * opposite things under the two. One `ClusterModel` per question (by `fields.question`); with a
 * single question (or none) it is exactly one model over all the notes.
 */
export class QuestionModels {
	readonly parts: { question: string | null; indices: number[]; model: ClusterModel }[];
	readonly size: number;

	constructor(texts: readonly string[], options: ModelOptions = {}) {
		this.size = texts.length;
		const byQuestion = new Map<string, number[]>();
		texts.forEach((_, i) => {
			const key = questionOf(options.fields?.[i]);
			const list = byQuestion.get(key);
			if (list) list.push(i);
			else byQuestion.set(key, [i]);
		});
		const entries = [...byQuestion].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
		const progress = options.onProgress;
		let done = 0;
		this.parts = entries.map(([question, indices]) => {
			const share = indices.length / Math.max(1, texts.length);
			const start = done;
			done += share;
			const model = new ClusterModel(
				indices.map((i) => texts[i]),
				{
					...options,
					fields: options.fields ? indices.map((i) => options.fields![i]) : undefined,
					vectors: options.vectors ? pickVectors(options.vectors, indices) : undefined,
					onProgress: progress && ((p) => progress({ stage: p.stage, done: Math.min(1, start + p.done * share) }))
				}
			);
			return { question: question === '' ? null : question, indices, model };
		});
	}

	/**
	 * Groups for every question. A requested count is shared among the questions by their number
	 * of notes (each at least one); without one, each question chooses its own.
	 */
	suggest(options: SuggestOptions = {}): Suggestion & { groups: (SuggestedGroup & { question: string | null })[] } {
		if (this.parts.length === 1) {
			const [only] = this.parts;
			const s = only.model.suggest(options);
			return { ...s, groups: s.groups.map((g) => ({ ...g, question: only.question })) };
		}
		const groups: (SuggestedGroup & { question: string | null })[] = [];
		const unclustered: number[] = [];
		let min = 0;
		let max = 0;
		for (const part of this.parts) {
			const share = part.indices.length / Math.max(1, this.size);
			const clusters = options.clusters ? Math.max(1, Math.round(options.clusters * share)) : undefined;
			const s = part.model.suggest({ ...options, clusters });
			min += s.range.min;
			max += s.range.max;
			for (const g of s.groups) groups.push({ ...g, members: g.members.map((i) => part.indices[i]), question: part.question });
			for (const i of s.unclustered) unclustered.push(part.indices[i]);
		}
		groups.sort((a, b) => b.members.length - a.members.length);
		unclustered.sort((a, b) => a - b);
		return { groups, unclustered, clusters: groups.length, range: { min: Math.max(1, min), max } };
	}
}

function questionOf(fields: PolarityFields): string {
	const q = fields?.[QUESTION_FIELD];
	return q === null || q === undefined ? '' : String(q).trim();
}

function pickVectors(x: { rows: number; cols: number; data: Float64Array }, rows: number[]) {
	const data = new Float64Array(rows.length * x.cols);
	rows.forEach((r, i) => data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), i * x.cols));
	return { rows: rows.length, cols: x.cols, data };
}
