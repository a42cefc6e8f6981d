import { z } from 'zod';
import type { ProblemGroup } from './problems';
import { PROBLEM_KINDS } from './problems.ts';
import { ROLES, type Role } from './roles.ts';
import type { Scale } from './scale';

/**
 * What an import says about the fields it wrote on its notes: for each field key, the column it
 * came from, its role and, for satisfaction, its scale. Insights, colours, filters, tasks and
 * exports read the context of a note through the summary of the import it came from.
 */
export interface FieldContext {
	/** The column header in the file. */
	column: string;
	role: Role;
	/** What people see: the role's word for role keys, the header for other columns. */
	label: string;
	/** Satisfaction: the scale its answers are read on. */
	scale?: Scale;
	/** Whether the field is a category to colour, filter and break insights down by. */
	segment: boolean;
}

/**
 * One import as the server lists it and every client reads it (`state.imports` on the board
 * channel; `GET /api/boards/:id/imports`). Private column values are never in it.
 */
export interface ImportSummary {
	id: string;
	fileName: string;
	createdBy: string;
	/** ISO 8601. */
	createdAt: string;
	rows: number;
	notes: number;
	skipped: number;
	/** Non-answers put in their own group instead of among the comments. */
	setAside: number;
	privateColumns: string[];
	undoneAt: string | null;
	/** Its notes are still being written into the board (the list counts them as they will be). */
	importing?: boolean;
	/** Field key → its context. Private columns are left out. */
	fields: Record<string, FieldContext>;
	/** The questions this import's notes answer (several comment columns, or a question column). */
	questions: string[];
	/** Problems by kind with counts; the rows themselves are downloadable from the server. */
	problems: ProblemGroup[];
	/** How non-answers were handled. */
	nonAnswers: NonAnswerChoice;
}

/** What the facilitator chose for non-answers: leave them out, put them in their own group, or keep them. */
export const NON_ANSWER_CHOICES = ['skip', 'set-aside', 'keep'] as const;
export type NonAnswerChoice = (typeof NON_ANSWER_CHOICES)[number];

const direction = z.enum(['min', 'max']);
const answers = z.array(z.string().max(200)).max(50);

export const scaleSchema = z.union([
	z.object({
		kind: z.literal('numeric'),
		min: z.number().int().min(-1000).max(1000),
		max: z.number().int().min(-1000).max(1000),
		best: direction.default('max'),
		labels: z.record(z.string().max(20), z.string().max(200)).optional(),
		notApplicable: answers.optional()
	}),
	z.object({
		kind: z.literal('labels'),
		labels: z.array(z.string().max(200)).min(1).max(50),
		best: direction.default('max'),
		notApplicable: answers.optional()
	})
]) as unknown as z.ZodType<Scale>;

const fieldContextSchema = z.object({
	column: z.string().max(1000),
	role: z.enum(ROLES),
	label: z.string().max(1000),
	scale: scaleSchema.optional(),
	segment: z.boolean().default(false)
});

const problemGroupSchema = z.object({
	kind: z.enum(PROBLEM_KINDS),
	label: z.string().max(200),
	count: z.number().int().nonnegative(),
	columns: z.array(z.string().max(1000)).max(200).default([])
});

export const importSummarySchema = z.object({
	id: z.string().max(100),
	fileName: z.string().max(1000),
	createdBy: z.string().max(200),
	createdAt: z.string().max(40),
	rows: z.number().int().nonnegative(),
	notes: z.number().int().nonnegative(),
	skipped: z.number().int().nonnegative(),
	setAside: z.number().int().nonnegative().default(0),
	privateColumns: z.array(z.string().max(1000)).max(2000).default([]),
	undoneAt: z.string().max(40).nullable().default(null),
	importing: z.boolean().default(false),
	fields: z.record(z.string().max(1000), fieldContextSchema).default({}),
	questions: z.array(z.string().max(1000)).max(200).default([]),
	problems: z.array(problemGroupSchema).max(50).default([]),
	nonAnswers: z.enum(NON_ANSWER_CHOICES).default('keep')
}) as unknown as z.ZodType<ImportSummary>;

/**
 * Import summaries from anything that claims to hold them (the board channel, an API answer, a
 * board document written by an older version): valid ones are kept, others skipped. Records in
 * the version-1 shape (`{fileName, fields: {key: {column, role, scale}}, at, by, undone}`) are
 * read as summaries whose scales are best at their highest value, as that version assumed.
 */
export function readImportSummaries(input: unknown): ImportSummary[] {
	const entries: [string | null, unknown][] = Array.isArray(input)
		? input.map((v) => [null, v])
		: input && typeof input === 'object'
			? Object.entries(input as Record<string, unknown>)
			: [];
	const out: ImportSummary[] = [];
	for (const [id, raw] of entries) {
		const summary = importSummarySchema.safeParse(legacy(id, raw));
		if (summary.success) out.push(summary.data);
	}
	return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

function legacy(id: string | null, raw: unknown): unknown {
	if (!raw || typeof raw !== 'object') return raw;
	const r = raw as Record<string, unknown>;
	if ('createdAt' in r || !('at' in r)) return id && !('id' in r) ? { ...r, id } : r;
	const fields: Record<string, unknown> = {};
	for (const [key, f] of Object.entries((r.fields as Record<string, Record<string, unknown>>) ?? {})) {
		if (!f || typeof f !== 'object') continue;
		fields[key] = {
			column: f.column,
			role: ROLES.includes(f.role as Role) ? f.role : 'other',
			label: key,
			...(f.scale ? { scale: f.scale } : {}),
			segment: ['product', 'country', 'region', 'city', 'age', 'birthDate', 'customerStatus', 'touchpoint', 'channel'].includes(String(f.role))
		};
	}
	const undone = r.undone as { at?: number } | undefined;
	return {
		id: id ?? r.id,
		fileName: r.fileName,
		createdBy: r.by ?? 'unknown',
		createdAt: new Date(typeof r.at === 'number' ? r.at : 0).toISOString(),
		rows: r.rows ?? 0,
		notes: r.notes ?? 0,
		skipped: r.skipped ?? 0,
		undoneAt: undone?.at ? new Date(undone.at).toISOString() : null,
		fields,
		questions: [],
		problems: []
	};
}
