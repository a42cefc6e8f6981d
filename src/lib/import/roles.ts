/** What a column means in the workshop. */
export const ROLES = [
	'comment',
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
	'date',
	'other',
	'ignore'
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
	comment: 'Comment',
	customerId: 'Customer id',
	customerName: 'Customer name',
	email: 'E-mail',
	phone: 'Phone',
	address: 'Address',
	product: 'Product',
	purchaseDate: 'Purchase date',
	country: 'Country',
	region: 'Region',
	city: 'City',
	age: 'Age (as bracket)',
	birthDate: 'Birth date (as age bracket)',
	satisfaction: 'Satisfaction',
	customerStatus: 'Customer status',
	touchpoint: 'Touchpoint',
	channel: 'Channel',
	date: 'Date',
	other: 'Other (kept as is)',
	ignore: 'Do not import'
};

/**
 * The key a role writes into a note's `fields`. The first column of a role gets this key; a
 * second column with the same role (say Department and Class, both products) keeps its own name.
 * `age` and `birthDate` both give `ageBracket`; satisfaction adds `satisfactionRank` (1 = lowest
 * answer on its scale) and, on a 0-10 scale, `nps`.
 */
export const ROLE_FIELD: Partial<Record<Role, string>> = {
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

/** Extra field keys derived from a role's column. */
export const DERIVED_FIELDS = { question: 'question', age: 'age', satisfactionRank: 'satisfactionRank', nps: 'nps' } as const;

/** Roles whose columns are private (facilitators only) unless the importer says otherwise. */
export const PRIVATE_BY_DEFAULT: ReadonlySet<Role> = new Set<Role>(['customerName', 'email', 'phone', 'address']);
