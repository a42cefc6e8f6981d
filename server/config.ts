import { z } from 'zod';
import { IMPORT_PARSE_TIMEOUT_MS } from '../src/lib/import/errors.ts';
import { IMPORT_LEASE_MS } from '../src/lib/server/import-lease.ts';
import { parseOutboundAllow, type OutboundPolicy } from '../src/lib/server/outbound.ts';
import { defaultWorkerJobs } from './worker-job.ts';
import { HEARTBEAT_MS, PRESENCE_CLAIMS_PER_MINUTE, PRESENCE_MESSAGES_PER_SECOND, SEND_BUFFER_BYTES, UPDATE_BYTES_PER_SECOND } from './sync/limits.ts';

/** Every environment variable the server reads, validated once at start-up. */
const schema = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	DATA_DIR: z.string().min(1).default('./data'),
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
		.optional(),
	REDIS_URL: z
		.string()
		.regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
		.optional(),
	ORIGIN: z.url().optional(),
	/** Updates in a board's log before they are merged into its snapshot. */
	COMPACT_AFTER: z.coerce.number().int().min(2).default(500),
	/** How long a board with nobody in it stays in memory. */
	ROOM_IDLE_MS: z.coerce.number().int().min(0).default(5000),
	/** Largest WebSocket message accepted, in bytes. */
	MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
	/** Supabase Auth for department heads: the browser signs in with these... */
	PUBLIC_SUPABASE_URL: z.url().optional(),
	PUBLIC_SUPABASE_ANON_KEY: z.string().min(1).optional(),
	/** ...and the server verifies the JWT with the project's secret or its JWKS. */
	SUPABASE_JWT_SECRET: z.string().min(16, 'must be the project JWT secret (at least 16 characters)').optional(),
	SUPABASE_JWKS_URL: z.url().optional(),
	SUPABASE_JWT_AUDIENCE: z.string().min(1).default('authenticated'),
	/** Messages per second one connection may send on average (bursts up to twice that). */
	RATE_LIMIT: z.coerce.number().int().min(1).default(300),
	/** Bytes of document changes one client address may send a second on average (bursts up to four seconds of it: at least one update of the largest size). */
	UPDATE_BYTES_PER_SECOND: z.coerce.number().int().min(128 * 1024).default(UPDATE_BYTES_PER_SECOND),
	/** New presence identities (tabs showing presence for the first time) one client address may add a minute on average (bursts of two and a half minutes of it). */
	PRESENCE_CLAIMS_PER_MINUTE: z.coerce.number().int().min(1).default(PRESENCE_CLAIMS_PER_MINUTE),
	/** Presence (cursor) messages one client address may send a second on average, over all its connections (bursts of ten seconds of it, 2.5 KB a message on average); past it a tab's presence waits. */
	PRESENCE_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).default(PRESENCE_MESSAGES_PER_SECOND),
	/** Boards held in memory at once; idle ones are unloaded first, then new boards wait. */
	MAX_ROOMS: z.coerce.number().int().min(1).default(2000),
	/** Participants of one board who may hold votes or private notes (facilitators not counted). */
	MAX_PARTICIPANTS: z.coerce.number().int().min(1).max(100_000).default(500),
	/** Bytes queued for one connection, besides a sync answer being written, before it counts as too slow and is dropped (4408). */
	SEND_BUFFER_BYTES: z.coerce.number().int().min(64 * 1024).default(SEND_BUFFER_BYTES),
	/** Presence (cursors) of a board is merged over this window before it is relayed. */
	AWARENESS_FLUSH_MS: z.coerce.number().int().min(0).max(1000).default(40),
	/** Prefix of the Redis channels, so several deployments can share one Redis. */
	REDIS_PREFIX: z.string().default('gistboard:'),
	/** The default workspace's token; unset, a new one is made and printed at every start. */
	WORKSPACE_TOKEN: z
		.string()
		.min(24, 'must be at least 24 characters (for example: openssl rand -base64 32)')
		.max(200, 'must be at most 200 characters')
		.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
		.optional(),
	/** Demo switch: anyone may create a board, each in a new workspace of its own. */
	OPEN_BOARDS: z.enum(['true', 'false']).default('false'),
	/** HTTP requests a second one address, and one credential, may make on average (bursts up to ten times that). */
	HTTP_RATE_LIMIT: z.coerce.number().min(0.01).default(20),
	/** Boards one workspace credential (or, with OPEN_BOARDS, one address) may create per hour. */
	BOARDS_PER_HOUR: z.coerce.number().int().min(1).default(100),
	/** Boards one address or workspace credential may hold open over WebSockets at once. */
	MAX_ROOMS_PER_CLIENT: z.coerce.number().int().min(1).default(50),
	/**
	 * WebSocket connections one address may hold to one board at once: a workshop behind one NAT
	 * is one address, so this is sized for a room of people with a tab or two each.
	 */
	MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(200),
	/** Milliseconds between two pings of every WebSocket; one silent for two rounds is cut. */
	HEARTBEAT_MS: z.coerce.number().int().min(100).max(600_000).default(HEARTBEAT_MS),
	/** How long reading one imported file may take, in milliseconds, before it is refused. */
	IMPORT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(IMPORT_PARSE_TIMEOUT_MS),
	/**
	 * Worker threads reading imported files and restored backups at once (each may use 768 MB);
	 * unset, one per core within half the memory (`defaultWorkerJobs`).
	 */
	IMPORT_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
	/**
	 * How long an import being written holds its board's record without renewing it: past it (the
	 * process was killed), the room takes the part that was stored off the board.
	 */
	IMPORT_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(IMPORT_LEASE_MS),
	/** Hosts, addresses and CIDR ranges webhooks may reach although they are not public. */
	WEBHOOK_ALLOW: z.string().max(2000).optional()
});

