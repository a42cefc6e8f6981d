import * as Y from 'yjs';
import { z } from 'zod';
import { newId } from './ids.ts';
import { GROUP_ID, MAX_COORD } from './note.ts';
import { isOrderKey } from './order.ts';
import { roots, type Origin } from './schema.ts';
import { stripBidiControls } from '../text/direction.ts';

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'wont_do'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * A cluster of notes. Its size and the places of its notes are derived by the layout; `x`/`y`
 * are where a top-level group was put (nested groups ignore them). `status` mirrors its
 * published task and is written by the server only.
 */
export interface Group {
	id: string;
	label: string;
	x: number;
	y: number;
	parentId: string | null;
	order: string;
	color: string;
	department: string | null;
	owner: { name: string; email: string } | null;
	priority: Priority | null;
	due: string | null;
	status: TaskStatus | null;
	collapsed: boolean;
}

/** Longest group name, in characters. */
export const MAX_LABEL = 500;

export const GROUP_COLORS = ['#fde68a', '#bfdbfe', '#bbf7d0', '#fecaca', '#ddd6fe', '#fed7aa', '#a5f3fc', '#f5d0fe'];

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const DUE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whether `v` is a day of the calendar written `YYYY-MM-DD`, years 0001 to 9999: what a date input
 * gives and PostgreSQL's `date` takes. `2026-02-30` or `9999-99-99` match the pattern but are no
 * day, and a task due on one could not be stored, so publishing the board failed.
 */
export function isDueDate(v: unknown): v is string {
	const m = typeof v === 'string' ? DUE.exec(v) : null;
	if (!m) return false;
	const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
	return year >= 1 && days !== undefined && day >= 1 && day <= days;
}

/**
 * An owner's e-mail goes into Jira's Assignee, Azure DevOps' Assigned To and a `mailto:` link, so
 * it must be a whole address: zod's e-mail check (a local part, `@`, and a domain with a top-level
 * part, ASCII only, as the trackers' importers take them). "dana@example" is not one.
 */
const EMAIL = z.email();

/**
 * Whether `email` (trimmed) is a whole e-mail address. The one check of owners' addresses: the
 * Assign fields write only what it takes, the server puts back any other a change writes
 * (`isWritableOwnerEmail`), and publishing and the trackers' exports leave out what it refuses.
 */
export function isOwnerEmail(email: string): boolean {
	return EMAIL.safeParse(email.trim()).success;
}

/**
 * Whether a group's owner may be given `email` as it is: none (''), or a whole address
 * (`isOwnerEmail`) without surrounding spaces, which is what the Assign fields write (trimmed).
 */
export function isWritableOwnerEmail(email: string): boolean {
	return email === '' || (email === email.trim() && isOwnerEmail(email));
}

const coord = finite.refine((v) => Math.abs(v) <= MAX_COORD, `must be within ±${MAX_COORD}`);

/** One schema per stored key, so a damaged key is repaired on its own and the rest is kept. */
export const groupFieldSchemas = {
	x: coord,
	y: coord,
	parentId: z.string().regex(GROUP_ID).nullable(),
	order: z.string().refine(isOrderKey, 'is not an order key'),
	color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
	department: z.string().min(1).max(64).nullable(),
	// Read without bidi controls, as a group's name is: the owner is shown beside other text on the
	// board, the department's dashboard and the task's page.
	owner: z
		.object({ name: z.string().max(120).transform(stripBidiControls), email: z.string().max(254).transform(stripBidiControls) })
		.strict()
		.nullable(),
	priority: z.enum(PRIORITIES).nullable(),
	due: z.string().refine(isDueDate, 'is not a day of the calendar (YYYY-MM-DD)').nullable(),
	status: z.enum(TASK_STATUSES).nullable(),
	collapsed: z.boolean()
} as const;

export type GroupField = keyof typeof groupFieldSchemas;
export const GROUP_FIELDS = Object.keys(groupFieldSchemas) as GroupField[];

export const groupSchema = z
	.object({ id: z.string().regex(GROUP_ID), label: z.string().max(MAX_LABEL), ...groupFieldSchemas })
	.strict();

