import type { FieldValue } from '$lib/board';
import { BoardContext, SATISFACTION_KEY, type ContextNote } from '$lib/context/board';
import { questionKey } from '$lib/context/questions';
import { DERIVED_FIELDS } from '$lib/context/roles';
import { shortLabel } from '$lib/context/label';
import { answerLevel, isNps, npsCategory, parseNumber, scaleValues, valueLabel, type Level, type Scale } from '$lib/context/scale';
import { ALPHA, standOut, MIN_LIFT, MIN_SHARE_GAP, MIN_STANDOUT_NOTES } from '$lib/context/stats';
import type { ImportSummary } from '$lib/context/summary';
import { tokens } from './text';
import { effectiveParents } from '$lib/board/tree';

/** A note as insights read it: its content, its customer context and the group it counts in. */
export interface InsightNote extends ContextNote {
	groupId: string | null;
}

export interface InsightGroup {
	id: string;
	label: string;
	parentId: string | null;
}

export interface AnswerCount {
	/** The value as notes keep it. */
	value: string;
	/** What people read: "1 · Very good" on a labelled scale. */
	display: string;
	level: Level;
	count: number;
	/** Share of the group's notes that answered. */
	share: number;
	/** Share of the board's notes (of the same questions) that answered. */
	boardShare: number;
}

export interface SatisfactionBreakdown {
	field: string;
	label: string;
	scale: Scale | null;
	/** Notes with an answer, on the scale or not. */
	answered: number;
	dissatisfied: number;
	neutral: number;
	satisfied: number;
	/** Answers that are not on the scale ("Don't know", 6 and 7 on a 1-5 question). */
	notApplicable: number;
	/** Every value of the scale, worst first, then the answers not on it. */
	answers: AnswerCount[];
	/** On a 0-10 Net Promoter scale: its groups and score (% promoters − % detractors, -100..100). */
	nps: NpsSummary | null;
}

/** A Net Promoter breakdown: answers 9-10, 7-8 and 0-6, and the score in points (-100..100, rounded). */
export interface NpsSummary {
	promoters: number;
	passives: number;
	detractors: number;
	score: number;
}

export interface SegmentRow {
	value: string;
	display: string;
	count: number;
	share: number;
	boardCount: number;
	boardShare: number;
	/** Group share / rest-of-board share. */
	lift: number;
	/** Holm-adjusted one-sided Fisher exact p-value. */
	adjustedP: number;
	standsOut: boolean;
}

export interface SegmentBreakdown {
	field: string;
	label: string;
	answered: number;
	rows: SegmentRow[];
}

/** One value a group has much more of than the rest of the board, with the counts behind it. */
export interface StandOut {
	field: string;
	label: string;
	value: string;
	display: string;
	count: number;
	answered: number;
	share: number;
	boardCount: number;
	boardAnswered: number;
	boardShare: number;
	lift: number;
	adjustedP: number;
}

export interface Quote {
	noteId: string;
	text: string;
	fields: Record<string, FieldValue>;
}

export interface GroupInsights {
	groupId: string;
	label: string;
	noteCount: number;
	/** Share of the notes of the board (of the same questions). */
	share: number;
	noteIds: string[];
	/** The questions the group's notes answer; its comparisons are with the board's notes of these. */
	questions: string[];
	/** The `satisfaction` field (an import's first scale column). */
	satisfaction: SatisfactionBreakdown | null;
	/** Every field read on a scale, `satisfaction` first: one breakdown each, on its own scale. */
	scales: SatisfactionBreakdown[];
	segments: SegmentBreakdown[];
	/** What stands out, most significant first. */
	standOut: StandOut[];
	quotes: Quote[];
}

export interface BoardSummary {
	noteCount: number;
	groupedCount: number;
	ungroupedCount: number;
	satisfaction: SatisfactionBreakdown | null;
	scales: SatisfactionBreakdown[];
	segments: SegmentBreakdown[];
	/** Top-level groups, largest first. */
	groups: GroupInsights[];
	/** The board's questions with how many notes answer each. */
	questions: { question: string; count: number }[];
}

