import * as Y from 'yjs';
import { addNotes, makeNote, type Note } from '../../src/lib/board/index.ts';

const TOUCHPOINTS = ['sales', 'delivery', 'invoice', 'returns', 'usage'];
const SATISFACTION = ['very dissatisfied', 'dissatisfied', 'neutral', 'satisfied', 'very satisfied'];
const REGIONS = ['North', 'South', 'East', 'West', 'Central'];
const PHRASES = [
	'the delivery arrived two days late and nobody told us',
	'invoice lists items we never ordered',
	'support answered quickly and fixed the problem',
	'the app logs me out every morning',
	'returns label did not print from the portal',
	'sales rep promised a discount that never appeared',
	'packaging was damaged but the product was fine',
	'setup guide skips the step about pairing'
];

/**
 * A board of `count` comments with customer metadata, as updates of at most `perUpdate` notes (one
 * transaction each), the way a client may send them: each is within the sync server's bounds on one
 * update (512 KB, 4,000 parts), and the notes carry no import source, which only the server's import
 * path writes. Every server in the benchmark is sent the same updates.
 */
export function boardWithNotes(count: number, perUpdate = 1000): Uint8Array[] {
	const doc = new Y.Doc();
	const notes: Note[] = [];
	for (let i = 0; i < count; i++) {
		notes.push(
			makeNote({
				id: `note_b${i.toString(36).padStart(6, '0')}`,
				text: `${PHRASES[i % PHRASES.length]} (comment ${i + 1})`,
				fields: {
					customerId: `C-${100000 + i}`,
					region: REGIONS[i % REGIONS.length],
					touchpoint: TOUCHPOINTS[(i * 7) % TOUCHPOINTS.length],
					satisfaction: SATISFACTION[(i * 3) % SATISFACTION.length],
					date: `2026-0${1 + (i % 9)}-1${i % 10}`
				},
				x: (i % 100) * 220,
				y: Math.floor(i / 100) * 140,
				order: 'a0',
				createdBy: 'import',
				createdAt: 1767225600000 + i
			})
		);
	}
	const updates: Uint8Array[] = [];
	for (let i = 0; i < notes.length; i += perUpdate) {
		const before = Y.encodeStateVector(doc);
		addNotes(doc, notes.slice(i, i + perUpdate), { kind: 'user', userId: 'bench' });
		updates.push(Y.encodeStateAsUpdate(doc, before));
	}
	doc.destroy();
	return updates;
}
