import type { FieldValue } from '$lib/board/note';
import { DERIVED_FIELDS } from './roles';

/**
 * Questions are first-class: a note from a multi-question survey keeps the question it answers
 * in `fields.question` (the comment column's header when a file has several comment columns, or
 * the value of a column whose role is "question"). Insights, duplicates and clustering
 * suggestions work within one question unless told otherwise: "Everything." answering "What was
 * good?" is praise, answering "What could we do better?" it is not.
 */
export const QUESTION_FIELD = DERIVED_FIELDS.question;

/** The question a note answers, or null when its import had one question (or none). */
export function questionOf(note: { fields: Record<string, FieldValue> }): string | null {
	const q = note.fields[QUESTION_FIELD];
	if (q === null || q === undefined) return null;
	const text = String(q).trim();
	return text === '' ? null : text;
}

/** The questions of a set of notes with how many notes answer each, most answered first. */
export function questionsOf(notes: Iterable<{ fields: Record<string, FieldValue> }>): { question: string; count: number }[] {
	const counts = new Map<string, number>();
	for (const n of notes) {
		const q = questionOf(n);
		if (q !== null) counts.set(q, (counts.get(q) ?? 0) + 1);
	}
	return [...counts].map(([question, count]) => ({ question, count })).sort((a, b) => b.count - a.count || a.question.localeCompare(b.question));
}

/**
 * A key that is equal for two notes only when they may be compared (same question, or both
 * without one): duplicates and suggestions group by it, so praise and complaint never stack.
 */
export function questionKey(note: { fields: Record<string, FieldValue> }): string {
	return questionOf(note) ?? '';
}
