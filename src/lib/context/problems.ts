/**
 * Problems an import meets, by kind. Every problem is one row of the file; the import dialog,
 * the API answer, the imports list and the downloadable problem list all group them by kind,
 * so "796 problems" always reads as "288 dates could not be read, 200 comments are empty, …"
 * with every row one click away.
 */
import { clampText } from '../text/graphemes.ts';

export const PROBLEM_KINDS = [
	'broken-row',
	'quotes',
	'empty-row',
	'empty-comment',
	'non-answer',
	// Imports before comments were shortened skipped them: their records keep this kind.
	'comment-too-long',
	'comment-shortened',
	'value-too-long',
	'off-scale',
	'date-unreadable',
	'date-order',
	'age-unreadable',
	'birth-date-unreadable'
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** A problem with one data row. `row` is the 0-based data row in file order; `line` is the
 * row number a spreadsheet shows for it (header rows included, counting from 1). */
export interface Problem {
	row: number;
	line: number;
	kind: ProblemKind;
	message: string;
	/** The column it is about, when it is about one. */
	column?: string;
}

export const PROBLEM_LABELS: Record<ProblemKind, string> = {
	'broken-row': 'Rows with more cells than the header (skipped)',
	quotes: 'Rows with broken quotes',
	'empty-row': 'Empty rows (skipped)',
	'empty-comment': 'Empty comments (skipped)',
	'non-answer': 'Non-answers such as “N/A” or “Nothing”',
	'comment-too-long': 'Comments too long for a note (skipped)',
	'comment-shortened': 'Comments longer than a note holds (shortened)',
	'value-too-long': 'Values cut to the longest a note keeps',
	'off-scale': 'Satisfaction answers not on the scale (kept as written)',
	'date-unreadable': 'Dates that could not be read (kept as written)',
	'date-order': 'Dates that read either day first or month first',
	'age-unreadable': 'Ages that are not ages (left out)',
	'birth-date-unreadable': 'Birth dates that could not be read (left out)'
};

/** What the facilitator can do about each kind, shown under its heading. */
export const PROBLEM_ADVICE: Partial<Record<ProblemKind, string>> = {
	'broken-row': 'A quote or delimiter is probably broken in these rows: fix them in the file and import them again.',
	'empty-comment': 'Nothing to put on a note. Download them if the comment sits in another column.',
	'non-answer': 'Choose whether they are skipped, set aside in their own group, or imported like any comment.',
	'comment-too-long': 'Shorten them and import these rows again.',
	'comment-shortened': 'Each was cut to the first 4,999 characters, ending in “…”: the full text stays in the file (download the list to find the rows).',
	'off-scale': 'Mark such answers as not on the scale in the mapping, or correct the scale.',
	'date-unreadable': 'Check the date format of the column, or mark it as “Other (kept as is)”.',
	'date-order': 'The column mixes day-first and month-first dates: choose how dates such as 03/04/2022 are read.'
};

export interface ProblemGroup {
	kind: ProblemKind;
	label: string;
	count: number;
	/** Columns the problems are about, most frequent first. */
	columns: string[];
}

/** Counts per kind, in the order of `PROBLEM_KINDS`. */
export function summarizeProblems(problems: Iterable<Pick<Problem, 'kind' | 'column'>>): ProblemGroup[] {
	const counts = new Map<ProblemKind, { count: number; columns: Map<string, number> }>();
	for (const p of problems) {
		let c = counts.get(p.kind);
		if (!c) counts.set(p.kind, (c = { count: 0, columns: new Map() }));
		c.count++;
		if (p.column) c.columns.set(p.column, (c.columns.get(p.column) ?? 0) + 1);
	}
	return PROBLEM_KINDS.filter((k) => counts.has(k)).map((kind) => {
		const c = counts.get(kind)!;
		return { kind, label: PROBLEM_LABELS[kind], count: c.count, columns: [...c.columns].sort((a, b) => b[1] - a[1]).slice(0, 200).map(([n]) => clampText(n, 1000)) };
	});
}
