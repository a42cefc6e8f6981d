import type { FieldValue } from '$lib/board/note';
import { BoardContext, SATISFACTION_KEY } from '$lib/context/board';
import { HIDDEN_FIELD_KEYS, fieldLabel as contextLabel } from '$lib/context/roles';
import { scalePosition, scaleValues } from '$lib/context/scale';

/**
 * Colour-by and filters over the customer context on notes. Every distinct answer stays its own
 * value: "satisfied" and "very satisfied" are never merged. Which columns are offered, what they
 * are called, the order of their values and the satisfaction colours all come from the board's
 * customer context (`BoardContext`): a scale whose best answer is 1 is green at 1.
 */
export const BLANK = '(blank)';

export const SATISFACTION_FIELD = SATISFACTION_KEY;
export const STATUS_FIELD = 'customerStatus';

/** A field key as people read it, when no board context is at hand. */
export function fieldLabel(column: string): string {
	return contextLabel(column);
}

export function valueKey(v: FieldValue | undefined): string {
	if (v === null || v === undefined) return BLANK;
	const s = String(v).trim();
	return s === '' ? BLANK : s;
}

export interface FacetValue {
	value: string;
	count: number;
	/** What people read: "1 · Very good" on a labelled scale, the value otherwise. */
	display?: string;
}

export interface Column {
	name: string;
	label: string;
	values: FacetValue[];
}

const MAX_VALUES = 60;

/**
 * The columns notes can be coloured and filtered by, with their values in display order:
 * satisfaction first (on its scale), then the segment columns the imports describe, then other
 * columns the board's notes carry with few enough distinct values to be categories. Bookkeeping
 * keys (`satisfactionRank`, raw `age`) are never offered.
 */
export function columnsOf(notes: Iterable<{ fields: Record<string, FieldValue>; source?: { importId: string; row: number } | null }>, context = new BoardContext()): Column[] {
	const list = [...notes];
	// Answers of notes no import describes are read on a scale detected from them.
	context.observeFallback(list.map((n) => ({ fields: n.fields, source: n.source ?? null })));
	const counts = new Map<string, Map<string, number>>();
	for (const n of list) {
		for (const [k, v] of Object.entries(n.fields)) {
			let m = counts.get(k);
			if (!m) counts.set(k, (m = new Map()));
			const key = valueKey(v);
			m.set(key, (m.get(key) ?? 0) + 1);
		}
	}
	return columnsOfCounts(counts, context);
}

/** How many answers `columnsFromCounts` gives the board context to detect a scale from (as `observeFallback` reads at most). */
const FALLBACK_SAMPLE = 5000;

/**
 * `columnsOf` from value counts kept elsewhere (`BoardView.fieldCounts`: field key -> `valueKey`
 * -> notes), without a pass over the notes: O(distinct values). The board context detects the
 * fallback satisfaction scale from the counted answers (each value in proportion to its count,
 * at most 5,000 in all), for notes whose import it does not know.
 */
export function columnsFromCounts(counts: ReadonlyMap<string, ReadonlyMap<string, number>>, context = new BoardContext()): Column[] {
	const sat = counts.get(SATISFACTION_FIELD);
	const answers: { fields: Record<string, FieldValue>; source: null }[] = [];
	if (sat) {
		let total = 0;
		for (const [value, n] of sat) if (value !== BLANK) total += n;
		const share = total > FALLBACK_SAMPLE ? FALLBACK_SAMPLE / total : 1;
		for (const [value, n] of sat) {
			if (value === BLANK) continue;
			const note = { fields: { [SATISFACTION_FIELD]: value }, source: null };
			for (let i = Math.max(1, Math.round(n * share)); i > 0; i--) answers.push(note);
		}
	}
	context.observeFallback(answers);
	return columnsOfCounts(counts, context);
}

function columnsOfCounts(counts: ReadonlyMap<string, ReadonlyMap<string, number>>, context: BoardContext): Column[] {
	const cols: (Column & { rank: number })[] = [];
	for (const [name, m] of counts) {
		if (HIDDEN_FIELD_KEYS.has(name)) continue;
		const known = context.field(name);
		const isSat = name === SATISFACTION_FIELD;
		const isScale = isSat || (known?.role === 'satisfaction' && !!known.scale);
		if (!isScale && known && !context.isSegment(name) && m.size > 12) continue;
		if (m.size > MAX_VALUES && !isSat) continue;
		const values = context.orderValues(name, [...m].map(([value, count]) => ({ value, count, display: value === BLANK ? value : context.display(name, value) })), BLANK);
		cols.push({ name, label: context.label(name), values, rank: isSat ? 0 : isScale ? 0.5 : context.isSegment(name) ? 1 : 2 });
	}
	return cols.sort((a, b) => a.rank - b.rank || a.label.localeCompare(b.label)).map(({ rank: _rank, ...c }) => c);
}

/** Values in display order (kept for callers without a board context: most frequent first). */
export function orderValues(column: string, values: FacetValue[], context = new BoardContext()): FacetValue[] {
	return context.orderValues(column, values, BLANK);
}

