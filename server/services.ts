import { openDb, type Db } from '../src/lib/server/db.ts';
import { setServices } from '../src/lib/server/services.ts';
import type { Config } from './config.ts';
import { BoardStore } from './sync/persistence.ts';
import { RoomManager } from './sync/rooms.ts';
import { SyncServer } from './sync/server.ts';

/** Everything one server process runs besides HTTP: the database, the open boards, the sync endpoint. */
export interface Services {
	config: Config;
	db: Db;
	rooms: RoomManager;
	sync: SyncServer;
	close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}

function describeDatabase(config: Config): string {
	if (!config.databaseUrl) return `the embedded database in ${config.dataDir}`;
	const url = new URL(config.databaseUrl);
	return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname} (DATABASE_URL)`;
}

export async function startServices(config: Config): Promise<Services> {
	let db: Db;
	try {
		db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
	} catch (err) {
		const detail = err instanceof Error ? err.message : String(err);
		throw new DatabaseUnavailableError(
			`Could not open ${describeDatabase(config)}: ${detail}\n` +
				(config.databaseUrl
					? 'Check DATABASE_URL, or unset it to use the embedded database.'
					: 'Check that DATA_DIR is writable and not used by another Gistboard process.')
		);
	}
	const store = new BoardStore(db);
	const rooms = new RoomManager(store, { compactAfter: config.compactAfter, roomIdleMs: config.roomIdleMs });
	const sync = new SyncServer(rooms, db, { maxMessageBytes: config.maxMessageBytes });
	let closed: Promise<void> | null = null;
	const services: Services = {
		config,
		db,
		rooms,
		sync,
		close() {
			closed ??= (async () => {
				await rooms.closeAll();
				sync.close();
				await db.close();
			})();
			return closed;
		}
	};
	setServices(services);
	return services;
}