export interface Config {
	port: number;
	host: string;
	dataDir: string;
	databaseUrl?: string;
	redisUrl?: string;
	origin?: string;
	compactAfter: number;
	roomIdleMs: number;
	maxMessageBytes: number;
	supabase: {
		url?: string;
		anonKey?: string;
		jwtSecret?: string;
		jwksUrl?: string;
		audience: string;
	};
	rateLimit: number;
	/** Bytes of document changes one client address may send a second on average. */
	updateBytesPerSecond: number;
	presenceClaimsPerMinute: number;
	presenceMessagesPerSecond: number;
	maxRooms: number;
	/** Participants of one board who may hold votes or private notes (facilitators not counted). */
	maxParticipants: number;
	sendBufferBytes: number;
	awarenessFlushMs: number;
	redisPrefix: string;
	workspaceToken?: string;
	openBoards: boolean;
	importTimeoutMs: number;
	/** Worker jobs (imported files, restored backups) read at once; four times as many may wait. */
	importWorkers: number;
	/** Milliseconds an import's lease on its record lasts unless renewed (renewed every third of it). */
	importLeaseMs: number;
	httpRateLimit: number;
	boardsPerHour: number;
	maxRoomsPerClient: number;
	/** WebSocket connections one address may hold to one board at once. */
	maxConnectionsPerAddress: number;
	/** Milliseconds between two pings of every WebSocket. */
	heartbeatMs: number;
	/** Where webhooks may go: public addresses, and what WEBHOOK_ALLOW names. */
	outbound: OutboundPolicy;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>): Config {
	const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
	const parsed = schema.safeParse(blankless);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
	}
	const e = parsed.data;
	if (e.REDIS_URL && !e.WORKSPACE_TOKEN) {
		// Each process would print (and keep) a workspace link of its own, revoking the others'.
		throw new ConfigError('Invalid configuration:\n  WORKSPACE_TOKEN: must be set when REDIS_URL is (several processes share one workspace link)');
	}
	let outbound: OutboundPolicy;
	try {
		outbound = parseOutboundAllow(e.WEBHOOK_ALLOW);
	} catch (err) {
		throw new ConfigError(`Invalid configuration:\n  WEBHOOK_ALLOW: ${(err as Error).message}`);
	}
	return {
		port: e.PORT,
		host: e.HOST,
		dataDir: e.DATA_DIR,
		databaseUrl: e.DATABASE_URL,
		redisUrl: e.REDIS_URL,
		origin: e.ORIGIN,
		compactAfter: e.COMPACT_AFTER,
		roomIdleMs: e.ROOM_IDLE_MS,
		maxMessageBytes: e.MAX_MESSAGE_BYTES,
		supabase: {
			url: e.PUBLIC_SUPABASE_URL,
			anonKey: e.PUBLIC_SUPABASE_ANON_KEY,
			jwtSecret: e.SUPABASE_JWT_SECRET,
			jwksUrl: e.SUPABASE_JWKS_URL ?? (e.PUBLIC_SUPABASE_URL && !e.SUPABASE_JWT_SECRET ? `${e.PUBLIC_SUPABASE_URL.replace(/\/$/, '')}/auth/v1/.well-known/jwks.json` : undefined),
			audience: e.SUPABASE_JWT_AUDIENCE
		},
		rateLimit: e.RATE_LIMIT,
		updateBytesPerSecond: e.UPDATE_BYTES_PER_SECOND,
		presenceClaimsPerMinute: e.PRESENCE_CLAIMS_PER_MINUTE,
		presenceMessagesPerSecond: e.PRESENCE_MESSAGES_PER_SECOND,
		maxRooms: e.MAX_ROOMS,
		maxParticipants: e.MAX_PARTICIPANTS,
		sendBufferBytes: e.SEND_BUFFER_BYTES,
		awarenessFlushMs: e.AWARENESS_FLUSH_MS,
		redisPrefix: e.REDIS_PREFIX,
		workspaceToken: e.WORKSPACE_TOKEN,
		openBoards: e.OPEN_BOARDS === 'true',
		importTimeoutMs: e.IMPORT_TIMEOUT_MS,
		importWorkers: e.IMPORT_WORKERS ?? defaultWorkerJobs(),
		importLeaseMs: e.IMPORT_LEASE_MS,
		httpRateLimit: e.HTTP_RATE_LIMIT,
		boardsPerHour: e.BOARDS_PER_HOUR,
		maxRoomsPerClient: e.MAX_ROOMS_PER_CLIENT,
		maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
		heartbeatMs: e.HEARTBEAT_MS,
		outbound
	};
}
