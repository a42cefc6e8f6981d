import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';

/** A y-websocket sync message (type 0) carrying one Yjs update, as a hand-made client sends it. */
export function updateMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** A y-websocket awareness message (type 1) announcing `states` as [client id, clock, state] (null: gone). */
export function presenceMessage(states: [number, number, unknown][]): Uint8Array {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, states.length);
	for (const [id, clock, state] of states) {
		encoding.writeVarUint(update, id);
		encoding.writeVarUint(update, clock);
		encoding.writeVarString(update, JSON.stringify(state));
	}
	const message = encoding.createEncoder();
	encoding.writeVarUint(message, 1);
	encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
	return encoding.toUint8Array(message);
}
