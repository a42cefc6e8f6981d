import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** y-protocols' outdated timeout: clients renew their state every 15 s. */
export const AWARENESS_TIMEOUT_MS = 30_000;

/**
 * Decides what of one client's announced state is relayed: the state's JSON text (possibly
 * rewritten), or null to drop it. Called for each awareness client id in an update from a
 * connection of this process.
 */
export type PresenceCheck = (clientId: number, state: string) => string | null;

interface Entry {
	clock: number;
	/** The client's state as the JSON text it sent; 'null' once it left. */
	state: string;
	updated: number;
}

/**
 * Presence of one board, kept as the JSON text clients sent: the server merges awareness
 * updates by clock (the y-protocols rules) without parsing states into objects and encoding
 * them again, and relays what changed once per window instead of once per message.
 */
export class AwarenessRelay {
	private readonly entries = new Map<number, Entry>();
	private readonly changed = new Set<number>();
	/** Changes that came from this process's connections, for other processes. */
	private readonly changedHere = new Set<number>();

	/**
	 * Merges an encoded awareness update. Returns the client ids whose state is now set by it
	 * (so the sender's connection can be made their owner). Throws on malformed input; with a
	 * `check`, a state that is not JSON is the check's to drop (it must answer JSON or null).
	 * `removed` hears of each id whose kept state a removal (`remove`, `expire`) has overtaken:
	 * a tab back on a new connection announces its state with the clock it had, which loses to the
	 * removal's clock+1, so it stays hidden until its clock passes it (a renewal every 15 s, twice).
	 * Sent that removal (`encodeOf`), a y-protocols client raises its clock past it and announces
	 * itself again at once, as it does whenever a peer says it left.
	 */
	apply(update: Uint8Array, local: boolean, now = Date.now(), check?: PresenceCheck, removed?: (clientId: number) => void): number[] {
		const decoder = decoding.createDecoder(update);
		const count = decoding.readVarUint(decoder);
		if (count > 10_000) throw new Error('too many awareness states in one message');
		const incoming: { id: number; clock: number; state: string }[] = [];
		for (let i = 0; i < count; i++) {
			const id = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			const state = decoding.readVarString(decoder);
			// Other clients JSON.parse what we relay: refuse what they could not read. A check reads
			// the states it keeps itself (and answers valid JSON or null), so the many it drops (a
			// y-websocket tab sends everyone's changes back) are never parsed.
			if (!check) JSON.parse(state);
			incoming.push({ id, clock, state });
		}
		const owned: number[] = [];
		for (const item of incoming) {
			const { id, clock } = item;
			let { state } = item;
			if (check) {
				const checked = check(id, state);
				if (checked === null) continue;
				state = checked;
			}
			const entry = this.entries.get(id);
			const removing = state === 'null';
			if (entry && !(entry.clock < clock || (entry.clock === clock && removing && entry.state !== 'null'))) {
				if (!removing && entry.state === 'null') removed?.(id);
				continue;
			}
			this.entries.set(id, { clock, state, updated: now });
			this.changed.add(id);
			if (local) this.changedHere.add(id);
			if (!removing) owned.push(id);
		}
		return owned;
	}

	/** Marks clients as gone (their connection closed or they went silent). */
	remove(ids: Iterable<number>, local: boolean, now = Date.now()): void {
		for (const id of ids) {
			const entry = this.entries.get(id);
			if (!entry || entry.state === 'null') continue;
			this.entries.set(id, { clock: entry.clock + 1, state: 'null', updated: now });
			this.changed.add(id);
			if (local) this.changedHere.add(id);
		}
	}

	/** Removes states not renewed within the timeout and forgets long-gone clients. */
	expire(now = Date.now()): void {
		const stale: number[] = [];
		for (const [id, entry] of this.entries) {
			if (now - entry.updated < AWARENESS_TIMEOUT_MS) continue;
			if (entry.state === 'null') this.entries.delete(id);
			else stale.push(id);
		}
		this.remove(stale, false, now);
	}

	get pending(): boolean {
		return this.changed.size > 0;
	}

	/** The merged update of everything changed since the last call, and the part changed here. */
	takeChanges(): { all: Uint8Array | null; here: Uint8Array | null } {
		const all = this.changed.size > 0 ? this.encode(this.changed) : null;
		const here = this.changedHere.size > 0 ? this.encode(this.changedHere) : null;
		this.changed.clear();
		this.changedHere.clear();
		return { all, here };
	}

	/** Every present client, for a newcomer; null when nobody is present. */
	encodeAll(): Uint8Array | null {
		const ids = [...this.entries].filter(([, e]) => e.state !== 'null').map(([id]) => id);
		return ids.length > 0 ? this.encode(ids) : null;
	}

	/** Whether `clientId` has a state now (announced and not yet gone or expired). */
	shows(clientId: number): boolean {
		const entry = this.entries.get(clientId);
		return entry !== undefined && entry.state !== 'null';
	}

	get size(): number {
		let n = 0;
		for (const entry of this.entries.values()) if (entry.state !== 'null') n++;
		return n;
	}

	/** The kept entries of `ids` (their clocks and states, 'null' for those gone) as one update. */
	encodeOf(ids: Iterable<number>): Uint8Array {
		return this.encode(ids);
	}

	private encode(ids: Iterable<number>): Uint8Array {
		const encoder = encoding.createEncoder();
		const list = [...ids].filter((id) => this.entries.has(id));
		encoding.writeVarUint(encoder, list.length);
		for (const id of list) {
			const entry = this.entries.get(id)!;
			encoding.writeVarUint(encoder, id);
			encoding.writeVarUint(encoder, entry.clock);
			encoding.writeVarString(encoder, entry.state);
		}
		return encoding.toUint8Array(encoder);
	}
}
