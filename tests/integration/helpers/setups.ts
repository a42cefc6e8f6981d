/**
 * Server set-ups that several suites share. Each starts real processes on the real services
 * (a suite decides with `usePostgres`/`useRedis` whether it runs; under CI a missing service fails
 * the run) and returns a `stop` that ends them and drops what they created.
 */
import pg from 'pg';
import { connect, type Client } from './clients';
import { startServer, tempDir, type RunningServer } from './server';
import { freshDatabase, freshRedisPrefix, TEST_REDIS_URL } from './services';

type FreshDatabase = Awaited<ReturnType<typeof freshDatabase>>;

export interface ServerOnPostgres {
	server: RunningServer;
	database: FreshDatabase;
	/** A client on the server's database, for checking what it stored. */
	db: pg.Client;
	stop(): Promise<void>;
}

/** One server process on a new PostgreSQL database (`env` adds to its environment), and a client on that database. */
export async function serverOnPostgres(env: Record<string, string> = {}): Promise<ServerOnPostgres> {
	const database = await freshDatabase();
	const server = await startServer({ DATABASE_URL: database.url, ...env });
	const db = new pg.Client({ connectionString: database.url });
	await db.connect();
	return {
		server,
		database,
		db,
		async stop() {
			await db.end();
			await server.stop();
			await database.drop();
		}
	};
}

export interface TwoProcesses {
	a: RunningServer;
	b: RunningServer;
	/** The environment both were started with (DATABASE_URL, REDIS_URL, REDIS_PREFIX, ROOM_IDLE_MS 200 ms, and `env`). */
	env: Record<string, string>;
	stop(): Promise<void>;
}

/**
 * Two server processes sharing a new PostgreSQL database and Redis (a channel prefix of their own),
 * as a deployment behind a load balancer runs. `stop` kills both (SIGKILL) and drops the database.
 */
export async function twoProcesses(extra: Record<string, string> = {}): Promise<TwoProcesses> {
	const database = await freshDatabase();
	const env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: freshRedisPrefix(), ROOM_IDLE_MS: '200', ...extra };
	const [a, b] = await Promise.all([startServer(env), startServer(env)]);
	return {
		a,
		b,
		env,
		async stop() {
			await Promise.all([a.stop('SIGKILL'), b.stop('SIGKILL')]);
			await database.drop();
		}
	};
}

/** Sync clients a suite opens as it goes and closes all at once at its end. */
export function clientPool(): { open(url: string, boardId: string, token: string): Client; destroyAll(): void } {
	const clients: Client[] = [];
	return {
		open(url, boardId, token) {
			const c = connect(url, boardId, token);
			clients.push(c);
			return c;
		},
		destroyAll() {
			for (const c of clients.splice(0)) c.destroy();
		}
	};
}

export interface StorageBackend {
	name: 'PGlite' | 'PostgreSQL';
	/** A server environment on a new, empty store of this kind, and how to remove it. */
	env(): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
}

/**
 * The server's two stores, for suites that run the same checks on each: the embedded PGlite (a new
 * data directory) always, PostgreSQL (a new database) when `withPostgres` (from `usePostgres()`).
 */
export function storageBackends(withPostgres: boolean): StorageBackend[] {
	return [
		{ name: 'PGlite', env: async () => ({ env: { DATA_DIR: tempDir() }, cleanup: async () => {} }) },
		...(withPostgres
			? [
					{
						name: 'PostgreSQL' as const,
						env: async () => {
							const db = await freshDatabase();
							return { env: { DATA_DIR: tempDir(), DATABASE_URL: db.url }, cleanup: db.drop };
						}
					}
				]
			: [])
	];
}
