import type { FieldValue } from '$lib/board/note';
import { FIELD_LABELS, HIDDEN_FIELD_KEYS, SEGMENT_ROLES, fieldLabel, type Role } from './roles';
import { answerLevel, detectScale, scalePosition, scaleValues, valueLabel, type Level, type Scale } from './scale';
import type { FieldContext, ImportSummary } from './summary';

/** What every reader of customer context needs of a note. */
export interface ContextNote {
	id: string;
	text: string;
	fields: Record<string, FieldValue>;
	source: { importId: string; row: number } | null;
}

export const SATISFACTION_KEY = 'satisfaction';

/** A field of the board as people see it, merged over the imports that wrote it. */
export interface BoardField {
	key: string;
	label: string;
	role: Role;
	/** A category to colour, filter and break down by. */
	segment: boolean;
	/** Satisfaction: the scale most of the board's notes were read on. */
	scale: Scale | null;
}

/** Values of a free-text column are not categories: above this many distinct values it is not a segment. */
export const MAX_SEGMENT_VALUES = 40;

/**
 * The customer context of one board: the import summaries, and what they say about each note's
 * fields. Built once per change of the imports, read by the canvas (colours, filters, legend),
 * insights, tasks and exports. Notes keep raw values; this says what they mean.
 */
export class BoardContext {
	readonly imports: ImportSummary[];
	readonly #byId: Map<string, ImportSummary>;
	readonly #fields = new Map<string, BoardField>();
	/** Scale for notes whose import is unknown (hand-made notes, boards restored without their imports). */
	#fallbackScale: Scale | null | undefined;
	#fallbackValues: string[] = [];

	constructor(imports: ImportSummary[] = []) {
		this.imports = imports.filter((i) => !i.undoneAt);
		this.#byId = new Map(this.imports.map((i) => [i.id, i]));
		// Newest import first: its words win for a key several imports share.
		const byNotes = new Map<string, Map<string, number>>();
		for (const imp of this.imports) {
			for (const [key, f] of Object.entries(imp.fields)) {
				if (!this.#fields.has(key)) {
					this.#fields.set(key, { key, label: f.label || fieldLabel(key, f.column), role: f.role, segment: f.segment, scale: null });
				}
				if (f.scale) {
					const k = JSON.stringify(f.scale);
					const m = byNotes.get(key) ?? new Map<string, number>();
					m.set(k, (m.get(k) ?? 0) + imp.notes);
					byNotes.set(key, m);
				}
			}
		}
		for (const [key, m] of byNotes) {
			const [top] = [...m].sort((a, b) => b[1] - a[1]);
			this.#fields.get(key)!.scale = JSON.parse(top[0]) as Scale;
		}
	}

