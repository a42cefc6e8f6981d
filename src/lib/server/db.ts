import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import Postgrator from 'postgrator';
import { storableText } from './sql.ts';
import { errorFrom, WorkerCalls, type WorkerReply } from './worker-calls.ts';

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
	/**
	 * Called if the embedded database's thread dies while in use (not after `close`). Every query
	 * fails from then on; a server should say so and exit, so that it is restarted.
	 */
	onLost?: (err: Error) => void;
}

type Rows = { rows: Record<string, unknown>[] };

/** Every string parameter, and every string in an array parameter, through `storableText`. */
function storableParams(params: unknown[]): unknown[] {
	return params.map((p) =>
		typeof p === 'string' ? storableText(p) : Array.isArray(p) ? p.map((v) => (typeof v === 'string' ? storableText(v) : v)) : p
	);
}

/** pg sends a Uint8Array as an array literal; bytea wants a Buffer. */
function pgParams(params: unknown[] = []): unknown[] {
	return storableParams(params).map((p) =>
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

/**
 * Bytes that are a view into a larger buffer (a WebSocket message in Node's buffer pool, a slice
 * of a batch) as a copy of just those bytes: posting a view to a thread copies its whole buffer.
 */
function ownBytes(value: unknown): unknown {
	if (!(value instanceof Uint8Array) || (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength)) return value;
	return value.slice();
}

/**
 * The embedded database runs on a worker thread (pglite.worker.js): PGlite executes queries
 * synchronously on the thread that calls it, and the sync server's event loop must not wait
 * for the update log's INSERTs, compactions or page queries while it relays live edits.
 */
async function openPglite(
	dataDir: string,
	onLost: (err: Error) => void = () => {}
): Promise<{ db: Db; exec: (sql: string) => Promise<Rows> }> {
	mkdirSync(dataDir, { recursive: true });
	const worker = new Worker(new URL('./pglite.worker.js', import.meta.url), {
		workerData: { dataDir },
		// Plain JavaScript: none of the parent's loaders (tsx, preloads) apply or are needed.
		execArgv: []
	});
	const calls = new WorkerCalls(worker);
	const ready = new Promise<void>((resolve, reject) => {
		worker.once('message', (first: { ready: boolean; error?: Record<string, unknown> }) => {
			if (first.ready) resolve();
			else reject(errorFrom(first.error ?? { message: 'the embedded database did not start' }));
		});
		worker.once('error', reject);
	});
	let closing = false;
	let started = false;
	const lost = (err: Error) => {
		if (calls.fail(err) && started && !closing) onLost(err);
	};
	worker.on('error', (err) => lost(new Error(`The embedded database stopped: ${err.message}`)));
	worker.on('exit', (code) => lost(new Error(`The embedded database stopped (exit code ${code}).`)));
	await ready;
	started = true;
	worker.on('message', (reply: WorkerReply) => calls.settle(reply));

	function call<T>(request: { op: string; sql?: string; params?: unknown[]; tx?: number }): Promise<T> {
		if (request.params) request.params = storableParams(request.params).map(ownBytes);
		return calls.call<T>(request);
	}

	const db: Db = {
		kind: 'pglite',
		query: <T>(sql: string, params?: unknown[]) => call<T[]>({ op: 'query', sql, params }),
		async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
			const tx = await call<number>({ op: 'begin' });
			let result: T;
			try {
				result = await fn({ query: <R>(sql: string, params?: unknown[]) => call<R[]>({ op: 'query', sql, params, tx }) });
			} catch (err) {
				await call({ op: 'rollback', tx }).catch(() => {});
				throw err;
			}
			await call({ op: 'commit', tx });
			return result;
		},
		async close() {
			if (calls.gone) return;
			closing = true;
			await call({ op: 'close' });
			await worker.terminate();
		}
	};
	// Migration files hold several statements: PGlite runs those through `exec`, not `query`.
	const exec = async (sql: string) => ({ rows: await call<Rows['rows']>({ op: 'exec', sql }) });
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
		const { db, exec } = await openPglite(resolve(options.dataDir), options.onLost);
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
