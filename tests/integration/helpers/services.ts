import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Under CI the real services are part of the contract: a missing one fails the run instead of skipping. */
export const REQUIRE_SERVICES = process.env.CI === 'true';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function postgresReachable(): Promise<boolean> {
	const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 10_000 });
	try {
		await client.connect();
		await client.query('SELECT 1');
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => {});
	}
}

/**
 * Whether suites needing PostgreSQL should run. Outside CI they are skipped when it is missing;
 * under CI this throws, so the run fails.
 */
export async function usePostgres(): Promise<boolean> {
	if (await postgresReachable()) return true;
	if (REQUIRE_SERVICES) throw new Error(`PostgreSQL is required under CI but unreachable at ${TEST_DATABASE_URL}`);
	return false;
}

/** A new empty database for one test file; `drop` removes it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
	const name = `gb_test_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	const url = new URL(TEST_DATABASE_URL);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		async drop() {
			const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
			await c.connect();
			await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await c.end();
		}
	};
}

export async function redisReachable(): Promise<boolean> {
	const { Redis } = await import('ioredis');
	const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
	client.on('error', () => {});
	try {
		await client.connect();
		return (await client.ping()) === 'PONG';
	} catch {
		return false;
	} finally {
		client.disconnect();
	}
}

/** Like `usePostgres`, for Redis: skipped outside CI when missing, a failure under CI. */
export async function useRedis(): Promise<boolean> {
	if (await redisReachable()) return true;
	if (REQUIRE_SERVICES) throw new Error(`Redis is required under CI but unreachable at ${TEST_REDIS_URL}`);
	return false;
}

/** A channel prefix of its own, so parallel runs sharing one Redis never hear each other. */
export const freshRedisPrefix = () => `gbtest:${randomBytes(6).toString('hex')}:`;