export interface InsightOptions {
	/** Only these fields are read (private columns are left out by passing the others). */
	hiddenFields?: ReadonlySet<string>;
	/** Look at one question only; `null` for notes without a question. Absent: all questions. */
	question?: string | null;
	/**
	 * Compare each group with the notes of the questions it answers (default), or with the whole
	 * board ("told otherwise").
	 */
	acrossQuestions?: boolean;
}

/** How the test and thresholds behind "Stands out" are described to people. */
export const STANDOUT_METHOD = `one-sided Fisher exact test against the rest of the board, Holm-adjusted p < ${ALPHA} within each group; at least ${MIN_STANDOUT_NOTES} comments, ${MIN_LIFT}× as common and ${Math.round(MIN_SHARE_GAP * 100)} points more`;

/**
 * A note's text never changes, so its words are worked out once per note and kept: the panel
 * rebuilds insights after every edit, and re-tokenising thousands of notes each time would lag.
 */
const tokenCache = new Map<string, { text: string; tokens: string[] }>();
const TOKEN_CACHE_MAX = 100_000;
function noteTokens(note: InsightNote): string[] {
	const hit = tokenCache.get(note.id);
	if (hit && hit.text === note.text) return hit.tokens;
	const toks = [...new Set(tokens(note.text))];
	if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
	tokenCache.set(note.id, { text: note.text, tokens: toks });
	return toks;
}

const groupLabel = (g: InsightGroup) => g.label.trim() || 'Untitled group';

type Counts = Map<string, Map<string, number>>;

/**
 * Insights over one board: satisfaction on each note's own scale (its import's direction,
 * labels and non-scale answers), a breakdown by every segment column, and what stands out in each
 * group compared with the rest of the board. Board-wide counts are kept per question, and each
 * group is compared with the notes of the questions it answers (see `InsightOptions`). Notes in
 * nested groups count for every group above them. A pure function of notes, groups and import
 * summaries.
 */
export class BoardInsights {
	readonly context: BoardContext;
	readonly notes: InsightNote[];
	private readonly groups: Map<string, InsightGroup>;
	private readonly children = new Map<string, string[]>();
	private readonly topLevel: string[] = [];
	private readonly segmentFields: { key: string; label: string }[];
	/** Fields read on a scale, `satisfaction` first (absent when hidden). */
	private readonly scaleFields: { key: string; label: string }[];
	/** question → field → value → count; the satisfaction field included. */
	private readonly byQuestion = new Map<string, Counts>();
	private readonly answeredByQuestion = new Map<string, Map<string, number>>();
	private readonly notesByQuestion = new Map<string, number>();
	private readonly docFreq = new Map<string, number>();
	private readonly acrossQuestions: boolean;
	private readonly satHidden: boolean;

	constructor(notes: InsightNote[], groups: InsightGroup[], imports: ImportSummary[] | BoardContext = [], opts: InsightOptions = {}) {
		this.context = imports instanceof BoardContext ? imports : new BoardContext(imports);
		const hidden = opts.hiddenFields ?? new Set<string>();
		this.notes = notes.filter((n) => opts.question === undefined || (questionKey(n) || null) === opts.question);
		this.acrossQuestions = opts.acrossQuestions ?? false;
		this.context.observeFallback(this.notes);
		this.groups = new Map(groups.map((g) => [g.id, g]));
		// The tree every reader draws: a group that is its own parent, or in a loop of parents, counts
		// at the top level instead of nowhere.
		for (const [id, parent] of effectiveParents(groups)) {
			if (parent === null) this.topLevel.push(id);
			else this.children.set(parent, [...(this.children.get(parent) ?? []), id]);
		}
		const keys = new Set<string>();
		for (const n of this.notes) for (const k of Object.keys(n.fields)) keys.add(k);
		this.scaleFields = this.context
			.scaleKeys(keys)
			.filter((k) => !hidden.has(k))
			.map((key) => ({ key, label: this.context.label(key) }));
		const scaleKeys = new Set(this.context.scaleKeys(keys));
		// With several scales the NPS column is summarised as its own scale (score, promoters,
		// passives, detractors): its NPS group as a segment would repeat those counts.
		if (this.scaleFields.length > 1) scaleKeys.add(DERIVED_FIELDS.nps);
		this.segmentFields = [...keys]
			.filter((k) => !hidden.has(k) && !scaleKeys.has(k) && this.context.isSegment(k))
			.map((key) => ({ key, label: this.context.label(key) }))
			.sort((a, b) => a.label.localeCompare(b.label));
		const satHidden = hidden.has(SATISFACTION_KEY);
		for (const note of this.notes) {
			const q = this.questionOf(note);
			this.notesByQuestion.set(q, (this.notesByQuestion.get(q) ?? 0) + 1);
			const counts = this.byQuestion.get(q) ?? new Map();
			this.byQuestion.set(q, counts);
			const answered = this.answeredByQuestion.get(q) ?? new Map<string, number>();
			this.answeredByQuestion.set(q, answered);
			const fieldsToCount = [...this.scaleFields, ...this.segmentFields].map((f) => f.key);
			for (const key of fieldsToCount) {
				const value = valueOf(note.fields[key]);
				if (value === null) continue;
				const m = counts.get(key) ?? new Map<string, number>();
				m.set(value, (m.get(value) ?? 0) + 1);
				counts.set(key, m);
				answered.set(key, (answered.get(key) ?? 0) + 1);
			}
			for (const t of noteTokens(note)) this.docFreq.set(t, (this.docFreq.get(t) ?? 0) + 1);
		}
		this.satHidden = satHidden;
	}

