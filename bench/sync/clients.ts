/**
 * The load generator, run as its own process so that the orchestrator's sampling and the
 * clients never compete for one event loop. Readers keep no Y.Doc: they classify each message
 * from its first bytes and find the writers' timestamp markers with a byte search.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { groupMap, makeGroup } from '../../src/lib/board/group.ts';
import { roots } from '../../src/lib/board/schema.ts';
import { classify, findMarkers, marker, Wire, type Found } from './wire.ts';
import type { ClientsConfig, ClientsReport, FromClients, ToClients } from './protocol.ts';

/** Wall-clock µs, the clock the servers' write-trace preload reads too (bench/sync/write-trace.ts). */
const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

class Latencies {
	private values = new Float64Array(1 << 16);
	length = 0;
	push(ms: number) {
		if (this.length === this.values.length) {
			const grown = new Float64Array(this.values.length * 2);
			grown.set(this.values);
			this.values = grown;
		}
		this.values[this.length++] = ms;
	}
	sorted(): Float64Array {
		return this.values.slice(0, this.length).sort();
	}
}

function percentile(sorted: Float64Array, p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const send = (message: FromClients) => process.send?.(message);

interface Client {
	socket: WebSocket;
	wire: Wire;
	room: number;
	/** Global writer number, or -1 for a reader. */
	writer: number;
	synced: boolean;
}

async function run(config: ClientsConfig): Promise<void> {
	const latencies = new Latencies();
	const found: Found[] = [];
	let phase: 'connect' | 'warmup' | 'measure' | 'drain' | 'done' = 'connect';
	let delivered = 0;
	let dropped = 0;
	let framesIn = 0;
	let bytesIn = 0;
	let awarenessIn = 0;
	const clients: Client[] = [];
	const timers: NodeJS.Timeout[] = [];

	function onMessage(client: Client, data: Buffer) {
		framesIn++;
		bytesIn += data.length;
		const kind = classify(client.wire.dialect, data);
		if (kind === 'awareness') {
			awarenessIn++;
			return;
		}
		if (kind === 'step1') {
			client.socket.send(client.wire.emptyStep2());
			return;
		}
		if (kind === 'step2' && !client.synced) {
			client.synced = true;
			return;
		}
		if (kind !== 'update' && kind !== 'step2') return;
		findMarkers(data, found);
		if (found.length === 0) return;
		const now = nowUs();
		for (const f of found) {
			if (!f.measured || f.writer === client.writer) continue;
			delivered++;
			latencies.push((now - f.sentUs) / 1000);
		}
	}

	const joined = new Map<number, number>();
	function connect(room: number, writer: number): Promise<Client> {
		const spec = config.rooms[room];
		const nth = joined.get(room) ?? 0;
		joined.set(room, nth + 1);
		const url = spec.urls ? spec.urls[nth % spec.urls.length] : spec.url;
		return new Promise((resolve, reject) => {
			const socket = new WebSocket(url, { perMessageDeflate: false, headers: spec.headers });
			const client: Client = { socket, wire: new Wire(spec.dialect, spec.docName), room, writer, synced: false };
			const timeout = setTimeout(() => reject(new Error(`no sync answer from ${spec.url} within 30 s`)), 30_000);
			socket.on('open', () => {
				if (spec.dialect === 'hocuspocus') socket.send(client.wire.auth(spec.token));
				socket.send(client.wire.emptyStep1());
			});
			socket.on('message', (data: Buffer) => {
				onMessage(client, data);
				if (client.synced && timeout.hasRef()) {
					clearTimeout(timeout);
					timeout.unref();
					resolve(client);
				}
			});
			socket.on('error', (err) => {
				if (!client.synced) reject(err);
			});
			socket.on('close', () => {
				clearTimeout(timeout);
				if (phase !== 'done') dropped++;
				if (!client.synced) reject(new Error(`connection to ${spec.url} closed before it synced`));
			});
		});
	}

	const started = performance.now();
	const plan: Array<[room: number, writer: number]> = [];
	for (let room = 0; room < config.rooms.length; room++) {
		for (let i = 0; i < config.clientsPerRoom; i++) {
			plan.push([room, i < config.writersPerRoom ? room * config.writersPerRoom + i : -1]);
		}
	}
	for (let i = 0; i < plan.length; i += config.connectConcurrency) {
		const batch = plan.slice(i, i + config.connectConcurrency);
		clients.push(...(await Promise.all(batch.map(([room, writer]) => connect(room, writer)))));
	}
	const connectMs = performance.now() - started;

	let sent = 0;
	let expected = 0;
	const writerDocs = new Map<number, { doc: Y.Doc; seq: number }>();
	for (const client of clients) {
		if (client.writer < 0) continue;
		// Each writer adds a note and a group of its own (valid content of the board document,
		// version 2), then at each write moves its note (one placement value) and renames its group
		// (the group label is text): the marker rides in the new name.
		const doc = new Y.Doc();
		const pending: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => pending.push(update));
		const { notes, place, groups } = roots(doc);
		const noteId = `note_bench${client.writer}`;
		const group = groupMap(makeGroup({ id: `grp_bench${client.writer}`, x: client.writer * 300, y: 0 }));
		doc.transact(() => {
			notes.set(noteId, [`Note of writer ${client.writer}`, `user_bench${client.writer}`, Date.now()]);
			place.set(noteId, { x: client.writer * 300, y: 200 });
			groups.set(`grp_bench${client.writer}`, group);
		});
		const label = group.get('label') as Y.Text;
		writerDocs.set(client.writer, { doc, seq: 0 });
		const state = writerDocs.get(client.writer)!;
		const write = () => {
			if (phase !== 'warmup' && phase !== 'measure') return;
			const measured = phase === 'measure';
			state.seq++;
			doc.transact(() => {
				place.set(noteId, { x: Math.round(Math.random() * 4000), y: Math.round(Math.random() * 3000) });
				label.delete(0, label.length);
				label.insert(0, marker(client.writer, state.seq, measured, nowUs()));
			});
			for (const update of pending.splice(0)) client.socket.send(client.wire.update(update));
			if (measured) {
				sent++;
				expected += config.clientsPerRoom - 1;
			}
		};
		const period = 1000 / config.writeHz;
		timers.push(
			setTimeout(() => {
				write();
				timers.push(setInterval(write, period));
			}, Math.random() * period)
		);
	}
	if (config.awarenessHz > 0) {
		const period = 1000 / config.awarenessHz;
		for (const client of clients) {
			const clientId = 1 + Math.floor(Math.random() * 2 ** 30);
			let clock = 0;
			const name = `Participant ${clientId % 1000}`;
			const beat = () => {
				if (phase !== 'warmup' && phase !== 'measure') return;
				const state = { user: { id: `user_${clientId}`, name, color: '#3b82f6', role: 'editor' }, cursor: { x: Math.random() * 4000, y: Math.random() * 3000 } };
				client.socket.send(client.wire.awareness(clientId, ++clock, state));
			};
			timers.push(
				setTimeout(() => {
					beat();
					timers.push(setInterval(beat, period));
				}, Math.random() * period)
			);
		}
	}

	send({ type: 'ready', connectMs, clients: clients.length });
	await new Promise<void>((resolve) => process.once('message', () => resolve()));

	phase = 'warmup';
	await new Promise((r) => setTimeout(r, config.warmupMs));
	const cpuStart = process.cpuUsage();
	const measureStart = performance.now();
	framesIn = bytesIn = awarenessIn = 0;
	phase = 'measure';
	send({ type: 'measure-start' });
	await new Promise((r) => setTimeout(r, config.durationMs));
	phase = 'drain';
	const measuredMs = performance.now() - measureStart;
	const cpu = process.cpuUsage(cpuStart);
	send({ type: 'measure-end' });
	for (const t of timers) clearInterval(t);
	// Late deliveries still count, up to the drain limit.
	const drainStart = performance.now();
	while (delivered < expected && performance.now() - drainStart < config.drainMs) {
		await new Promise((r) => setTimeout(r, 50));
	}
	phase = 'done';
	const sorted = latencies.sorted();
	const report: ClientsReport = {
		type: 'result',
		connectMs,
		clients: clients.length,
		sent,
		expected,
		delivered,
		dropped,
		p50Ms: percentile(sorted, 50),
		p99Ms: percentile(sorted, 99),
		maxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
		framesInPerSec: (framesIn * 1000) / measuredMs,
		bytesInPerSec: (bytesIn * 1000) / measuredMs,
		awarenessInPerSec: (awarenessIn * 1000) / measuredMs,
		generatorCpuPct: ((cpu.user + cpu.system) / 1000 / measuredMs) * 100
	};
	for (const client of clients) client.socket.terminate();
	for (const { doc } of writerDocs.values()) doc.destroy();
	send(report);
}

process.once('message', (message: ToClients) => {
	if (message.type !== 'start') return;
	run(message.config).then(
		() => process.disconnect?.(),
		(err: Error) => {
			send({ type: 'error', message: err.message });
			process.disconnect?.();
			process.exit(1);
		}
	);
});
