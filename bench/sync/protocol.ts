import type { Dialect } from './wire.ts';

/** One room as the load generator reaches it. */
export interface RoomSpec {
	url: string;
	/** Several processes serving the room: its clients are spread over them. */
	urls?: string[];
	dialect: Dialect;
	docName: string;
	token: string;
	headers?: Record<string, string>;
}

export interface ClientsConfig {
	rooms: RoomSpec[];
	clientsPerRoom: number;
	writersPerRoom: number;
	writeHz: number;
	awarenessHz: number;
	warmupMs: number;
	durationMs: number;
	drainMs: number;
	connectConcurrency: number;
}

export type ToClients = { type: 'start'; config: ClientsConfig } | { type: 'go' };

export interface ClientsReport {
	type: 'result';
	connectMs: number;
	clients: number;
	sent: number;
	expected: number;
	delivered: number;
	dropped: number;
	p50Ms: number;
	p99Ms: number;
	maxMs: number;
	framesInPerSec: number;
	bytesInPerSec: number;
	awarenessInPerSec: number;
	generatorCpuPct: number;
}

export type FromClients =
	| { type: 'ready'; connectMs: number; clients: number }
	| { type: 'measure-start' }
	| { type: 'measure-end' }
	| ClientsReport
	| { type: 'error'; message: string };

/** What the event-loop preload answers over IPC; times are wall-clock milliseconds (performance.timeOrigin + performance.now()). */
export type LoopLagRequest = { loopLag: { from: number; to: number } };
export interface LoopLagReport {
	loopLag: { p50Ms: number; p99Ms: number; maxMs: number };
}

/** What the write-trace preload answers: from a writer's send to the server's last socket write of it, per update sent in the window. */
export type WriteTraceRequest = { writeTrace: { from: number; to: number } };
export interface WriteTraceReport {
	writeTrace: { updates: number; p50Ms: number; p99Ms: number; maxMs: number };
}