	private questionOf(note: InsightNote): string {
		return this.acrossQuestions ? '' : questionKey(note);
	}

	get noteCount(): number {
		return this.notes.length;
	}

	/** The segment columns of the board, with their labels. */
	get segmentColumns(): { key: string; label: string }[] {
		return this.segmentFields;
	}

	/** The group and every group nested inside it. */
	private subtree(groupId: string): Set<string> {
		const ids = new Set<string>([groupId]);
		const stack = [groupId];
		while (stack.length) {
			for (const child of this.children.get(stack.pop()!) ?? []) {
				if (!ids.has(child)) {
					ids.add(child);
					stack.push(child);
				}
			}
		}
		return ids;
	}

	notesOf(groupId: string): InsightNote[] {
		const ids = this.subtree(groupId);
		return this.notes.filter((n) => n.groupId !== null && ids.has(n.groupId));
	}

	isDissatisfied(note: Pick<InsightNote, 'source' | 'fields'>): boolean {
		return !this.satHidden && this.context.isDissatisfied(note);
	}

	/** Board counts over a set of questions. */
	private board(questions: string[]): { counts: Counts; answered: Map<string, number>; notes: number } {
		if (questions.length === 1) {
			return { counts: this.byQuestion.get(questions[0]) ?? new Map(), answered: this.answeredByQuestion.get(questions[0]) ?? new Map(), notes: this.notesByQuestion.get(questions[0]) ?? 0 };
		}
		const counts: Counts = new Map();
		const answered = new Map<string, number>();
		let notes = 0;
		for (const q of questions) {
			notes += this.notesByQuestion.get(q) ?? 0;
			for (const [field, m] of this.byQuestion.get(q) ?? []) {
				const into = counts.get(field) ?? new Map<string, number>();
				for (const [v, c] of m) into.set(v, (into.get(v) ?? 0) + c);
				counts.set(field, into);
			}
			for (const [field, c] of this.answeredByQuestion.get(q) ?? []) answered.set(field, (answered.get(field) ?? 0) + c);
		}
		return { counts, answered, notes };
	}

	private questionsOf(notes: InsightNote[]): string[] {
		const qs = new Set<string>();
		for (const n of notes) qs.add(this.questionOf(n));
		return qs.size ? [...qs] : [''];
	}

	/** Every scale field of the notes, each on its own scale (see `satisfactionOf`); those nobody answered left out. */
	scalesOf(notes: InsightNote[], questions = this.questionsOf(notes)): SatisfactionBreakdown[] {
		const out: SatisfactionBreakdown[] = [];
		for (const f of this.scaleFields) {
			const b = this.satisfactionOf(notes, questions, f.key);
			if (b) out.push(b);
		}
		return out;
	}

