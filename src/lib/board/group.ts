import * as Y from 'yjs';
import { z } from 'zod';
import { newId } from './ids';
import { roots, type Origin } from './schema';

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'wont_do'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface Group {
	id: string;
	label: string;
	x: number;
	y: number;
	w: number;
	h: number;
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

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const groupSchema = z.object({
	id: z.string().regex(/^grp_[A-Za-z0-9_-]+$/),
	label: z.string().max(500),
	x: finite,
	y: finite,
	w: finite.nonnegative(),
	h: finite.nonnegative(),
	parentId: z.string().regex(/^grp_/).nullable(),
	order: z.string(),
	color: z.string(),
	department: z.string().nullable(),
	owner: z.object({ name: z.string(), email: z.string() }).nullable(),
	priority: z.enum(PRIORITIES).nullable(),
	due: z.string().nullable(),
	status: z.enum(TASK_STATUSES).nullable(),
	collapsed: z.boolean()
});

export const GROUP_COLORS = ['#fde68a', '#bfdbfe', '#bbf7d0', '#fecaca', '#ddd6fe', '#fed7aa', '#a5f3fc', '#f5d0fe'];

export function makeGroup(input: Partial<Group> = {}): Group {
	return {
		id: input.id ?? newId('grp'),
		label: input.label ?? '',
		x: input.x ?? 0,
		y: input.y ?? 0,
		w: input.w ?? 280,
		h: input.h ?? 160,
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
function toYMap(group: Group): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(group)) {
		if (key === 'id' || key === 'label') continue;
		map.set(key, value);
	}
	map.set('label', new Y.Text(group.label));
	return map;
}

export function labelText(map: Y.Map<unknown>): Y.Text | null {
	const label = map.get('label');
	return label instanceof Y.Text ? label : null;
}

export function readGroup(id: string, map: Y.Map<unknown>): Group {
	const defaults = makeGroup({ id });
	const get = <K extends keyof Group>(key: K): Group[K] => {
		const v = map.get(key);
		return (v === undefined ? defaults[key] : v) as Group[K];
	};
	const label = map.get('label');
	return {
		id,
		label: label instanceof Y.Text ? label.toString() : typeof label === 'string' ? label : '',
		x: get('x'),
		y: get('y'),
		w: get('w'),
		h: get('h'),
		parentId: get('parentId'),
		order: get('order'),
		color: get('color'),
		department: get('department'),
		owner: get('owner'),
		priority: get('priority'),
		due: get('due'),
		status: get('status'),
		collapsed: get('collapsed')
	};
}

export function addGroups(doc: Y.Doc, groups: Group[], origin: Origin): void {
	const map = roots(doc).groups;
	doc.transact(() => {
		for (const group of groups) map.set(group.id, toYMap(group));
	}, origin);
}
