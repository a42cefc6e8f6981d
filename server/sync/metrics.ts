import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Counters the hot path bumps as plain numbers; prom-client reads them when scraped, so a
 * broadcast to 500 connections costs 500 additions, not 500 label look-ups.
 */
export class SyncStats {
	messagesIn = 0;
	bytesIn = 0;
	messagesOut = 0;
	bytesOut = 0;
	readonly closes = new Map<string, number>();
	/** Invalid records the server repaired in clients' changes. */
	repairs = 0;
	/** Sync answers that encoded a whole board; joins until the board changes reuse the last one. */
	wholeBoardEncodes = 0;

	closed(reason: string): void {
		this.closes.set(reason, (this.closes.get(reason) ?? 0) + 1);
	}

	repaired(problems: number): void {
		this.repairs += problems;
	}
}

export interface SyncGauges {
	rooms(): number;
	connections(): number;
	/** The bound on worker jobs (imported files, restored backups): running, waiting, refused so far. */
	workerJobs?(): { running: number; queued: number; refused: number };
}

/** Seconds buckets from a tenth of a millisecond to ten seconds. */
const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class SyncMetrics {
	readonly registry = new Registry();
	readonly stats = new SyncStats();
	readonly persistSeconds: Histogram;
	readonly fanoutSeconds: Histogram;
	readonly redisLagSeconds: Histogram;
	readonly compactions: Counter;

	constructor(gauges: SyncGauges) {
		const registers = [this.registry];
		const stats = this.stats;
		collectDefaultMetrics({ register: this.registry, prefix: 'gistboard_' });
		new Gauge({
			name: 'gistboard_rooms',
			help: 'Boards loaded in memory in this process',
			registers,
			collect() {
				this.set(gauges.rooms());
			}
		});
		new Gauge({
			name: 'gistboard_connections',
			help: 'Open sync connections',
			registers,
			collect() {
				this.set(gauges.connections());
			}
		});
		if (gauges.workerJobs) {
			const jobs = gauges.workerJobs;
			new Gauge({
				name: 'gistboard_worker_jobs_running',
				help: 'Imported files and backups being read on worker threads (at most IMPORT_WORKERS)',
				registers,
				collect() {
					this.set(jobs().running);
				}
			});
			new Gauge({
				name: 'gistboard_worker_jobs_queued',
				help: 'Imported files and backups waiting for a worker thread',
				registers,
				collect() {
					this.set(jobs().queued);
				}
			});
		}
		const total = (name: string, help: string, read: () => number) => {
			let reported = 0;
			new Counter({
				name,
				help,
				registers,
				collect() {
					const value = read();
					this.inc(value - reported);
					reported = value;
				}
			});
		};
		total('gistboard_sync_messages_in_total', 'Sync messages received from clients', () => stats.messagesIn);
		total('gistboard_sync_bytes_in_total', 'Bytes of sync messages received from clients', () => stats.bytesIn);
		total('gistboard_sync_messages_out_total', 'Sync messages sent to clients', () => stats.messagesOut);
		total('gistboard_sync_bytes_out_total', 'Bytes of sync messages sent to clients', () => stats.bytesOut);
		total('gistboard_sync_whole_board_encodes_total', 'Sync answers that encoded a whole board (joins until it changes reuse the last one)', () => stats.wholeBoardEncodes);
		if (gauges.workerJobs) {
			const jobs = gauges.workerJobs;
			total('gistboard_worker_jobs_refused_total', 'Imported files and backups refused because the workers, their queue or the credential\'s share were taken', () => jobs().refused);
		}
		total('gistboard_sync_repairs_total', 'Invalid records the server repaired in clients\' changes', () => stats.repairs);
		const closedReported = new Map<string, number>();
		new Counter({
			name: 'gistboard_sync_connections_closed_total',
			help: 'Connections the server closed, by reason',
			labelNames: ['reason'],
			registers,
			collect() {
				for (const [reason, value] of stats.closes) {
					this.inc({ reason }, value - (closedReported.get(reason) ?? 0));
					closedReported.set(reason, value);
				}
			}
		});
		this.persistSeconds = new Histogram({
			name: 'gistboard_update_persist_seconds',
			help: 'Time to store one merged batch of updates',
			buckets: LATENCY_BUCKETS,
			registers
		});
		this.fanoutSeconds = new Histogram({
			name: 'gistboard_fanout_seconds',
			help: 'Time from the first update of a batch arriving to the batch being sent to every connection',
			buckets: LATENCY_BUCKETS,
			registers
		});
		this.redisLagSeconds = new Histogram({
			name: 'gistboard_redis_lag_seconds',
			help: 'Time from another process publishing an update to this process applying it',
			buckets: LATENCY_BUCKETS,
			registers
		});
		this.compactions = new Counter({
			name: 'gistboard_compactions_total',
			help: 'Update logs merged into their snapshot',
			registers
		});
	}

	render(): Promise<string> {
		return this.registry.metrics();
	}

	get contentType(): string {
		return this.registry.contentType;
	}
}