	/**
	 * The answers of one scale field (`satisfaction` unless told) among `notes`, each note read on
	 * its own import's scale: counts per answer here and on the board, the three levels and, on a
	 * 0-10 Net Promoter scale, its groups and score. Null when the field is hidden or nobody on
	 * the board answered it and it has no scale.
	 */
	satisfactionOf(notes: InsightNote[], questions = this.questionsOf(notes), key = SATISFACTION_KEY): SatisfactionBreakdown | null {
		if (!this.scaleFields.some((f) => f.key === key)) return null;
		const scale = this.context.scaleOf({ source: null }, key);
		const board = this.board(questions);
		const boardCounts = board.counts.get(key);
		if (!scale && !boardCounts?.size) return null;
		const counts = new Map<string, number>();
		const levels: Record<Level, number> = { dissatisfied: 0, neutral: 0, satisfied: 0, notApplicable: 0, offScale: 0 };
		const nps = { promoters: 0, passives: 0, detractors: 0 };
		for (const n of notes) {
			const value = valueOf(n.fields[key]);
			if (value === null) continue;
			counts.set(value, (counts.get(value) ?? 0) + 1);
			const level = this.context.levelOf(n, key) ?? 'offScale';
			levels[level]++;
			const own = this.context.scaleOf(n, key);
			const number = parseNumber(value);
			if (own && isNps(own) && number !== null && level !== 'notApplicable' && level !== 'offScale') {
				const c = npsCategory(number);
				if (c === 'promoter') nps.promoters++;
				else if (c === 'passive') nps.passives++;
				else nps.detractors++;
			}
		}
		const answered = [...counts.values()].reduce((a, b) => a + b, 0);
		const boardAnswered = board.answered.get(key) ?? 0;
		const onNps = nps.promoters + nps.passives + nps.detractors;
		const order = scale ? scaleValues(scale).map((v) => v.value) : [];
		const seen = new Set(order.map((v) => v.toLowerCase()));
		const extra = [...new Set([...counts.keys(), ...(boardCounts?.keys() ?? [])])].filter((v) => !seen.has(v.toLowerCase())).sort();
		const countOf = (m: Map<string, number> | undefined, v: string) => {
			if (!m) return 0;
			let c = m.get(v) ?? 0;
			if (c === 0) for (const [k, n] of m) if (k.toLowerCase() === v.toLowerCase()) c += n;
			return c;
		};
		return {
			field: key,
			label: this.context.label(key),
			scale,
			answered,
			dissatisfied: levels.dissatisfied,
			neutral: levels.neutral,
			satisfied: levels.satisfied,
			notApplicable: levels.notApplicable + levels.offScale,
			answers: [...order, ...extra].map((value) => {
				const count = countOf(counts, value);
				return {
					value,
					display: valueLabel(scale, value),
					level: scale ? answerLevel(scale, value) : 'offScale',
					count,
					share: answered ? count / answered : 0,
					boardShare: boardAnswered ? countOf(boardCounts, value) / boardAnswered : 0
				};
			}),
			nps: scale && isNps(scale) ? { ...nps, score: onNps ? Math.round(((nps.promoters - nps.detractors) / onNps) * 100) : 0 } : null
		};
	}