export function makeGroup(input: Partial<Group> = {}): Group {
	return {
		id: input.id ?? newId('grp'),
		label: input.label ?? '',
		x: input.x ?? 0,
		y: input.y ?? 0,
		parentId: input.parentId ?? null,
		order: input.order ?? 'a0',
		color: input.color ?? GROUP_COLORS[0],
		department: input.department ?? null,
		owner: input.owner ?? null,
		priority: input.priority ?? null,
		due: input.due ?? null,
		status: input.status ?? null,
		collapsed: input.collapsed ?? false
	};
}

/** The label is a Y.Text so that two people typing a name at once both keep their keystrokes. */
export function groupMap(group: Group): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	for (const key of GROUP_FIELDS) map.set(key, group[key]);
	map.set('label', new Y.Text(group.label));
	return map;
}

export function labelText(map: Y.Map<unknown>): Y.Text | null {
	const label = map.get('label');
	return label instanceof Y.Text ? label : null;
}

/** The map of a group, or null when it does not exist or is damaged. */
export function groupMapOf(doc: Y.Doc, id: string): Y.Map<unknown> | null {
	const m = roots(doc).groups.get(id);
	return m instanceof Y.Map ? m : null;
}

const isCoord = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_COORD;
const COLOR = /^#[0-9a-fA-F]{6}$/;
const oneOf = (values: readonly string[]) => (v: unknown) => v === null || (typeof v === 'string' && values.includes(v));

/**
 * What each field's schema accepts in the common cases, checked by hand: every group is read
 * whenever the board changes, and zod costs about 0.3 ms a group there. False means "ask the
 * schema", never "invalid". An owner always goes to the schema.
 */
const plainField: Record<GroupField, (v: unknown) => boolean> = {
	x: isCoord,
	y: isCoord,
	parentId: (v) => v === null || (typeof v === 'string' && GROUP_ID.test(v)),
	order: isOrderKey,
	color: (v) => typeof v === 'string' && COLOR.test(v),
	department: (v) => v === null || (typeof v === 'string' && v.length >= 1 && v.length <= 64),
	owner: (v) => v === null,
	priority: oneOf(PRIORITIES),
	due: (v) => v === null || isDueDate(v),
	status: oneOf(TASK_STATUSES),
	collapsed: (v) => typeof v === 'boolean'
};

/**
 * Reads a group out of the document; a damaged key gets its default, a value that is not a group
 * map gives null.
 */
export function readGroup(id: string, value: unknown): Group | null {
	if (!(value instanceof Y.Map) || !GROUP_ID.test(id)) return null;
	const defaults = makeGroup({ id });
	const out = { ...defaults };
	for (const key of GROUP_FIELDS) {
		const stored = value.get(key);
		if (plainField[key](stored)) {
			(out as Record<string, unknown>)[key] = stored;
			continue;
		}
		const parsed = groupFieldSchemas[key].safeParse(stored);
		if (parsed.success) (out as Record<string, unknown>)[key] = parsed.data;
	}
	const label = value.get('label');
	// Read without bidi controls: an override typed or sent into a name reorders what is drawn after it.
	out.label = label instanceof Y.Text ? stripBidiControls(label.toString()) : '';
	return out;
}

export interface GroupsRead {
	groups: Group[];
	/** Ids whose stored value is not a group; they are left out, not fatal. */
	skipped: string[];
}

/** Every valid group of a document. */
export function readGroups(doc: Y.Doc): GroupsRead {
	const groups: Group[] = [];
	const skipped: string[] = [];
	roots(doc).groups.forEach((value, id) => {
		const g = readGroup(id, value);
		if (g) groups.push(g);
		else skipped.push(id);
	});
	return { groups, skipped };
}

export function addGroups(doc: Y.Doc, groups: Group[], origin: Origin): void {
	const map = roots(doc).groups;
	doc.transact(() => {
		for (const group of groups) map.set(group.id, groupMap(group));
	}, origin);
}

/** Sets assignment fields of a group (department, owner, priority, due); unknown groups are ignored. */
export function updateGroup(
	doc: Y.Doc,
	groupId: string,
	fields: Partial<Pick<Group, 'department' | 'owner' | 'priority' | 'due' | 'color' | 'status'>>,
	origin: Origin
): void {
	const m = groupMapOf(doc, groupId);
	if (!m) return;
	doc.transact(() => {
		for (const [key, value] of Object.entries(fields)) {
			if (value === undefined) continue;
			if (JSON.stringify(m.get(key)) !== JSON.stringify(value)) m.set(key, value);
		}
	}, origin);
}
