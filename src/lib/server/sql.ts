/** The part of the database handle these modules need; the application's `Db` satisfies it. */
export interface Sql {
	query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}
export interface SqlWithTransactions extends Sql {
	transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
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