const CATEGORICAL = ['#2563eb', '#d97706', '#059669', '#db2777', '#7c3aed', '#0891b2', '#65a30d', '#dc2626', '#4f46e5', '#ca8a04', '#0d9488', '#9333ea'];
/** Grey: answers not on a scale, blanks, and categories past the palette. */
export const OTHER = '#94a3b8';

/** Red (worst, 0) through amber to green (best, 1): the colour of a position on a satisfaction scale. */
export function ramp(t: number): string {
	const stops = [
		[220, 38, 38],
		[234, 88, 12],
		[234, 179, 8],
		[132, 204, 22],
		[22, 163, 74]
	];
	const x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
	const i = Math.min(stops.length - 2, Math.floor(x));
	const f = x - i;
	const c = stops[i].map((v, k) => Math.round(v + (stops[i + 1][k] - v) * f));
	return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

export interface LegendEntry {
	value: string;
	color: string;
	count: number;
	display?: string;
}

/**
 * The legend for colouring by `column`: one entry per value, in display order. Satisfaction, and
 * every other column an import read on a scale, is red (worst) through amber to green (best) by
 * each answer's position on the board's scale for it, so a scale whose best answer is 1 is green
 * at 1; answers not on the scale are grey.
 */
export function legendFor(column: Column, context?: BoardContext): LegendEntry[] {
	const otherScale = column.name !== SATISFACTION_FIELD && context?.field(column.name)?.role === 'satisfaction' ? context.scaleOf({ source: null }, column.name) : null;
	if (column.name === SATISFACTION_FIELD || otherScale) {
		if (!context) {
			context = new BoardContext();
			context.observeFallback(column.values.filter((v) => v.value !== BLANK).map((v) => ({ fields: { [SATISFACTION_FIELD]: v.value }, source: null })));
		}
		const scale = otherScale ?? context.scaleOf({ source: null });
		if (scale) {
			return column.values.map((v) => {
				const t = scalePosition(scale, v.value);
				return { ...v, color: t === null ? OTHER : ramp(t) };
			});
		}
	}
	return column.values.map((v, i) => ({
		...v,
		color: v.value === BLANK || i >= CATEGORICAL.length ? OTHER : CATEGORICAL[i]
	}));
}

/** Every value of the board's satisfaction scale, worst first, for a legend that shows unused answers too. */
export function scaleLegend(context: BoardContext): LegendEntry[] {
	const scale = context.scaleOf({ source: null });
	if (!scale) return [];
	return scaleValues(scale).map((v) => {
		const t = scalePosition(scale, v.value);
		return { value: v.value, display: v.label ? `${v.value} · ${v.label}` : v.value, count: 0, color: t === null ? OTHER : ramp(t) };
	});
}

/** Chosen values per column; a note matches when, for every column with a choice, its value is chosen. */
export type Filter = Record<string, string[]>;

export function matchesFilter(fields: Record<string, FieldValue>, filter: Filter): boolean {
	for (const [column, chosen] of Object.entries(filter)) {
		if (chosen.length === 0) continue;
		if (!chosen.includes(valueKey(fields[column]))) return false;
	}
	return true;
}

export function isFilterActive(filter: Filter): boolean {
	return Object.values(filter).some((v) => v.length > 0);
}

/** How many notes of a group give each answer, in scale order, for the stacked bar in its header. */
export function distribution(values: Iterable<FieldValue | undefined>, legend: LegendEntry[]): LegendEntry[] {
	const counts = new Map<string, number>();
	for (const v of values) {
		const k = valueKey(v);
		counts.set(k, (counts.get(k) ?? 0) + 1);
	}
	return legend.filter((l) => counts.has(l.value)).map((l) => ({ ...l, count: counts.get(l.value)! }));
}

export interface FacetCounts {
	/** Notes that pass every active filter. */
	matching: number;
	/** Notes looked at. */
	total: number;
	/**
	 * For each column, how many notes have each value among the notes that pass the filters of the
	 * OTHER columns: ticking that value would show that many (with the column's own ticks added
	 * to it). The usual rule of faceted search, so a filter never hides its own alternatives.
	 */
	byColumn: Map<string, Map<string, number>>;
}

/**
 * Match and facet counts for `filter` over `notes`, for the columns in `columns`. One pass over
 * the notes: a note counts in column c when it passes every active filter except c's.
 */
export function facetCounts(notes: Iterable<{ fields: Record<string, FieldValue> }>, columns: readonly string[], filter: Filter): FacetCounts {
	const active = Object.entries(filter).filter(([, chosen]) => chosen.length > 0);
	const byColumn = new Map(columns.map((c) => [c, new Map<string, number>()]));
	let matching = 0;
	let total = 0;
	for (const n of notes) {
		total++;
		// Which active filters this note fails: none means it matches; exactly one means it still
		// counts in that one column's facet.
		let failed: string | null = null;
		let failures = 0;
		for (const [column, chosen] of active) {
			if (!chosen.includes(valueKey(n.fields[column]))) {
				failures++;
				failed = column;
				if (failures > 1) break;
			}
		}
		if (failures === 0) matching++;
		if (failures > 1) continue;
		for (const [column, counts] of byColumn) {
			if (failures === 1 && column !== failed) continue;
			const key = valueKey(n.fields[column]);
			counts.set(key, (counts.get(key) ?? 0) + 1);
		}
	}
	return { matching, total, byColumn };
}
