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

/** A board of `count` imported comments with customer metadata, as one update. */
export function boardWithNotes(count: number): Uint8Array {
	const doc = new Y.Doc();
	const notes: Note[] = [];
	for (let i = 0; i < count; i++) {
		notes.push(
			makeNote({
				id: `note_b${i.toString(36).padStart(6, '0')}`,
				text: `${PHRASES[i % PHRASES.length]} (comment ${i + 1})`,
				source: { row: i + 2, importId: 'imp_bench' },
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
	addNotes(doc, notes, { kind: 'import' });
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}
