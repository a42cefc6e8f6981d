import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AWARENESS_TIMEOUT_MS, AwarenessRelay } from './awareness.ts';
import { RateLimit } from './limits.ts';

function clientUpdate(clientId: number, clock: number, state: unknown): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, clientId);
	encoding.writeVarUint(e, clock);
	encoding.writeVarString(e, JSON.stringify(state));
	return encoding.toUint8Array(e);
}

/** What a browser's Awareness makes of what the relay sends. */
function seenByClient(update: Uint8Array): Map<number, Record<string, unknown>> {
	const awareness = new Awareness(new Y.Doc());
	applyAwarenessUpdate(awareness, update, 'server');
	const states = new Map(awareness.getStates());
	states.delete(awareness.clientID);
	awareness.destroy();
	return states;
}

describe('AwarenessRelay', () => {
	it('merges many updates into one message with the latest state of each client', () => {
		const relay = new AwarenessRelay();
		relay.apply(clientUpdate(1, 1, { cursor: { x: 1 } }), true);
		relay.apply(clientUpdate(1, 2, { cursor: { x: 2 } }), true);
		relay.apply(clientUpdate(2, 5, { cursor: { x: 9 } }), true);
		relay.apply(clientUpdate(1, 1, { cursor: { x: 'stale' } }), true);
		const { all, here } = relay.takeChanges();
		expect(seenByClient(all!)).toEqual(new Map([[1, { cursor: { x: 2 } }], [2, { cursor: { x: 9 } }]]));
		expect(here).toEqual(all);
		expect(relay.takeChanges().all).toBeNull();
	});

	it('reads what y-protocols encodes and keeps only this process\'s changes for other processes', () => {
		const browser = new Awareness(new Y.Doc());
		browser.setLocalState({ user: { name: 'Ana' } });
		const relay = new AwarenessRelay();
		relay.apply(encodeAwarenessUpdate(browser, [browser.clientID]), false);
		relay.apply(clientUpdate(7, 1, { user: { name: 'Ben' } }), true);
		const { all, here } = relay.takeChanges();
		expect([...seenByClient(all!).values()]).toEqual([{ user: { name: 'Ana' } }, { user: { name: 'Ben' } }]);
		expect([...seenByClient(here!).keys()]).toEqual([7]);
		browser.destroy();
	});

	it('tells everyone when a client leaves or goes silent', () => {
		const relay = new AwarenessRelay();
		relay.apply(clientUpdate(1, 3, { a: 1 }), true, 0);
		relay.apply(clientUpdate(2, 1, { b: 1 }), true, 0);
		relay.takeChanges();
		relay.remove([1], true, 10);
		const viewer = new Awareness(new Y.Doc());
		applyAwarenessUpdate(viewer, clientUpdate(1, 3, { a: 1 }), 'server');
		applyAwarenessUpdate(viewer, relay.takeChanges().all!, 'server');
		expect(viewer.getStates().has(1)).toBe(false);
		relay.expire(AWARENESS_TIMEOUT_MS + 1);
		expect(relay.size).toBe(0);
		expect(relay.encodeAll()).toBeNull();
		viewer.destroy();
	});

	it('tells a tab back after its removal that it was removed, and the tab announces itself past it', () => {
		const relay = new AwarenessRelay();
		const tab = new Awareness(new Y.Doc());
		tab.setLocalState({ cursor: { x: 1 } });
		const id = tab.clientID;
		const announce = () => encodeAwarenessUpdate(tab, [id]);
		relay.apply(announce(), true);
		// Its connection closed: the relay keeps the removal at the tab's clock + 1.
		relay.remove([id], true);
		relay.takeChanges();
		const overtaken: number[] = [];
		relay.apply(announce(), true, Date.now(), undefined, (clientId) => overtaken.push(clientId));
		expect(overtaken).toEqual([id]);
		expect(relay.encodeAll()).toBeNull();
		// The tab hears of its removal, raises its clock past it and sends its state again.
		const sent: Uint8Array[] = [];
		tab.on('update', ({ removed }: { removed: number[] }) => {
			if (removed.includes(id)) sent.push(encodeAwarenessUpdate(tab, [id]));
		});
		applyAwarenessUpdate(tab, relay.encodeOf(overtaken), 'server');
		expect(tab.getLocalState()).toEqual({ cursor: { x: 1 } });
		expect(sent).toHaveLength(1);
		const again: number[] = [];
		relay.apply(sent[0], true, Date.now(), undefined, (clientId) => again.push(clientId));
		expect(again).toEqual([]);
		expect(seenByClient(relay.encodeAll()!)).toEqual(new Map([[id, { cursor: { x: 1 } }]]));
		// An older state of a tab still shown is only stale, not removed: nothing to tell.
		relay.apply(clientUpdate(id, 1, { cursor: { x: 0 } }), true, Date.now(), undefined, (clientId) => again.push(clientId));
		expect(again).toEqual([]);
		tab.destroy();
	});

	it('refuses states other clients could not parse', () => {
		const relay = new AwarenessRelay();
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 1);
		encoding.writeVarString(e, '{"broken');
		expect(() => relay.apply(encoding.toUint8Array(e), true)).toThrow();
		expect(() => relay.apply(Uint8Array.of(5, 1), true)).toThrow();
		expect(relay.pending).toBe(false);
	});
});

describe('RateLimit', () => {
	it('allows bursts up to twice the rate, then the rate', () => {
		const limit = new RateLimit(10, 20, 0);
		let allowed = 0;
		for (let i = 0; i < 100; i++) if (limit.take(0)) allowed++;
		expect(allowed).toBe(20);
		expect(limit.take(50)).toBe(false);
		expect(limit.take(200)).toBe(true);
	});
});

describe('AwarenessRelay with a presence check', () => {
	it('relays only what the check lets through, as the check rewrote it', () => {
		const relay = new AwarenessRelay();
		const owned = new Set<number>();
		// One client id per connection: the first it announces.
		const check = (id: number, state: string) => {
			if (owned.size === 0) owned.add(id);
			else if (!owned.has(id)) return null;
			return state === 'null' ? state : JSON.stringify({ ...JSON.parse(state), checked: true });
		};
		expect(relay.apply(clientUpdate(7, 1, { a: 1 }), true, Date.now(), check)).toEqual([7]);
		expect(relay.apply(clientUpdate(8, 1, { a: 2 }), true, Date.now(), check)).toEqual([]);
		const seen = seenByClient(relay.takeChanges().all!);
		expect([...seen.keys()]).toEqual([7]);
		expect(seen.get(7)).toEqual({ a: 1, checked: true });
	});
});
