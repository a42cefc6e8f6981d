import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importFieldsKey, readGroups, readNotes, SCHEMA_VERSION, type Note } from '../../src/lib/board';
import { keysAfter } from '../../src/lib/board/order';
import { connectChannel, type ChannelClient } from './helpers/channel';
import { createBoard, synced, waitFor, type CreatedBoard } from './helpers/clients';
import type { RunningServer } from './helpers/server';
import { usePostgres } from './helpers/services';
import { serverOnPostgres, type ServerOnPostgres } from './helpers/setups';

/** A group as version 2 stored it: a Y.Map of its fields, the label a Y.Text. */
function groupV2(fields: Record<string, unknown>, label: string): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	const full = { x: 0, y: 0, parentId: null, order: 'a0', color: '#fde68a', collapsed: false, department: null, owner: null, priority: null, due: null, status: null, ...fields };
	for (const [k, v] of Object.entries(full)) map.set(k, v);
	map.set('label', new Y.Text(label));
	return map;
}

const REGIONS = ['North', 'South', 'East'];
/** Fractional order keys, one per note. */
const ORDER = keysAfter([], 305);

/**
 * A version-2 board as the release before stored it: 300 customer comments of two imports (their
 * field keys in every note), hand-written notes, nested groups, and notes in every kind of place.
 */
function versionTwoBoard(): { doc: Y.Doc; expected: Note[]; trashed: string[] } {
	const doc = new Y.Doc();
	const expected: Note[] = [];
	const trashed: string[] = [];
	doc.transact(() => {
		doc.getMap('meta').set('schemaVersion', 2);
		const groups = doc.getMap('groups');
		groups.set('grp_delivery', groupV2({ x: 100, y: 200, department: 'dept_ops', owner: { name: 'Ana', email: 'ana@example.com' }, priority: 'high', due: '2026-12-24', status: 'in_progress' }, 'Late delivery'));
		groups.set('grp_courier', groupV2({ parentId: 'grp_delivery', order: 'a1', color: '#bfdbfe' }, 'Courier'));
		groups.set('grp_sizes', groupV2({ x: 900, y: 200, collapsed: true }, 'Sizes run small'));
		const notes = doc.getMap('notes');
		const place = doc.getMap('place');
		for (let i = 0; i < 300; i++) {
			const id = `note_c${i}`;
			const importId = i < 200 ? 'imp_first' : 'imp_second';
			const fields: Record<string, string | number> =
				i < 200
					? { customerId: `C${100000 + i}`, 'Clothing ID': String(700 + (i % 40)), Age: 20 + (i % 50), 'Department Name': i % 2 ? 'Dresses' : 'Tops', satisfaction: 1 + (i % 5) }
					: { region: REGIONS[i % 3], 'Positive Feedback Count': i % 7, ...(i % 4 ? { channel: 'web' } : {}) };
			notes.set(id, { text: `Comment ${i}: the parcel was late again`, source: { importId, row: i % 200 }, fields, by: 'import', at: 1_796_122_206_584 });
			const note: Note = { id, text: `Comment ${i}: the parcel was late again`, source: { importId, row: i % 200 }, fields, createdBy: 'import', createdAt: 1_796_122_206_584, groupId: null, order: '', pos: null, stackedOn: null };
			if (i % 10 === 0) {
				place.set(id, { groupId: 'grp_delivery', order: ORDER[i] });
				Object.assign(note, { groupId: 'grp_delivery', order: ORDER[i] });
			} else if (i % 10 === 1) {
				place.set(id, { groupId: 'grp_courier', order: ORDER[i] });
				Object.assign(note, { groupId: 'grp_courier', order: ORDER[i] });
			} else if (i % 10 === 2) {
				place.set(id, { stackedOn: `note_c${i - 2}` });
				Object.assign(note, { stackedOn: `note_c${i - 2}`, groupId: 'grp_delivery' });
			} else if (i % 10 === 3) {
				place.set(id, { x: 4000 + i, y: -300 });
				note.pos = { x: 4000 + i, y: -300 };
			} else if (i % 10 === 4) {
				place.set(id, { trashed: true });
				trashed.push(id);
				continue;
			} else if (i % 10 === 5) {
				place.set(id, { slot: i });
				note.slot = i;
			}
			expected.push(note);
		}
		for (let i = 0; i < 5; i++) {
			const id = `note_hand${i}`;
			notes.set(id, { text: `Idea ${i}`, source: null, fields: {}, by: 'user_ann', at: 1_796_122_300_000 + i });
			place.set(id, { groupId: 'grp_sizes', order: ORDER[i] });
			expected.push({ id, text: `Idea ${i}`, source: null, fields: {}, createdBy: 'user_ann', createdAt: 1_796_122_300_000 + i, groupId: 'grp_sizes', order: ORDER[i], pos: null, stackedOn: null });
		}
	});
	return { doc, expected, trashed };
}

