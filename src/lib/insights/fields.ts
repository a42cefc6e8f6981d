import type { FieldValue, Note } from '$lib/board';
import type { DeclaredScale } from './satisfaction';

/**
 * The customer-context roles insights break a cluster down by. Each role is read from one note
 * field; `detectFieldRoles` finds which field plays which role on a board.
 */
export const SEGMENT_ROLES = ['product', 'region', 'ageBracket', 'customerStatus', 'touchpoint'] as const;
export type SegmentRole = (typeof SEGMENT_ROLES)[number];
export type FieldRole = 'satisfaction' | SegmentRole;

export type FieldRoles = Record<FieldRole, string | null>;

export const ROLE_LABELS: Record<FieldRole, string> = {
	satisfaction: 'Satisfaction',
	product: 'Product',
	region: 'Region',
	ageBracket: 'Age bracket',
	customerStatus: 'Customer status',
	touchpoint: 'Touchpoint'
};

/** Field names that play each role, most specific first; compared without case, spaces or `_`/`-`. */
const CANDIDATES: Record<FieldRole, string[]> = {
	satisfaction: ['satisfaction', 'csat', 'rating', 'score', 'stars', 'nps'],
	product: ['product', 'productname', 'item', 'division', 'department', 'class', 'airline', 'hotel'],
	region: ['region', 'country', 'province', 'state', 'city', 'location', 'timezone', 'usertimezone'],
	ageBracket: ['agebracket', 'agegroup', 'agerange', 'age'],
	customerStatus: ['customerstatus', 'customertype', 'customer', 'segment'],
	touchpoint: ['touchpoint', 'channel', 'stage', 'journeystage']
};

const normalize = (key: string) => key.toLowerCase().replace(/[\s_\-.]/g, '');

/** Picks, for each role, the first candidate field that some note actually has a value for. */
export function detectFieldRoles(notes: Iterable<Pick<Note, 'fields'>>, explicit: Partial<FieldRoles> = {}): FieldRoles {
	const present = new Map<string, string>();
	for (const note of notes) {
		for (const [key, value] of Object.entries(note.fields)) {
			if (value === null || value === '') continue;
			const n = normalize(key);
			if (!present.has(n)) present.set(n, key);
		}
	}
	const taken = new Set<string>();
	const roles = {} as FieldRoles;
	for (const role of ['satisfaction', ...SEGMENT_ROLES] as FieldRole[]) {
		if (explicit[role] !== undefined) {
			roles[role] = explicit[role] ?? null;
			if (explicit[role]) taken.add(explicit[role]!);
			continue;
		}
		const found = CANDIDATES[role].map((c) => present.get(c)).find((key) => key && !taken.has(key));
		roles[role] = found ?? null;
		if (found) taken.add(found);
	}
	return roles;
}

const AGE_BRACKETS: [number, number, string][] = [
	[0, 17, 'under 18'],
	[18, 24, '18-24'],
	[25, 34, '25-34'],
	[35, 44, '35-44'],
	[45, 54, '45-54'],
	[55, 64, '55-64'],
	[65, 200, '65+']
];

/** The value a note shows for a role, as a display string; plain ages become brackets. */
export function roleValue(role: FieldRole, raw: FieldValue | undefined): string | null {
	if (raw === null || raw === undefined) return null;
	const text = String(raw).replace(/\u00a0/g, ' ').trim();
	if (text === '') return null;
	if (role === 'ageBracket' && /^\d{1,3}(\.\d+)?$/.test(text)) {
		const age = Number(text);
		const bracket = AGE_BRACKETS.find(([lo, hi]) => age >= lo && age <= hi);
		return bracket ? bracket[2] : null;
	}
	return text;
}

/** Import roles (see `$lib/import/roles`) that feed each insight role, best first. */
const IMPORT_ROLES: Record<FieldRole, string[]> = {
	satisfaction: ['satisfaction'],
	product: ['product'],
	region: ['region', 'country', 'city'],
	ageBracket: ['age', 'birthDate'],
	customerStatus: ['customerStatus'],
	touchpoint: ['touchpoint', 'channel']
};

/**
 * What the board's imports say about their fields: which field plays which role, and the
 * satisfaction scale the importer detected. Boards without imports get nothing here.
 */
export function rolesFromImports(imports: Record<string, unknown>): { roles: Partial<FieldRoles>; scale?: DeclaredScale } {
	const roles: Partial<FieldRoles> = {};
	let scale: DeclaredScale | undefined;
	const records = Object.values(imports)
		.filter((r): r is { fields: Record<string, { role?: string; scale?: unknown }>; at?: number; undone?: unknown } => !!r && typeof r === 'object' && 'fields' in r && !('undone' in r && r.undone))
		.sort((a, b) => (b.at ?? 0) - (a.at ?? 0));
	for (const record of records) {
		for (const [role, importRoles] of Object.entries(IMPORT_ROLES) as [FieldRole, string[]][]) {
			if (roles[role]) continue;
			for (const importRole of importRoles) {
				const entry = Object.entries(record.fields ?? {}).find(([, f]) => f?.role === importRole);
				if (!entry) continue;
				roles[role] = entry[0];
				if (role === 'satisfaction' && isDeclaredScale(entry[1].scale)) scale = entry[1].scale;
				break;
			}
		}
	}
	return { roles, scale };
}

function isDeclaredScale(v: unknown): v is DeclaredScale {
	if (!v || typeof v !== 'object') return false;
	const s = v as Record<string, unknown>;
	return (s.kind === 'numeric' && typeof s.min === 'number' && typeof s.max === 'number') || (s.kind === 'labels' && Array.isArray(s.labels) && s.labels.every((l) => typeof l === 'string'));
}