	/** Every segment column of the notes, each value with its share here and on the board, tested. */
	segmentsOf(notes: InsightNote[], questions = this.questionsOf(notes)): { segments: SegmentBreakdown[]; standOut: StandOut[] } {
		const board = this.board(questions);
		const fields = [...this.scaleFields, ...this.segmentFields];
		const scaleKeys = new Set(this.scaleFields.map((f) => f.key));
		const candidates: { field: { key: string; label: string }; value: string; count: number; answered: number; boardCount: number; boardAnswered: number }[] = [];
		const breakdowns: SegmentBreakdown[] = [];
		for (const field of fields) {
			const counts = new Map<string, number>();
			for (const n of notes) {
				const value = valueOf(n.fields[field.key]);
				if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
			}
			const answered = [...counts.values()].reduce((a, b) => a + b, 0);
			const boardAnswered = board.answered.get(field.key) ?? 0;
			for (const [value, count] of counts) {
				candidates.push({ field, value, count, answered, boardCount: board.counts.get(field.key)?.get(value) ?? 0, boardAnswered });
			}
			if (!scaleKeys.has(field.key) && answered > 0) breakdowns.push({ field: field.key, label: field.label, answered, rows: [] });
		}
		const tested = standOut(candidates);
		const rowsByField = new Map<string, SegmentRow[]>();
		const out: StandOut[] = [];
		candidates.forEach((c, i) => {
			const t = tested[i];
			const share = c.answered ? c.count / c.answered : 0;
			const boardShare = c.boardAnswered ? c.boardCount / c.boardAnswered : 0;
			const display = this.context.display(c.field.key, c.value);
			if (!scaleKeys.has(c.field.key)) {
				const rows = rowsByField.get(c.field.key) ?? [];
				rows.push({ value: c.value, display, count: c.count, share, boardCount: c.boardCount, boardShare, lift: t.lift, adjustedP: t.adjustedP, standsOut: t.standsOut });
				rowsByField.set(c.field.key, rows);
			}
			if (t.standsOut) {
				out.push({ field: c.field.key, label: c.field.label, value: c.value, display, count: c.count, answered: c.answered, share, boardCount: c.boardCount, boardAnswered: c.boardAnswered, boardShare, lift: t.lift, adjustedP: t.adjustedP });
			}
		});
		for (const b of breakdowns) {
			b.rows = (rowsByField.get(b.field) ?? []).sort((x, y) => y.count - x.count || y.lift - x.lift || x.value.localeCompare(y.value));
		}
		out.sort((a, b) => a.adjustedP - b.adjustedP || b.lift - a.lift);
		return { segments: breakdowns, standOut: out };
	}

	/**
	 * The comments that say most of what the group says: each note scores the words it shares
	 * with the rest of the group, weighted by how particular those words are to the group.
	 */
	quotesOf(notes: InsightNote[], count = 3): Quote[] {
		if (notes.length === 0) return [];
		const inGroup = new Map<string, number>();
		for (const n of notes) for (const t of noteTokens(n)) inGroup.set(t, (inGroup.get(t) ?? 0) + 1);
		const total = Math.max(1, this.notes.length);
		const weight = (t: string) => {
			const g = inGroup.get(t) ?? 0;
			if (g < 2 && notes.length > 1) return 0;
			return (g / notes.length) * Math.log(1 + total / (this.docFreq.get(t) ?? 1));
		};
		const scored = notes.map((n) => {
			const toks = noteTokens(n);
			const sum = toks.reduce((s, t) => s + weight(t), 0);
			const length = n.text.trim().length;
			const readable = length < 25 ? 0.5 : length > 400 ? 0.8 : 1;
			return { n, score: (toks.length ? sum / Math.sqrt(toks.length) : 0) * readable };
		});
		scored.sort((a, b) => b.score - a.score || a.n.id.localeCompare(b.n.id));
		const quotes: Quote[] = [];
		const seen = new Set<string>();
		for (const { n } of scored) {
			const key = n.text.trim().toLowerCase();
			if (key === '' || seen.has(key)) continue;
			seen.add(key);
			quotes.push({ noteId: n.id, text: n.text.trim(), fields: n.fields });
			if (quotes.length === count) break;
		}
		return quotes;
	}

	group(groupId: string, quoteCount = 3): GroupInsights | null {
		const group = this.groups.get(groupId);
		if (!group) return null;
		const notes = this.notesOf(groupId);
		const questions = this.questionsOf(notes);
		const { segments, standOut } = this.segmentsOf(notes, questions);
		const base = this.board(questions).notes;
		const scales = this.scalesOf(notes, questions);
		return {
			groupId,
			label: groupLabel(group),
			noteCount: notes.length,
			share: base ? notes.length / base : 0,
			noteIds: notes.map((n) => n.id),
			questions: questions.filter(Boolean),
			satisfaction: scales.find((b) => b.field === SATISFACTION_KEY) ?? null,
			scales,
			segments,
			standOut,
			quotes: this.quotesOf(notes, quoteCount)
		};
	}