	/** The import a note came from, if the board still has it. */
	importOf(note: Pick<ContextNote, 'source'>): ImportSummary | null {
		return note.source ? (this.#byId.get(note.source.importId) ?? null) : null;
	}

	/** The context of one field of one note: from its own import. */
	fieldOf(note: Pick<ContextNote, 'source'>, key: string): FieldContext | null {
		return this.importOf(note)?.fields[key] ?? null;
	}

	/** The fields the board's imports describe, with their labels, roles and scales. */
	get fields(): BoardField[] {
		return [...this.#fields.values()];
	}

	field(key: string): BoardField | null {
		return this.#fields.get(key) ?? null;
	}

	/**
	 * The fields read on a scale, in the order people see them: `satisfaction` (an import's
	 * first scale column, or answers on a board without imports) first, then every other column
	 * an import mapped as a scale, in the file's order. `present` limits the others to keys notes
	 * carry.
	 */
	scaleKeys(present?: ReadonlySet<string>): string[] {
		const others = [...this.#fields.values()]
			.filter((f) => f.key !== SATISFACTION_KEY && f.role === 'satisfaction' && f.scale && (!present || present.has(f.key)))
			.map((f) => f.key);
		return [SATISFACTION_KEY, ...others];
	}

	/** What people see for a field key: "Customer ID", "Trust", never "customerId". */
	label(key: string): string {
		return this.#fields.get(key)?.label ?? fieldLabel(key);
	}

	/** Whether a field is one people colour, filter and break insights down by. */
	isSegment(key: string): boolean {
		if (HIDDEN_FIELD_KEYS.has(key)) return false;
		const f = this.#fields.get(key);
		if (f) return f.segment || SEGMENT_ROLES.has(f.role);
		return key in FIELD_LABELS && key !== SATISFACTION_KEY;
	}

	/**
	 * The scale a note's satisfaction answer is read on: its import's. Notes without a known
	 * import use the board's own scale, or one detected from the answers on the board
	 * (`observeFallback`), best at the highest value.
	 */
	scaleOf(note: Pick<ContextNote, 'source'>, key = SATISFACTION_KEY): Scale | null {
		const own = this.fieldOf(note, key)?.scale;
		if (own) return own;
		const board = this.#fields.get(key)?.scale;
		if (board) return board;
		if (key !== SATISFACTION_KEY) return null;
		if (this.#fallbackScale === undefined) this.#fallbackScale = detectScale(this.#fallbackValues, key);
		return this.#fallbackScale;
	}

	/** Gives the answers seen on notes without a known import, for `scaleOf` to read them on. */
	observeFallback(notes: Iterable<Pick<ContextNote, 'source' | 'fields'>>): void {
		const values: string[] = [];
		for (const n of notes) {
			if (this.importOf(n)?.fields[SATISFACTION_KEY]?.scale) continue;
			const v = n.fields[SATISFACTION_KEY];
			if (v !== null && v !== undefined && String(v).trim() !== '') values.push(String(v));
			if (values.length >= 5000) break;
		}
		this.#fallbackValues = values;
		this.#fallbackScale = undefined;
	}

	/** The level of a note's satisfaction answer, or null when it has none. */
	levelOf(note: Pick<ContextNote, 'source' | 'fields'>, key = SATISFACTION_KEY): Level | null {
		const v = note.fields[key];
		if (v === null || v === undefined || String(v).trim() === '') return null;
		const scale = this.scaleOf(note, key);
		return scale ? answerLevel(scale, v) : 'offScale';
	}

	/**
	 * Where a note's satisfaction answer falls on its own scale: 0 for the worst answer, 1 for the
	 * best, whichever end the scale says is best; null without an answer, or for an answer that is
	 * not on the scale ("Don't know", 6 on a 1-5 question).
	 */
	positionOf(note: Pick<ContextNote, 'source' | 'fields'>, key = SATISFACTION_KEY): number | null {
		const v = note.fields[key];
		if (v === null || v === undefined || String(v).trim() === '') return null;
		const scale = this.scaleOf(note, key);
		return scale ? scalePosition(scale, v) : null;
	}

	isDissatisfied(note: Pick<ContextNote, 'source' | 'fields'>): boolean {
		return this.levelOf(note) === 'dissatisfied';
	}

	/**
	 * A note's answer on each scale of a board with several, in `scaleKeys` order: the scale's full
	 * label and the answer as people read it ("1 · excellent"). Empty on a board with one scale (or
	 * none), whose answer reads as "Satisfaction" as it always did. `keys` is `scaleKeys()`, passed
	 * by callers that ask for many notes.
	 */
	scaleAnswers(note: Pick<ContextNote, 'fields'> & { source?: ContextNote['source'] }, keys: string[] = this.scaleKeys()): { key: string; label: string; value: string }[] {
		if (keys.length <= 1) return [];
		const out: { key: string; label: string; value: string }[] = [];
		for (const key of keys) {
			const v = note.fields[key];
			if (v === null || v === undefined || String(v).trim() === '') continue;
			out.push({ key, label: this.label(key), value: this.display(key, v, note.source ? { source: note.source } : undefined) });
		}
		return out;
	}

	/** A value as people read it: "1 · Very good" on a labelled scale, the value otherwise. */
	display(key: string, value: FieldValue | undefined, note?: Pick<ContextNote, 'source'>): string {
		if (value === null || value === undefined) return '';
		const text = String(value);
		const scale = note ? this.scaleOf(note, key) : this.#fields.get(key)?.scale;
		return scale ? valueLabel(scale, text) : text;
	}

	/**
	 * The order values of a field are shown in: a scale's order (worst first, then the answers
	 * not on the scale) for scaled fields, most frequent first otherwise.
	 */
	orderValues<T extends { value: string; count: number }>(key: string, values: T[], blank = '(blank)'): T[] {
		const scale = key === SATISFACTION_KEY || this.#fields.get(key)?.scale ? this.scaleOf({ source: null }, key) : null;
		if (scale) {
			const order = scaleValues(scale).map((v) => v.value.toLowerCase());
			const at = (v: string) => {
				const i = order.indexOf(v.toLowerCase());
				return i < 0 ? order.length + (v === blank ? 1 : 0) : i;
			};
			return [...values].sort((a, b) => at(a.value) - at(b.value) || a.value.localeCompare(b.value));
		}
		return [...values].sort((a, b) => (a.value === blank ? 1 : b.value === blank ? -1 : b.count - a.count || a.value.localeCompare(b.value)));
	}
}
