import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import Postgrator from 'postgrator';

/** What every caller needs of the database: PGlite and PostgreSQL look the same through it. */
export interface Queryable {
	query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
	readonly kind: 'pglite' | 'postgres';
	transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

export interface DbOptions {
	/** postgres://… for PostgreSQL; unset for the embedded database. */
	databaseUrl?: string;
	/** Where the embedded database keeps its files. */
	dataDir: string;
}

type Rows = { rows: Record<string, unknown>[] };

/** pg sends a Uint8Array as an array literal; bytea wants a Buffer. */
function pgParams(params: unknown[] = []): unknown[] {
	return params.map((p) =>
		p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p
	);
}

async function openPostgres(url: string): Promise<Db> {
	const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
	// An idle client losing its connection must not take the process down; the next query reconnects.
	pool.on('error', (err) => console.error('PostgreSQL connection error:', err.message));
	(await pool.connect()).release();
	return {
		kind: 'postgres',
		async query<T>(sql: string, params?: unknown[]) {
			return (await pool.query(sql, pgParams(params))).rows as T[];
		},
		async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
			const client = await pool.connect();
			try {
				await client.query('BEGIN');
				const result = await fn({
					async query<R>(sql: string, params?: unknown[]) {
						return (await client.query(sql, pgParams(params))).rows as R[];
					}
				});
				await client.query('COMMIT');
				return result;
			} catch (err) {
				await client.query('ROLLBACK').catch(() => {});
				throw err;
			} finally {
				client.release();
			}
		},
		close: () => pool.end()
	};
}

async function openPglite(dataDir: string): Promise<{ db: Db; exec: (sql: string) => Promise<Rows> }> {
	mkdirSync(dataDir, { recursive: true });
	const pglite = await PGlite.create(dataDir);
	const db: Db = {
		kind: 'pglite',
		async query<T>(sql: string, params?: unknown[]) {
			return (await pglite.query<T>(sql, params)).rows;
		},
		transaction<T>(fn: (tx: Queryable) => Promise<T>) {
			return pglite.transaction((tx) =>
				fn({
					async query<R>(sql: string, params?: unknown[]) {
						return (await tx.query<R>(sql, params)).rows;
					}
				})
			);
		},
		close: () => pglite.close()
	};
	// Migration files hold several statements: PGlite runs those through `exec`, not `query`.
	const exec = async (sql: string) => ({ rows: ((await pglite.exec(sql)).at(-1)?.rows ?? []) as Rows['rows'] });
	return { db, exec };
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies the SQL migrations that have not run yet; the same files serve PGlite and PostgreSQL. */
async function migrate(exec: (sql: string) => Promise<Rows>): Promise<string[]> {
	const database = String((await exec('SELECT current_database() AS name')).rows[0]?.name);
	const postgrator = new Postgrator({
		migrationPattern: join(MIGRATIONS_DIR, '*.sql'),
		driver: 'pg',
		database,
		schemaTable: 'schema_migrations',
		execQuery: exec
	});
	const applied = await postgrator.migrate();
	return applied.map((m) => m.name);
}

/**
 * Opens the database named by the options and brings its schema up to date. Several processes
 * may start at once against one PostgreSQL: an advisory lock lets one migrate at a time.
 */
export async function openDb(options: DbOptions): Promise<Db> {
	if (!options.databaseUrl) {
		const { db, exec } = await openPglite(resolve(options.dataDir));
		try {
			await migrate(exec);
		} catch (err) {
			await db.close();
			throw err;
		}
		return db;
	}
	const db = await openPostgres(options.databaseUrl);
	const client = new pg.Client({ connectionString: options.databaseUrl });
	try {
		await client.connect();
		await client.query('SELECT pg_advisory_lock(727274)');
		await migrate(async (sql) => {
			const result = (await client.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[];
			const last = Array.isArray(result) ? result.at(-1) : result;
			return { rows: last?.rows ?? [] };
		});
	} catch (err) {
		await db.close();
		throw err;
	} finally {
		await client.end().catch(() => {});
	}
	return db;
}