	summary(): BoardSummary {
		const grouped = this.notes.filter((n) => n.groupId !== null && this.groups.has(n.groupId)).length;
		const groups = this.topLevel
			.map((id) => this.group(id)!)
			.filter((g) => g.noteCount > 0)
			.sort((a, b) => b.noteCount - a.noteCount || a.label.localeCompare(b.label));
		const all = [...this.byQuestion.keys()];
		const questions = [...this.notesByQuestion]
			.filter(([q]) => q !== '')
			.map(([question, count]) => ({ question, count }))
			.sort((a, b) => b.count - a.count || a.question.localeCompare(b.question));
		const scales = this.scalesOf(this.notes, all);
		return {
			noteCount: this.notes.length,
			groupedCount: grouped,
			ungroupedCount: this.notes.length - grouped,
			satisfaction: scales.find((b) => b.field === SATISFACTION_KEY) ?? null,
			scales,
			segments: this.segmentsOf(this.notes, all).segments,
			groups,
			questions
		};
	}
}

function valueOf(raw: FieldValue | undefined): string | null {
	if (raw === null || raw === undefined) return null;
	const text = String(raw).replace(/\u00a0/g, ' ').trim();
	return text === '' ? null : text;
}

/**
 * A share (0..1) as people read it, in whole percent: "31%". A share that is not nothing but
 * rounds to 0% reads "<1%", and one that is not all but rounds to 100% reads ">99%", so one
 * comment out of thousands is never "0% of the board".
 */
export function percent(share: number): string {
	const whole = Math.round(share * 100);
	if (whole === 0 && share > 0) return '<1%';
	if (whole === 100 && share < 1) return '>99%';
	return `${whole}%`;
}

/**
 * How a scale's answers split, in words: "NPS −43: 1 promoter, 2 passives, 4 detractors" on a
 * 0-10 Net Promoter scale, "4 dissatisfied, 1 neutral, 2 satisfied" on any other (each answer
 * read by its own scale's direction), with ", 1 not on the scale" when some answers are not on it.
 */
export function describeLevels(b: Pick<SatisfactionBreakdown, 'dissatisfied' | 'neutral' | 'satisfied' | 'notApplicable' | 'nps'>): string {
	const na = b.notApplicable ? `, ${b.notApplicable} not on the scale` : '';
	if (b.nps) {
		const { promoters: p, passives: m, detractors: d, score } = b.nps;
		const signed = score > 0 ? `+${score}` : score < 0 ? `−${-score}` : '0';
		return `NPS ${signed}: ${p} promoter${p === 1 ? '' : 's'}, ${m} passive${m === 1 ? '' : 's'}, ${d} detractor${d === 1 ? '' : 's'}${na}`;
	}
	return `${b.dissatisfied} dissatisfied, ${b.neutral} neutral, ${b.satisfied} satisfied${na}`;
}

/** "p < 0.001" / "p = 0.012" for reports. */
export function formatP(p: number): string {
	return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** One "Dissatisfied" column of the groups table: the scale it counts, its header and its full name. */
export interface DissatisfiedColumn {
	field: string;
	/** "Dissatisfied" with one scale; "Rating: dissatisfied", "Likelihood to recommend: detractors" with several. */
	header: string;
	/** The full name for the tooltip ("Rating (1 = excellent, 5 = poor): dissatisfied"); empty with one scale. */
	title: string;
}

/**
 * The "Dissatisfied" columns of a table of groups: one for a board with one scale (or none), as it
 * always was, and one per scale with several, each named by its scale (an NPS one counts its
 * detractors, which are its dissatisfied answers).
 */
export function dissatisfiedColumns(scales: Pick<SatisfactionBreakdown, 'field' | 'label' | 'nps'>[]): DissatisfiedColumn[] {
	if (scales.length <= 1) return [{ field: scales[0]?.field ?? SATISFACTION_KEY, header: 'Dissatisfied', title: '' }];
	return scales.map((s) => {
		const what = s.nps ? 'detractors' : 'dissatisfied';
		return { field: s.field, header: `${shortLabel(s.label)}: ${what}`, title: `${s.label}: ${what}` };
	});
}

/** A group's count for one `dissatisfiedColumns` column, or null when the group has no answers on that scale. */
export function dissatisfiedIn(group: Pick<GroupInsights, 'satisfaction' | 'scales'>, field: string): number | null {
	const sat = (group.scales ?? []).find((s) => s.field === field) ?? (field === SATISFACTION_KEY ? group.satisfaction : null);
	return sat ? sat.dissatisfied : null;
}
