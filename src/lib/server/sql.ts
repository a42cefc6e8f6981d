import type { Db, Queryable } from './db';

export type Sql = Queryable;
export type SqlWithTransactions = Pick<Db, 'query' | 'transaction'>;

const NUL = /\u0000/g;

/**
 * A text parameter as PostgreSQL can store it: U+0000 becomes U+FFFD. PostgreSQL text cannot hold
 * U+0000 (error 22021), and anyone holding an editor link can type one into a group's name or a
 * note, which publishing copies into tasks: one such character would make every query carrying it
 * fail. U+FFFD is what `toWellFormed` (src/lib/text/wellformed.ts) stores for a lone surrogate.
 * The database layer (db.ts) passes every string parameter through it; JSON texts for jsonb
 * parameters are written with `jsonParam`.
 */
export function storableText(value: string): string {
	return value.includes('\u0000') ? value.replace(NUL, '\uFFFD') : value;
}

/**
 * `value` as JSON text for a jsonb parameter. jsonb refuses the escape `\u0000` (error 22P05) that
 * JSON.stringify writes for U+0000, so that character is written as U+FFFD, as `storableText`
 * does for text parameters. Only an escape is replaced, never an escaped backslash before
 * the letters `u0000`.
 */
export function jsonParam(value: unknown): string {
	const json = JSON.stringify(value);
	return json.includes('\\u0000') ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd') : json;
}

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
