import type { ZodType } from 'zod';
import { groupSchema, makeGroup, type Group } from './group';
import { makeNote, noteSchema, stackedNoteSchema, MAX_NOTE_TEXT, type Note, type StackedNote } from './note';

export interface Checked<T> {
	value: T | null;
	/** What was wrong, in words a facilitator can act on; empty when the input was valid. */
	problems: string[];
}

function check<T>(schema: ZodType<T>, input: unknown): Checked<T> {
	const result = schema.safeParse(input);
	if (result.success) return { value: result.data, problems: [] };
	return {
		value: null,
		problems: result.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`)
	};
}

export const validateNote = (input: unknown) => check<Note>(noteSchema, input);
export const validateGroup = (input: unknown) => check<Group>(groupSchema, input);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * Repairs a note from a file or an old document: keeps what is usable, fills the rest with
 * defaults. Returns null only when there is no text to keep.
 */
export function repairNote(input: unknown): Checked<Note> {
	if (!isObject(input) || typeof input.text !== 'string') {
		return { value: null, problems: ['note has no text'] };
	}
	const problems = validateNote(input).problems;
	const fields: Note['fields'] = {};
	if (isObject(input.fields)) {
		for (const [k, v] of Object.entries(input.fields)) {
			if (typeof v === 'string' || v === null) fields[k] = v;
			else if (typeof v === 'number' && Number.isFinite(v)) fields[k] = v;
			else if (v !== undefined) fields[k] = String(v);
		}
	}
	const source =
		isObject(input.source) && num(input.source.row) !== undefined && str(input.source.importId)
			? { row: Math.max(0, Math.trunc(num(input.source.row)!)), importId: str(input.source.importId)! }
			: null;
	const id = str(input.id);
	const groupId = str(input.groupId);
	// Stacked duplicates are evidence: keep every one that is still readable.
	const stacked: StackedNote[] = Array.isArray(input.stacked)
		? input.stacked.flatMap((s) => {
				const parsed = stackedNoteSchema.safeParse(s);
				return parsed.success ? [parsed.data] : [];
			})
		: [];
	const note = makeNote({
		id: id && /^note_[A-Za-z0-9_-]+$/.test(id) ? id : undefined,
		text: input.text.slice(0, MAX_NOTE_TEXT),
		source,
		fields,
		x: num(input.x),
		y: num(input.y),
		groupId: groupId?.startsWith('grp_') ? groupId : null,
		order: str(input.order),
		color: str(input.color),
		hidden: typeof input.hidden === 'boolean' ? input.hidden : undefined,
		stacked: stacked.length > 0 ? stacked : undefined,
		createdBy: str(input.createdBy),
		createdAt: num(input.createdAt)
	});
	return { value: note, problems };
}

export function repairGroup(input: unknown): Checked<Group> {
	if (!isObject(input)) return { value: null, problems: ['group is not an object'] };
	const problems = validateGroup(input).problems;
	const repaired = makeGroup(
		Object.fromEntries(
			Object.entries(input).filter(([key, value]) => {
				const probe = groupSchema.shape[key as keyof Group];
				return probe ? probe.safeParse(value).success : false;
			})
		) as Partial<Group>
	);
	return { value: repaired, problems };
}
