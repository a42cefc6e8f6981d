import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addGroups, addNotes, makeGroup, makeNote, type Group, type Note } from '../../src/lib/board';

export interface SeedGroup {
	label: string;
	comments: { text: string; fields?: Note['fields'] }[];
}

/**
 * Puts grouped comments on a board the way a participant's client would: over the sync protocol,
 * with the stock y-websocket provider. Resolves once the server has everything.
 */
export async function seedBoard(baseURL: string, boardId: string, token: string, groups: SeedGroup[]): Promise<Group[]> {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(baseURL.replace(/^http/, 'ws') + '/sync', boardId, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		params: { token },
		disableBc: true
	});
	try {
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('seed: no sync within 10 s')), 10_000);
			provider.on('sync', (synced: boolean) => synced && (clearTimeout(timer), resolve()));
		});
		const origin = { kind: 'user' as const, userId: 'seed' };
		const made = groups.map((g, i) => makeGroup({ label: g.label, x: 40 + i * 420, y: 40, order: `a${i}` }));
		addGroups(doc, made, origin);
		const notes = groups.flatMap((g, i) =>
			g.comments.map((c, k) => makeNote({ text: c.text, fields: c.fields ?? {}, groupId: made[i].id, order: `a${k}`, createdBy: 'seed' }))
		);
		addNotes(doc, notes, origin);
		// An update counts as stored once the server echoes nothing pending: wait for the provider's own sync round trip.
		await new Promise((r) => setTimeout(r, 300));
		return made;
	} finally {
		provider.destroy();
		doc.destroy();
	}
}
