import type { FieldValue } from '$lib/board/note';

/**
 * Colour-by and filters over the customer metadata on notes. Every distinct answer stays its own
 * value: "satisfied" and "very satisfied" are never merged. Satisfaction is ordered along its scale
 * and coloured on a red-to-green ramp; other columns get categorical colours by frequency.
 */
export const BLANK = '(blank)';

/** Friendly names for the columns the importer maps; any other column shows under its own name. */
export const FIELD_LABELS: Record<string, string> = {
	satisfaction: 'Satisfaction',
	nps: 'NPS group',
	customerStatus: 'Customer status',
	product: 'Product',
	region: 'Region',
	country: 'Country',
	city: 'City',
	ageBracket: 'Age bracket',
	touchpoint: 'Touchpoint',
	question: 'Question',
	channel: 'Channel'
};

export const SATISFACTION_FIELD = 'satisfaction';
export const STATUS_FIELD = 'customerStatus';

export function fieldLabel(column: string): string {
	return FIELD_LABELS[column] ?? column.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

export function valueKey(v: FieldValue | undefined): string {
	if (v === null || v === undefined) return BLANK;
	const s = String(v).trim();
	return s === '' ? BLANK : s;
}

/**
 * Position of a satisfaction answer on its scale: the number itself for numeric scales, or -3..3
 * for worded answers. Null when the answer cannot be placed (it is still shown, after the others).
 */
export function satisfactionRank(value: string): number | null {
	const n = Number(value.replace(',', '.'));
	if (value.trim() !== '' && Number.isFinite(n)) return n;
	const v = value.toLowerCase();
	const negative = /\b(dis|un|not |in)satisf|unhappy|\bpoor\b|\bbad\b|detractor|terrible|awful|\bdislike/.test(v);
	const positive = !negative && /satisf|happy|\bgood\b|great|excellent|promoter|love/.test(v);
	const neutral = /neutral|neither|passive|indifferent|\bok(ay)?\b|average|mixed/.test(v);
	const strong = /\b(very|extremely|completely|totally|highly|really)\b|excellent|terrible|awful|love/.test(v);
	const weak = /\b(somewhat|slightly|mostly|fairly|rather|a bit)\b/.test(v);
	if (neutral) return 0;
	if (negative) return strong ? -3 : weak ? -1 : -2;
	if (positive) return strong ? 3 : weak ? 1 : 2;
	return null;
}

export interface FacetValue {
	value: string;
	count: number;
}

export interface Column {
	name: string;
	label: string;
	values: FacetValue[];
}

const MAX_VALUES = 60;

/** The metadata columns of the notes with their values (ordered for display). */
export function columnsOf(notes: Iterable<{ fields: Record<string, FieldValue> }>): Column[] {
	const counts = new Map<string, Map<string, number>>();
	for (const n of notes) {
		for (const [k, v] of Object.entries(n.fields)) {
			let m = counts.get(k);
			if (!m) counts.set(k, (m = new Map()));
			const key = valueKey(v);
			m.set(key, (m.get(key) ?? 0) + 1);
		}
	}
	const cols: Column[] = [];
	for (const [name, m] of counts) {
		if (m.size > MAX_VALUES && name !== SATISFACTION_FIELD) continue;
		cols.push({ name, label: fieldLabel(name), values: orderValues(name, [...m].map(([value, count]) => ({ value, count }))) });
	}
	const known = Object.keys(FIELD_LABELS);
	return cols.sort((a, b) => {
		const ia = known.indexOf(a.name);
		const ib = known.indexOf(b.name);
		if (ia !== ib) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
		return a.label.localeCompare(b.label);
	});
}

export function orderValues(column: string, values: FacetValue[]): FacetValue[] {
	if (column === SATISFACTION_FIELD) {
		return [...values].sort((a, b) => {
			const ra = satisfactionRank(a.value);
			const rb = satisfactionRank(b.value);
			if (ra === null || rb === null) return ra === null && rb === null ? a.value.localeCompare(b.value) : ra === null ? 1 : -1;
			return ra - rb || a.value.localeCompare(b.value);
		});
	}
	return [...values].sort((a, b) => (a.value === BLANK ? 1 : b.value === BLANK ? -1 : b.count - a.count || a.value.localeCompare(b.value)));
}

const CATEGORICAL = ['#2563eb', '#d97706', '#059669', '#db2777', '#7c3aed', '#0891b2', '#65a30d', '#dc2626', '#4f46e5', '#ca8a04', '#0d9488', '#9333ea'];
const OTHER = '#94a3b8';

/** Red (worst) through amber to green (best), evenly over the answers that can be placed. */
function ramp(t: number): string {
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
}

/** The legend for colouring by `column`: one entry per value, in display order. */
export function legendFor(column: Column): LegendEntry[] {
	if (column.name === SATISFACTION_FIELD) {
		const ranked = column.values.filter((v) => satisfactionRank(v.value) !== null);
		return column.values.map((v) => {
			const i = ranked.indexOf(v);
			return { ...v, color: i < 0 ? OTHER : ramp(ranked.length === 1 ? 1 : i / (ranked.length - 1)) };
		});
	}
	return column.values.map((v, i) => ({
		...v,
		color: v.value === BLANK || i >= CATEGORICAL.length ? OTHER : CATEGORICAL[i]
	}));
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