describe.skipIf(!(await usePostgres()))('boards stored at document version 2', () => {
	let setup: ServerOnPostgres;
	let server: RunningServer;
	let db: pg.Client;
	const open: ChannelClient[] = [];

	beforeAll(async () => {
		({ server, db } = setup = await serverOnPostgres());
	});
	afterAll(async () => {
		for (const c of open) c.destroy();
		await setup?.stop();
	});

	const join = (board: CreatedBoard, params: Record<string, string>) => {
		const c = connectChannel(server.url, board.id, board.token('facilitator'), { schema: String(SCHEMA_VERSION), ...params });
		open.push(c);
		return c;
	};

	it('are migrated on first load: every note, field, placement and group survives, and a tab of the old document is told to reload', async () => {
		const board = await createBoard(server.url, 'Stored at version 2');
		const { doc: old, expected, trashed } = versionTwoBoard();
		const oldGroups = readGroups(old).groups;
		await db.query('DELETE FROM board_updates WHERE board_id = $1', [board.id]);
		await db.query('DELETE FROM board_snapshots WHERE board_id = $1', [board.id]);
		await db.query('INSERT INTO board_updates (board_id, update) VALUES ($1, $2)', [board.id, Buffer.from(Y.encodeStateAsUpdate(old))]);
		await db.query('UPDATE boards SET schema_version = 2 WHERE id = $1', [board.id]);

		const fac = join(board, { epoch: '2' });
		expect((await fac.latest('welcome')).epoch).toBe(2);
		await synced(fac);
		await waitFor(() => fac.doc.getMap('notes').size === 305, 10_000, 'every note');

		const read = readNotes(fac.doc);
		expect(read.skipped).toEqual([]);
		expect(read.notes).toEqual(expected.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)));
		expect(read.trashed.map((n) => n.id).sort()).toEqual(trashed.sort());
		expect(readGroups(fac.doc).groups).toEqual(oldGroups);
		// The field keys are stored once per import, no longer in every note.
		const meta = fac.doc.getMap('meta');
		expect(meta.get('schemaVersion')).toBe(SCHEMA_VERSION);
		expect(meta.get(importFieldsKey('imp_first'))).toEqual(['customerId', 'Clothing ID', 'Age', 'Department Name', 'satisfaction']);
		expect(meta.get(importFieldsKey('imp_second'))).toEqual(['region', 'Positive Feedback Count', 'channel']);
		expect(fac.doc.getMap('notes').get('note_c1')).toEqual(['Comment 1: the parcel was late again', 'import', 1_796_122_206_584, 'imp_first', 1, 'C100001', '701', 21, 'Dresses', 2]);

		// Stored as the new document, in one snapshot, at the new version and epoch.
		const [row] = (await db.query('SELECT schema_version, doc_epoch FROM boards WHERE id = $1', [board.id])).rows;
		expect(row).toEqual({ schema_version: SCHEMA_VERSION, doc_epoch: 2 });
		const snapshots = (await db.query('SELECT seq FROM board_snapshots WHERE board_id = $1', [board.id])).rows;
		expect(snapshots.map((r) => Number(r.seq))).toEqual([-1]);

		// A tab that kept a copy of the version-2 document is told to reload, and nothing of it is merged.
		const stale = join(board, { epoch: '1' });
		await waitFor(() => stale.closes.some((c) => c.code === 4410), 10_000, 'the stale tab to be refused');
		expect(stale.closes[0].reason).toMatch(/upgraded since this tab opened it/);
	});
});
