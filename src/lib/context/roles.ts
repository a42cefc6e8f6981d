/**
 * What a column of a customer export means in the workshop (its role), the key it writes on a
 * note's `fields`, and the words people see for it. The importer, the canvas's colours and
 * filters, insights, tasks, the dashboard and the exports all read these; nothing else defines
 * a role or a label.
 */
export const ROLES = [
	'comment',
	'question',
	'customerId',
	'customerName',
	'email',
	'phone',
	'address',
	'product',
	'purchaseDate',
	'country',
	'region',
	'city',
	'age',
	'birthDate',
	'satisfaction',
	'customerStatus',
	'touchpoint',
	'channel',
	'segment',
	'flag',
	'date',
	'other',
	'ignore'
] as const;
export type Role = (typeof ROLES)[number];

/**
 * The words for the roles that write a field key of their own name: the mapping step names the
 * role and every view names the field with the same word.
 */
const KEY_WORDS = {
	customerId: 'Customer ID',
	customerName: 'Customer name',
	email: 'E-mail',
	phone: 'Phone',
	address: 'Address',
	product: 'Product',
	purchaseDate: 'Purchase date',
	country: 'Country',
	region: 'Region',
	city: 'City',
	customerStatus: 'Customer status',
	touchpoint: 'Touchpoint',
	channel: 'Channel',
	date: 'Date'
} as const satisfies Partial<Record<Role, string>>;

/** The role as the mapping step names it. */
export const ROLE_LABELS: Record<Role, string> = {
	comment: 'Comment',
	question: 'Question asked',
	...KEY_WORDS,
	age: 'Age (as bracket)',
	birthDate: 'Birth date (as age bracket)',
	satisfaction: 'Satisfaction (a scale)',
	segment: 'Segment (group by)',
	flag: 'Flag (yes or blank)',
	other: 'Other (kept as is)',
	ignore: 'Do not import'
};

/** One line on what each role does, shown as help in the mapping step. */
export const ROLE_HELP: Partial<Record<Role, string>> = {
	comment: 'Each non-empty cell becomes a note.',
	question: 'The question this row answers; insights and duplicates stay within a question.',
	satisfaction: 'A rating on a scale: set which end is best, label the answers, mark the ones that are not on the scale.',
	segment: 'A few repeated values (a trust, a service, a plan): colours, filters and breakdowns by it.',
	flag: 'Set or blank on each row (a theme code, a tick box).',
	other: 'Kept on the note, not used for breakdowns.'
};

/**
 * The key a role writes into a note's `fields`. The first column of a role gets this key; a
 * second column with the same role (say Department and Class, both products) keeps its header as
 * key. `age` and `birthDate` both give `ageBracket`.
 */
export const ROLE_FIELD: Partial<Record<Role, string>> = {
	question: 'question',
	customerId: 'customerId',
	customerName: 'customerName',
	email: 'email',
	phone: 'phone',
	address: 'address',
	product: 'product',
	purchaseDate: 'purchaseDate',
	country: 'country',
	region: 'region',
	city: 'city',
	age: 'ageBracket',
	birthDate: 'ageBracket',
	satisfaction: 'satisfaction',
	customerStatus: 'customerStatus',
	touchpoint: 'touchpoint',
	channel: 'channel',
	date: 'date'
};

/** Field keys the importer derives from a column rather than copying it. */
export const DERIVED_FIELDS = { question: 'question', age: 'age', nps: 'nps' } as const;

/** Keys no column may take, because the importer writes them itself. */
export const RESERVED_FIELD_KEYS: ReadonlySet<string> = new Set(['question', 'age', 'nps', 'satisfactionRank', 'satisfactionPosition']);

/** Roles whose columns are private (facilitators only) unless the facilitator says otherwise. */
export const PRIVATE_BY_DEFAULT: ReadonlySet<Role> = new Set<Role>(['customerName', 'email', 'phone', 'address']);

/**
 * Roles whose values are categories people compare groups by: each can colour notes, filter them
 * and break insights down, and "Stands out" tests each of them.
 */
export const SEGMENT_ROLES: ReadonlySet<Role> = new Set<Role>([
	'question',
	'product',
	'country',
	'region',
	'city',
	'age',
	'birthDate',
	'customerStatus',
	'touchpoint',
	'channel',
	'segment',
	'flag'
]);

/** How people see a field key that is not a column header: "ageBracket" is "Age bracket". */
export const FIELD_LABELS: Record<string, string> = {
	satisfaction: 'Satisfaction',
	nps: 'NPS group',
	question: 'Question',
	...KEY_WORDS,
	ageBracket: 'Age bracket',
	age: 'Age',
	satisfactionRank: 'Satisfaction position'
};

/** Keys that are bookkeeping, not customer context: never listed as a column to colour or filter by. */
export const HIDDEN_FIELD_KEYS: ReadonlySet<string> = new Set(['satisfactionRank', 'satisfactionPosition', 'age']);

/**
 * The label of a field key: the role's word for role keys ("customerId" → "Customer ID"), the
 * header itself for other columns ("Trust" stays "Trust"). A label given by the import (the
 * column's own header, say "How satisfied were you?") wins over the generic word when passed.
 */
export function fieldLabel(key: string, columnHeader?: string): string {
	if (columnHeader && !(key in FIELD_LABELS)) return columnHeader;
	return FIELD_LABELS[key] ?? key;
}
