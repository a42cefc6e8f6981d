import * as encoding from 'lib0/encoding';

/**
 * The two dialects the benchmark speaks. Both carry y-websocket's sync and awareness messages;
 * Hocuspocus prefixes every message with the document name and wants an auth message first.
 */
export type Dialect = 'y-websocket' | 'hocuspocus';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
/** Hocuspocus answers a client's sync step 1 with this type instead of MESSAGE_SYNC. */
const MESSAGE_SYNC_REPLY = 4;

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

/** An encoder for one room's messages, with the prefix its dialect needs. */
export class Wire {
	constructor(
		readonly dialect: Dialect,
		readonly docName: string
	) {}

	private start(type: number): encoding.Encoder {
		const encoder = encoding.createEncoder();
		if (this.dialect === 'hocuspocus') encoding.writeVarString(encoder, this.docName);
		encoding.writeVarUint(encoder, type);
		return encoder;
	}

	auth(token: string): Uint8Array {
		const encoder = this.start(MESSAGE_AUTH);
		encoding.writeVarUint(encoder, 0);
		encoding.writeVarString(encoder, token);
		return encoding.toUint8Array(encoder);
	}

	/** Sync step 1 of a client that has nothing yet: the empty state vector. */
	emptyStep1(): Uint8Array {
		const encoder = this.start(MESSAGE_SYNC);
		encoding.writeVarUint(encoder, SYNC_STEP1);
		encoding.writeVarUint8Array(encoder, Uint8Array.of(0));
		return encoding.toUint8Array(encoder);
	}

	/** The answer to the server's step 1 from a client that has nothing the server lacks. */
	emptyStep2(): Uint8Array {
		const encoder = this.start(MESSAGE_SYNC);
		encoding.writeVarUint(encoder, SYNC_STEP2);
		encoding.writeVarUint8Array(encoder, Uint8Array.of(0, 0));
		return encoding.toUint8Array(encoder);
	}

	update(update: Uint8Array): Uint8Array {
		const encoder = this.start(MESSAGE_SYNC);
		encoding.writeVarUint(encoder, SYNC_UPDATE);
		encoding.writeVarUint8Array(encoder, update);
		return encoding.toUint8Array(encoder);
	}

	/** An awareness update for one client, encoded by hand: readers keep no Awareness instance. */
	awareness(clientId: number, clock: number, state: unknown): Uint8Array {
		const inner = encoding.createEncoder();
		encoding.writeVarUint(inner, 1);
		encoding.writeVarUint(inner, clientId);
		encoding.writeVarUint(inner, clock);
		encoding.writeVarString(inner, JSON.stringify(state));
		const encoder = this.start(MESSAGE_AWARENESS);
		encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
		return encoding.toUint8Array(encoder);
	}
}

export type Incoming = 'update' | 'step1' | 'step2' | 'awareness' | 'auth' | 'other';

function readVarUint(buf: Uint8Array, pos: number): [value: number, next: number] {
	let value = 0;
	let shift = 0;
	for (;;) {
		const byte = buf[pos++];
		if (byte === undefined) return [-1, pos];
		value += (byte & 0x7f) * 2 ** shift;
		if (byte < 0x80) return [value, pos];
		shift += 7;
	}
}

/** What kind of message arrived, read from its first bytes only. */
export function classify(dialect: Dialect, buf: Uint8Array): Incoming {
	let pos = 0;
	if (dialect === 'hocuspocus') {
		const [nameLength, next] = readVarUint(buf, 0);
		pos = next + nameLength;
	}
	const [type, next] = readVarUint(buf, pos);
	if (type === MESSAGE_AWARENESS) return 'awareness';
	if (type === MESSAGE_AUTH) return 'auth';
	if (type !== MESSAGE_SYNC && type !== MESSAGE_SYNC_REPLY) return 'other';
	const [step] = readVarUint(buf, next);
	return step === SYNC_UPDATE ? 'update' : step === SYNC_STEP2 ? 'step2' : step === SYNC_STEP1 ? 'step1' : 'other';
}

/**
 * A writer puts `~bm:<writer>:<seq>:<phase>:<microseconds>~` into a string value of its update;
 * Yjs keeps strings as UTF-8, so a reader finds the marker with a byte search, without a Y.Doc.
 */
const MARKER_OPEN = Buffer.from('~bm:');
const TILDE = 0x7e;

export function marker(writer: number, seq: number, measured: boolean, sentUs: number): string {
	return `~bm:${writer}:${seq}:${measured ? 'm' : 'w'}:${sentUs}~`;
}

export interface Found {
	writer: number;
	measured: boolean;
	sentUs: number;
}

/** Every marker in a message (a merged update carries several). */
export function findMarkers(buf: Buffer, out: Found[]): void {
	out.length = 0;
	let at = buf.indexOf(MARKER_OPEN);
	while (at !== -1) {
		const end = buf.indexOf(TILDE, at + MARKER_OPEN.length);
		if (end === -1) return;
		const [writer, , phase, sent] = buf.toString('latin1', at + MARKER_OPEN.length, end).split(':');
		out.push({ writer: Number(writer), measured: phase === 'm', sentUs: Number(sent) });
		at = buf.indexOf(MARKER_OPEN, end + 1);
	}
}
