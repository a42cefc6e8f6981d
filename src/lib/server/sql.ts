import type { Db, Queryable } from './db';

export type Sql = Queryable;
export type SqlWithTransactions = Pick<Db, 'query' | 'transaction'>;

export const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : v ? new Date(String(v)).toISOString() : '');

/** A mistake in what the user sent: answered with 400 and the message shown next to the field. */
export class InputError extends Error {
	constructor(
		message: string,
		readonly field?: string
	) {
		super(message);
	}
}
