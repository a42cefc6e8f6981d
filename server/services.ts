import { openDb, type Db } from '../src/lib/server/db.ts';
import { importParser, type ParseImport } from './import-parser.ts';
import { backupReader, type ReadBackup } from './restore-reader.ts';
import { WorkerSlots } from './worker-job.ts';
import { KeyedBuckets } from '../src/lib/server/rate-limit.ts';
import { setServices } from '../src/lib/server/services.ts';
import { startLink } from '../src/lib/server/workspaces.ts';
import type { Config } from './config.ts';
import { SyncMetrics } from './sync/metrics.ts';
import { stopMerging } from './sync/merge.ts';
import { BoardStore } from './sync/persistence.ts';
import { localOnly, RedisFanOut, type FanOut } from './sync/pubsub.ts';
import { RoomManager } from './sync/rooms.ts';
import { SyncServer } from './sync/server.ts';
import { linkRevocation } from './sync/revoke.ts';
import type { Revocation } from '../src/lib/server/revocation.ts';

/** Everything one server process runs besides HTTP: the database, the open boards, the sync endpoint. */
export interface Services {
	config: Config;
	db: Db;
	rooms: RoomManager;
	sync: SyncServer;
	metrics: SyncMetrics;
	/** Closes the connections of a replaced link, here and on the other processes. */
	revocation: Revocation;
	/** The default workspace's token to print at start; `fixed` when it is WORKSPACE_TOKEN. */
	workspaceLink: { token: string; fixed: boolean };
	/** Reads an imported file on a worker thread, with time and memory limits. */
	parseImport: ParseImport;
	/** Validates and repairs an uploaded backup on a worker thread, with time and memory limits. */
	readBackup: ReadBackup;
	/** The bound on worker jobs both of those share (IMPORT_WORKERS). */
	workerSlots: WorkerSlots;
	/** Rate limits of the HTTP API (requests by address and credential) and of board creation. */
	limits: { requests: KeyedBuckets; boards: KeyedBuckets };
	close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}
export class RedisUnavailableError extends Error {}

const REDIS_CONNECT_TIMEOUT_MS = 5000;

async function connectRedis(config: Config, metrics: SyncMetrics): Promise<FanOut> {
	if (!config.redisUrl) return localOnly;
	const url = new URL(config.redisUrl);
	const fanOut = new RedisFanOut(config.redisUrl, config.redisPrefix, metrics, () => {});
	try {
		await Promise.race([
			fanOut.connect(),
			new Promise((_, reject) => setTimeout(() => reject(new Error('no answer')), REDIS_CONNECT_TIMEOUT_MS).unref())
		]);
	} catch (err) {
		await fanOut.close();
		const detail = err instanceof Error ? err.message : String(err);
		throw new RedisUnavailableError(
			`Could not reach Redis at ${url.hostname}:${url.port || 6379} (REDIS_URL): ${detail}\n` +
				'Check REDIS_URL, or unset it to run a single process without Redis.'
		);
	}
	fanOut.onError = (message) => console.error(message);
	return fanOut;
}

function describeDatabase(config: Config): string {
	if (!config.databaseUrl) return `the embedded database in ${config.dataDir}`;
	const url = new URL(config.databaseUrl);
	return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname} (DATABASE_URL)`;
}

export async function startServices(config: Config): Promise<Services> {
	let db: Db;
	try {
		db = await openDb({
			databaseUrl: config.databaseUrl,
			dataDir: config.dataDir,
			onLost: (err) => {
				// Nothing can be stored any more; every change acknowledged so far is on disk.
				console.error(`${err.message} Gistboard is stopping so that it can be restarted.`);
				process.exit(1);
			}
		});
	} catch (err) {
		const detail = err instanceof Error ? err.message : String(err);
		throw new DatabaseUnavailableError(
			`Could not open ${describeDatabase(config)}: ${detail}\n` +
				(config.databaseUrl
					? 'Check DATABASE_URL, or unset it to use the embedded database.'
					: 'Check that DATA_DIR is writable and not used by another Gistboard process.')
		);
	}
	let workspaceLink: Services['workspaceLink'];
	try {
		workspaceLink = await startLink(db, config.workspaceToken);
	} catch (err) {
		await db.close();
		throw err;
	}
	const store = new BoardStore(db);
	// The gauges read `rooms` and `sync`, which exist by the time anything scrapes.
	// A file waits for a worker at most as long as it may take to read.
	const workerSlots = new WorkerSlots({ workers: config.importWorkers, waitMs: config.importTimeoutMs });
	const metrics: SyncMetrics = new SyncMetrics({ rooms: () => rooms.size, connections: () => sync.connections, workerJobs: () => workerSlots });
	let fanOut: FanOut;
	try {
		fanOut = await connectRedis(config, metrics);
	} catch (err) {
		await db.close();
		throw err;
	}
	const rooms = new RoomManager(store, {
		compactAfter: config.compactAfter,
		roomIdleMs: config.roomIdleMs,
		maxRooms: config.maxRooms,
		maxParticipants: config.maxParticipants,
		sendBufferBytes: config.sendBufferBytes,
		awarenessFlushMs: config.awarenessFlushMs,
		metrics,
		fanOut
	});
	// A link replaced here or on another process disconnects this process's connections that used it.
	const revocation = linkRevocation(rooms, fanOut);
	const sync = new SyncServer(rooms, db, { maxMessageBytes: config.maxMessageBytes, rateLimit: config.rateLimit, metrics, origin: config.origin, maxRoomsPerClient: config.maxRoomsPerClient, maxConnectionsPerAddress: config.maxConnectionsPerAddress, heartbeatMs: config.heartbeatMs, updateBytesPerSecond: config.updateBytesPerSecond, presenceClaimsPerMinute: config.presenceClaimsPerMinute, presenceMessagesPerSecond: config.presenceMessagesPerSecond });
	let closed: Promise<void> | null = null;
	const services: Services = {
		config,
		db,
		rooms,
		sync,
		metrics,
		revocation,
		workspaceLink,
		parseImport: importParser({ timeoutMs: config.importTimeoutMs, slots: workerSlots }),
		readBackup: backupReader({ timeoutMs: config.importTimeoutMs, slots: workerSlots }),
		workerSlots,
		limits: {
			requests: new KeyedBuckets(config.httpRateLimit, config.httpRateLimit * 10),
			boards: new KeyedBuckets(config.boardsPerHour / 3600, config.boardsPerHour)
		},
		close() {
			closed ??= (async () => {
				await rooms.closeAll();
				sync.close();
				await stopMerging();
				await fanOut.close();
				await db.close();
			})();
			return closed;
		}
	};
	setServices(services);
	return services;
}
