import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addGroups, groupMapOf, labelText, makeGroup, readGroups, updateGroup } from './group';
import { MAX_NESTING } from './layout';
import { createGroup, moveNotesToGroup, renameGroup } from './grouping';
import { addNotes, deleteNotes, makeNote, readNotes } from './note';
import { captureChanges, limitNotice, MAX_GROUPS, NOTE_TIME_SKEW_MS, repairContent, REPAIR, type Writer } from './repair';
import { importFieldsKey } from './note';
import { initBoard, roots, SCHEMA_VERSION } from './schema';
import { userOrigin } from './origin';

const alice = { participant: 'user_alice' };

/** A server document with a few imported notes and one group, and a client copy of it. */
function setup() {
	const server = new Y.Doc();
	initBoard(server);
	addNotes(
		server,
		[0, 1, 2].map((i) => makeNote({ id: `note_n${i}`, text: `comment ${i}`, source: { importId: 'imp_1', row: i }, createdBy: 'import' })),
		{ kind: 'import' }
	);
	createGroup(server, ['note_n0'], { x: 0, y: 0, id: 'grp_a', label: 'Delivery' }, { kind: 'server' });
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
	return { server, client };
}

/** What the server does with one client update: apply, capture, repair. Answers the problems. */
function receive(server: Y.Doc, client: Y.Doc, edit: (doc: Y.Doc) => void, writer: Writer = alice): string[] {
	const before = Y.encodeStateVector(client);
	edit(client);
	const update = Y.encodeStateAsUpdate(client, before);
	const changed = captureChanges(server, () => Y.applyUpdate(server, update, 'conn'));
	const problems = repairContent(server, changed, writer);
	// The client receives the repair like everyone else.
	Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
	return problems;
}

function json(doc: Y.Doc) {
	const r = roots(doc);
	return { meta: r.meta.toJSON(), notes: r.notes.toJSON(), place: r.place.toJSON(), groups: r.groups.toJSON() };
}

describe('repairContent', () => {
	it('accepts ordinary edits untouched', () => {
		const { server, client } = setup();
		const origin = userOrigin('user_alice');
		const problems = receive(server, client, (doc) => {
			createGroup(doc, ['note_n1'], { x: 300, y: 0, label: 'Price' }, origin);
			moveNotesToGroup(doc, ['note_n2'], 'grp_a', origin);
			renameGroup(doc, 'grp_a', 'Late delivery', origin);
			addNotes(doc, [makeNote({ text: 'hand-written', createdBy: 'user_alice', x: 10, y: 10 })], origin);
		});
		expect(problems).toEqual([]);
		expect(json(server)).toEqual(json(client));
		expect(readNotes(server).notes).toHaveLength(4);
	});

	it('removes a note that is not a note, so nobody reads it', () => {
		const { server, client } = setup();
		const problems = receive(server, client, (doc) => roots(doc).notes.set('note_x', 'x'));
		expect(problems.join()).toMatch(/note_x: not a valid note/);
		expect(roots(server).notes.has('note_x')).toBe(false);
		expect(roots(client).notes.has('note_x')).toBe(false);
		expect(readNotes(server).skipped).toEqual([]);
	});

	it('puts back a note whose content a client replaced, and a customer comment a client removed', () => {
		const { server, client } = setup();
		const original = roots(server).notes.get('note_n1');
		const problems = receive(server, client, (doc) => {
			roots(doc).notes.set('note_n1', ['forged', 'user_alice', 1]);
			roots(doc).notes.delete('note_n2');
		});
		expect(problems).toHaveLength(2);
		expect(roots(server).notes.get('note_n1')).toEqual(original);
		expect(readNotes(server).notes.find((n) => n.id === 'note_n2')).toMatchObject({ text: 'comment 2' });
		expect(json(client)).toEqual(json(server));
	});

	it('lets people trash customer comments and remove their own hand-written notes', () => {
		const { server, client } = setup();
		const origin = userOrigin('user_alice');
		receive(server, client, (doc) => addNotes(doc, [makeNote({ id: 'note_mine', text: 'mine', createdBy: 'user_alice' })], origin));
		const problems = receive(server, client, (doc) => deleteNotes(doc, ['note_mine', 'note_n1'], origin));
		expect(problems).toEqual([]);
		expect(roots(server).notes.has('note_mine')).toBe(false);
		expect(roots(server).place.get('note_n1')).toEqual({ trashed: true });
	});

	it('refuses notes with a source from anyone but the server', () => {
		const { server, client } = setup();
		receive(server, client, (doc) =>
			addNotes(doc, [makeNote({ id: 'note_fake', text: 'fake row', source: { importId: 'imp_1', row: 9 } })], userOrigin('user_alice'))
		);
		expect(roots(server).notes.has('note_fake')).toBe(false);
	});

	it('repairs a group order that is a number, unknown keys, a server-only status and a label that is not text', () => {
		const { server, client } = setup();
		const problems = receive(server, client, (doc) => {
			const g = roots(doc).groups.get('grp_a') as Y.Map<unknown>;
			g.set('order', 7);
			g.set('evil', 'x');
			g.set('status', 'done');
			g.set('label', 'plain string');
		});
		expect(problems.length).toBeGreaterThanOrEqual(4);
		const [group] = readGroups(server).groups;
		expect(group.order).toBe('a0');
		expect(group.status).toBeNull();
		expect((roots(server).groups.get('grp_a') as Y.Map<unknown>).has('evil')).toBe(false);
		// The name it had is kept as text.
		expect(labelText(roots(server).groups.get('grp_a') as Y.Map<unknown>)?.toString()).toBe('Delivery');
		expect(json(client)).toEqual(json(server));
	});

	it('removes a group that is not a map, and placements that are damaged or of no note', () => {
		const { server, client } = setup();
		receive(server, client, (doc) => {
			roots(doc).groups.set('grp_b', 'x');
			roots(doc).place.set('note_n1', { groupId: 'grp_a', order: 5 });
			roots(doc).place.set('note_ghost', { x: 1, y: 1 });
		});
		expect(roots(server).groups.has('grp_b')).toBe(false);
		expect(roots(server).place.has('note_n1')).toBe(false);
		expect(roots(server).place.has('note_ghost')).toBe(false);
		expect(readNotes(server).notes.map((n) => n.id)).toContain('note_n1');
	});

	it('keeps imported notes and their field keys out of a client\'s reach', () => {
		const { server, client } = setup();
		const problems = receive(server, client, (doc) => {
			// A forged field list, a note citing an import, and a removed list of a real import.
			roots(doc).meta.set(importFieldsKey('imp_forged'), ['region']);
			roots(doc).notes.set('note_forged', ['t', 'user_alice', 1, 'imp_forged', 0, 'North']);
			roots(doc).meta.delete(importFieldsKey('imp_1'));
		});
		expect(problems.join()).toMatch(/removed meta key "fields\/imp_forged"/);
		expect(problems.join()).toMatch(/note_forged: only an import makes notes with a source; removed|note_forged: not a valid note/);
		expect(roots(server).meta.has(importFieldsKey('imp_forged'))).toBe(false);
		expect(roots(server).meta.get(importFieldsKey('imp_1'))).toEqual([]);
		expect(roots(server).notes.has('note_forged')).toBe(false);
		expect(readNotes(server).notes).toHaveLength(3);
		expect(json(client)).toEqual(json(server));
	});

	it('keeps a customer comment whose removal or rewrite comes with the removal of its import\'s field list', () => {
		const server = new Y.Doc();
		initBoard(server);
		addNotes(
			server,
			[0, 1].map((i) => makeNote({ id: `note_n${i}`, text: `comment ${i}`, source: { importId: 'imp_1', row: i }, fields: { region: 'North' }, createdBy: 'import' })),
			{ kind: 'import' }
		);
		const before = json(server);
		for (const edit of [
			(doc: Y.Doc) => roots(doc).notes.delete('note_n0'),
			(doc: Y.Doc) => roots(doc).notes.set('note_n1', ['forged', 'user_alice', 1])
		]) {
			const client = new Y.Doc();
			Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
			const problems = receive(server, client, (doc) => {
				roots(doc).meta.delete(importFieldsKey('imp_1'));
				edit(doc);
			});
			expect(problems.join()).toMatch(/put back/);
			expect(json(server)).toEqual(before);
			expect(json(client)).toEqual(before);
		}
		expect(readNotes(server).notes.map((n) => [n.id, n.text, n.fields])).toEqual([
			['note_n0', 'comment 0', { region: 'North' }],
			['note_n1', 'comment 1', { region: 'North' }]
		]);
	});

	it('removes a note whose stored form is damaged, and says why', () => {
		const { server, client } = setup();
		const problems = receive(server, client, (doc) => {
			roots(doc).notes.set('note_v2', { text: 'an object, as version 2 kept it', source: null, fields: {}, by: 'user_alice', at: 1 });
			roots(doc).notes.set('note_short', ['only text']);
			roots(doc).notes.set('note_values', ['t', 'user_alice', 1, 'imp_1', 0, 'more values than keys']);
			roots(doc).notes.set('note_long', ['x'.repeat(5001), 'user_alice', 1]);
			roots(doc).notes.set('note_ok', ['fine', 'user_alice', 1]);
		});
		for (const id of ['note_v2', 'note_short', 'note_values', 'note_long']) {
			expect(problems.join('\n')).toMatch(new RegExp(`note ${id}: not a valid note`));
			expect(roots(server).notes.has(id)).toBe(false);
		}
		expect(problems.join('\n')).toMatch(/note_values: not a valid note \(its import's field list/);
		expect(readNotes(server).notes.map((n) => n.id)).toContain('note_ok');
		expect(readNotes(server).skipped).toEqual([]);
		expect(json(client)).toEqual(json(server));
	});

	it('keeps meta to the schema version and empties roots that are not part of a board', () => {
		const { server, client } = setup();
		const problems = receive(server, client, (doc) => {
			roots(doc).meta.set('schemaVersion', 99);
			roots(doc).meta.set('locked', true);
			doc.getMap('votes').set('grp_a', new Y.Map());
			doc.getArray('junk').push(['a', 'b']);
		});
		expect(problems.length).toBeGreaterThanOrEqual(3);
		expect(roots(server).meta.toJSON()).toEqual({ schemaVersion: SCHEMA_VERSION, [importFieldsKey('imp_1')]: [] });
		expect(server.getMap('votes').size).toBe(0);
		expect(server.getArray('junk').length).toBe(0);
		expect(client.getArray('junk').length).toBe(0);
	});

	it('cuts an over-long name and strips embeds from a label', () => {
		const { server, client } = setup();
		receive(server, client, (doc) => {
			const label = labelText(roots(doc).groups.get('grp_a') as Y.Map<unknown>)!;
			label.insert(0, 'x'.repeat(600));
		});
		expect(labelText(roots(server).groups.get('grp_a') as Y.Map<unknown>)!.length).toBe(500);
		// A name of emoji is cut between characters, never inside one.
		receive(server, client, (doc) => {
			const label = labelText(roots(doc).groups.get('grp_a') as Y.Map<unknown>)!;
			label.delete(0, label.length);
			label.insert(0, 'a' + '👨‍👩‍👧'.repeat(100));
		});
		const emoji = labelText(roots(server).groups.get('grp_a') as Y.Map<unknown>)!.toString();
		expect(emoji.length).toBeLessThanOrEqual(500);
		expect(emoji).toBe('a' + '👨‍👩‍👧'.repeat((emoji.length - 1) / 8));
		receive(server, client, (doc) => {
			const label = labelText(roots(doc).groups.get('grp_a') as Y.Map<unknown>)!;
			label.insertEmbed(0, { image: 'http://example.com/x.png' });
		});
		const label = labelText(roots(server).groups.get('grp_a') as Y.Map<unknown>)!;
		expect(label.toDelta().every((op: { insert: unknown }) => typeof op.insert === 'string')).toBe(true);
	});

	it('keeps a task status out of a group a client writes whole, new or in place of another', () => {
		const { server, client } = setup();
		const problems = receive(server, client, (doc) => {
			addGroups(doc, [makeGroup({ id: 'grp_new', label: 'Looks finished', status: 'done' })], userOrigin('user_alice'));
			const replaced = new Y.Map<unknown>();
			roots(doc).groups.set('grp_a', replaced);
			replaced.set('label', new Y.Text('Delivery'));
			replaced.set('status', 'wont_do');
		});
		expect(problems.join()).toMatch(/grp_new: status is set by the server/);
		expect(problems.join()).toMatch(/grp_a: status is set by the server/);
		const statuses = Object.fromEntries(readGroups(server).groups.map((g) => [g.id, g.status]));
		expect(statuses).toEqual({ grp_new: null, grp_a: null });
		expect(json(client)).toEqual(json(server));
	});

	it('keeps the status and the fields a map put in place of a group leaves out, and lets it change what an editor may', () => {
		const { server, client } = setup();
		const board = new Set(['dept_care']);
		const writer: Writer = { ...alice, department: (id) => board.has(id) };
		const assigned = { department: 'dept_gone', owner: { name: 'Lee', email: 'lee@example' }, priority: 'high', due: '2026-03-01', status: 'open' } as const;
		receive(server, client, (doc) => updateGroup(doc, 'grp_a', assigned, { kind: 'server' }), { participant: 'server', server: true });
		const fields = () => {
			const { id: _, ...group } = readGroups(server).groups.find((g) => g.id === 'grp_a')!;
			return group;
		};
		const before = fields();
		// The same fields with no status, or with fewer fields and a damaged one.
		const replace = (doc: Y.Doc, set: (m: Y.Map<unknown>) => void) => {
			const map = new Y.Map<unknown>();
			roots(doc).groups.set('grp_a', map);
			set(map);
		};
		const problems = receive(server, client, (doc) => replace(doc, (m) => (m.set('label', new Y.Text('Delivery')), m.set('x', 0), m.set('status', null))), writer);
		expect(problems).toContain('group grp_a: status is set by the server; put back');
		expect(fields()).toEqual(before);
		expect(json(client)).toEqual(json(server));
		receive(server, client, (doc) => replace(doc, (m) => m.set('priority', 'urgent!')), writer);
		expect(fields()).toEqual(before);
		// What an editor may change field by field, a whole map may change too.
		const changed = receive(
			server,
			client,
			(doc) =>
				replace(doc, (m) => {
					for (const [k, v] of Object.entries({ ...before, department: 'dept_care', priority: 'low', status: 'done' })) m.set(k, k === 'label' ? new Y.Text(v as string) : v);
				}),
			writer
		);
		expect(changed).toEqual(['group grp_a: status is set by the server; put back']);
		expect(fields()).toEqual({ ...before, department: 'dept_care', priority: 'low' });
	});

	it('puts back a department that is not one of the board’s, set on a group or in a new one, and keeps one a group already had', () => {
		const { server, client } = setup();
		const board = new Set(['dept_care', 'dept_billing']);
		const writer: Writer = { ...alice, department: (id) => board.has(id) };
		const origin = userOrigin('user_alice');
		expect(receive(server, client, (doc) => updateGroup(doc, 'grp_a', { department: 'dept_care' }, origin), writer)).toEqual([]);
		const problems = receive(
			server,
			client,
			(doc) => {
				updateGroup(doc, 'grp_a', { department: 'Anything at all' }, origin);
				addGroups(doc, [makeGroup({ id: 'grp_new', label: 'Refunds', department: 'dept_other_workspace' })], origin);
			},
			writer
		);
		expect(problems).toEqual([
			'group grp_new: department is not one of the board’s departments; put back',
			'group grp_a: department is not one of the board’s departments; put back'
		]);
		const departments = () => Object.fromEntries(readGroups(server).groups.map((g) => [g.id, g.department]));
		expect(departments()).toEqual({ grp_a: 'dept_care', grp_new: null });
		expect(json(client)).toEqual(json(server));

		// A department deleted since it was assigned: the group keeps it through other edits, and can
		// be given another or none.
		board.delete('dept_care');
		expect(receive(server, client, (doc) => renameGroup(doc, 'grp_a', 'Late parcels', origin), writer)).toEqual([]);
		expect(departments().grp_a).toBe('dept_care');
		expect(receive(server, client, (doc) => updateGroup(doc, 'grp_a', { department: 'dept_billing' }, origin), writer)).toEqual([]);
		expect(receive(server, client, (doc) => updateGroup(doc, 'grp_new', { department: null }, origin), writer)).toEqual([]);
		expect(departments()).toEqual({ grp_a: 'dept_billing', grp_new: null });
		// The server's own changes (a restore) are not held to the list.
		expect(receive(server, client, (doc) => updateGroup(doc, 'grp_new', { department: 'dept_restored' }, { kind: 'server' }), { participant: 'server', server: true })).toEqual([]);
		expect(departments().grp_new).toBe('dept_restored');
	});

	it('puts back an owner whose e-mail the Assign fields would not write, and keeps one stored before addresses were checked', () => {
		const { server, client } = setup();
		const origin = userOrigin('user_alice');
		const owner = () => readGroups(server).groups.find((g) => g.id === 'grp_a')?.owner;
		const set = (value: unknown) => receive(server, client, (doc) => groupMapOf(doc, 'grp_a')!.set('owner', value));
		expect(receive(server, client, (doc) => updateGroup(doc, 'grp_a', { owner: { name: 'Dana', email: 'dana@example.com' } }, origin))).toEqual([]);
		for (const email of ['dana@example', 'not an address', ' dana@example.com', 'dana@example.com, bo@example.com']) {
			expect(set({ name: 'Dana', email }), email).toEqual(['group grp_a: owner e-mail is not a complete address; put back']);
			expect(owner()).toEqual({ name: 'Dana', email: 'dana@example.com' });
		}
		expect(json(client)).toEqual(json(server));
		// In a group written whole, the owner counts as set by the change.
		expect(receive(server, client, (doc) => addGroups(doc, [makeGroup({ id: 'grp_new', owner: { name: 'Bo', email: 'bo@' } })], origin))).toEqual([
			'group grp_new: owner e-mail is not a complete address; put back'
		]);
		expect(readGroups(server).groups.find((g) => g.id === 'grp_new')?.owner).toBeNull();
		// A name alone, no owner, or another whole address are what the fields write.
		expect(set({ name: 'Dana', email: '' })).toEqual([]);
		expect(set(null)).toEqual([]);
		expect(set({ name: '', email: 'lee@example.org' })).toEqual([]);
		// An address stored before the check (here by the server) stays while only the name changes.
		expect(receive(server, client, (doc) => updateGroup(doc, 'grp_a', { owner: { name: 'Lee', email: 'lee@example' } }, { kind: 'server' }), { participant: 'server', server: true })).toEqual([]);
		expect(set({ name: 'Lee Park', email: 'lee@example' })).toEqual([]);
		expect(owner()).toEqual({ name: 'Lee Park', email: 'lee@example' });
	});

	it('removes new groups past the limit and says so for the person who made them, naming the limit', () => {
		const { server, client } = setup();
		addGroups(server, Array.from({ length: MAX_GROUPS - 2 }, (_, i) => makeGroup({ id: `grp_g${i}` })), { kind: 'server' });
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
		const origin = userOrigin('user_alice');
		const before = Y.encodeStateVector(client);
		const placeBefore = roots(server).place.toJSON();
		addGroups(client, [makeGroup({ id: 'grp_x' })], origin);
		moveNotesToGroup(client, ['note_n2'], 'grp_x', origin);
		createGroup(client, ['note_n1'], { x: 0, y: 0, label: 'New' }, origin);
		const update = Y.encodeStateAsUpdate(client, before);
		const changed = captureChanges(server, () => Y.applyUpdate(server, update, 'conn'));
		const told: string[] = [];
		expect(repairContent(server, changed, alice, told)).toEqual([`more than ${MAX_GROUPS} groups: the new ones were removed`]);
		expect(told).toEqual(['This board can hold at most 5,000 groups; the 2 new groups were not kept.']);
		expect(roots(server).groups.size).toBe(MAX_GROUPS - 1);
		// The notes moved into them are where they were (unsorted).
		expect(roots(server).place.toJSON()).toEqual(placeBefore);
		expect([placeBefore.note_n1, placeBefore.note_n2]).toEqual([undefined, undefined]);
		expect(limitNotice('group', MAX_GROUPS, 1)).toBe('This board has 5,000 groups, the most it can hold; the new group was not kept.');
		expect(limitNotice('note', 30_000, 1)).toBe('This board has 30,000 notes, the most it can hold; the new note was not kept.');
		// A valid change says nothing.
		const quiet: string[] = [];
		expect(receive(server, client, (doc) => renameGroup(doc, 'grp_a', 'Late', origin))).toEqual([]);
		expect(repairContent(server, captureChanges(server, () => {}), alice, quiet)).toEqual([]);
		expect(quiet).toEqual([]);
	});

	it('lets the server write sources and statuses', () => {
		const { server, client } = setup();
		const problems = receive(
			server,
			client,
			(doc) => {
				roots(doc).meta.set(importFieldsKey('imp_2'), ['region']);
				roots(doc).notes.set('note_imp', ['t', 'import', 1, 'imp_2', 0, 'North']);
				addGroups(doc, [makeGroup({ id: 'grp_s', status: 'done' })], { kind: 'server' });
			},
			{ participant: 'server', server: true }
		);
		expect(problems).toEqual([]);
		expect(roots(server).notes.has('note_imp')).toBe(true);
		expect(readGroups(server).groups.find((g) => g.id === 'grp_s')?.status).toBe('done');
	});

	it('marks its transaction with the REPAIR origin', () => {
		const { server, client } = setup();
		const origins: unknown[] = [];
		server.on('afterTransaction', (txn: Y.Transaction) => origins.push(txn.origin));
		receive(server, client, (doc) => roots(doc).notes.set('note_x', 1));
		expect(origins).toEqual(['conn', REPAIR]);
	});

	it('checks a document loaded from storage, whose roots nobody has read as maps yet', () => {
		const { server: original, client } = setup();
		const server = new Y.Doc();
		Y.applyUpdate(server, Y.encodeStateAsUpdate(original));
		const problems = receive(server, client, (d) => d.getMap('notes').set('note_x', 'x'));
		expect(problems.join()).toMatch(/note_x/);
		expect(roots(server).notes.has('note_x')).toBe(false);
		expect(roots(client).notes.has('note_x')).toBe(false);
	});
	it(`puts a group back at the top level when a change nests it in a loop or more than ${MAX_NESTING} levels deep`, () => {
		const { server, client } = setup();
		const ids = Array.from({ length: 30 }, (_, i) => `grp_c${String(i).padStart(2, '0')}`);
		// One change: a chain of 30 groups, each inside the one before.
		const problems = receive(server, client, (doc) => addGroups(doc, ids.map((id, i) => makeGroup({ id, parentId: i ? ids[i - 1] : null })), userOrigin('user_alice')));
		expect(problems.filter((p) => /levels deep; made top-level/.test(p))).toHaveLength(2);
		const parents = () => new Map(readGroups(server).groups.map((g) => [g.id, g.parentId]));
		expect(parents().get(ids[MAX_NESTING + 1])).toBeNull();
		expect(parents().get(ids[2 * (MAX_NESTING + 1)])).toBeNull();
		expect(parents().get(ids[MAX_NESTING])).toBe(ids[MAX_NESTING - 1]);
		expect(json(client)).toEqual(json(server));
		// Hanging the top of one chain below the bottom of another, or a group below its own descendant, is put back.
		const top = ids[MAX_NESTING + 1];
		expect(receive(server, client, (doc) => (groupMapOf(doc, top) as Y.Map<unknown>).set('parentId', ids[MAX_NESTING]))).toEqual([expect.stringMatching(/levels deep; made top-level/)]);
		expect(receive(server, client, (doc) => (groupMapOf(doc, ids[0]) as Y.Map<unknown>).set('parentId', ids[3]))).toEqual([expect.stringMatching(/inside itself; made top-level/)]);
		expect(parents().get(top)).toBeNull();
		expect(parents().get(ids[0])).toBeNull();
		// Within the bound it is an ordinary move.
		expect(receive(server, client, (doc) => (groupMapOf(doc, ids[25]) as Y.Map<unknown>).set('parentId', ids[0]))).toEqual([]);
		expect(json(client)).toEqual(json(server));
	});
	it("gives a note a client adds its writer's participant id as author, whatever it names", () => {
		const { server, client } = setup();
		const notes = (doc: Y.Doc) => doc.getMap<unknown>('notes');
		const problems = receive(server, client, (doc) =>
			doc.transact(() => {
				notes(doc).set('note_spoof', ['Refund please', 'facilitator', 5]);
				notes(doc).set('note_other', ['Shipping was slow', 'user_bob', 6, { region: 'North' }]);
				notes(doc).set('note_own', ['My own idea', 'user_alice', 7]);
			})
		);
		expect(problems).toEqual([expect.stringMatching(/note_spoof: written by user_alice as "facilitator"/), expect.stringMatching(/note_other: written by user_alice as "user_bob"/)]);
		expect(notes(server).get('note_spoof')).toEqual(['Refund please', 'user_alice', 5]);
		expect(notes(server).get('note_other')).toEqual(['Shipping was slow', 'user_alice', 6, { region: 'North' }]);
		expect(notes(server).get('note_own')).toEqual(['My own idea', 'user_alice', 7]);
		expect(json(client)).toEqual(json(server));
		// The server's own changes (drafts becoming notes, restores) keep the authors they name.
		expect(receive(server, client, (doc) => notes(doc).set('note_draft', ['Idea', 'user_bob', 8]), { participant: 'server', server: true })).toEqual([]);
		expect(notes(server).get('note_draft')).toEqual(['Idea', 'user_bob', 8]);
	});
	it('gives a new note the time the server received it when its own lies outside the board’s time, keeping their order and the rest of each note', () => {
		const { server, client } = setup();
		const notes = (doc: Y.Doc) => doc.getMap<unknown>('notes');
		const since = 1_800_000_000_000;
		const now = since + 3_600_000;
		const writer: Writer = { ...alice, noteTimes: { now, since, given: 0 } };
		const problems = receive(
			server,
			client,
			(doc) =>
				doc.transact(() => {
					notes(doc).set('note_1970', ['Before the board', 'user_alice', 0]);
					notes(doc).set('note_future', ['From the future', 'user_alice', now + NOTE_TIME_SKEW_MS + 1]);
					notes(doc).set('note_nan', ['No time', 'facilitator', NaN]);
					notes(doc).set('note_text', ['Text time', 'user_alice', 'yesterday', { region: 'North' }]);
					notes(doc).set('note_negative', ['Negative', 'user_alice', -5]);
					notes(doc).set('note_infinite', ['Infinite', 'user_alice', Infinity]);
					// Within the skew either side: a note written offline or brought back by undo, a fast clock.
					notes(doc).set('note_offline', ['Written on the train', 'user_alice', since + 60_000]);
					notes(doc).set('note_early', ['Clock a little slow', 'user_alice', since - NOTE_TIME_SKEW_MS]);
					notes(doc).set('note_fast', ['Clock a little fast', 'user_alice', now + NOTE_TIME_SKEW_MS]);
				}),
			writer
		);
		expect(problems).toHaveLength(7);
		expect(problems).toContain('note note_nan: written by user_alice as "facilitator"; its author set to the writer');
		expect(problems).toContain('note note_text: its time "yesterday" is not when it was written; set to the server\'s');
		const times = Object.fromEntries(readNotes(server).notes.map((n) => [n.id, n.createdAt]));
		// A millisecond apart, in the order their times gave them; what is no time at all comes last, by id.
		expect(times).toMatchObject({
			note_negative: now - 5,
			note_1970: now - 4,
			note_future: now - 3,
			note_infinite: now - 2,
			note_nan: now - 1,
			note_text: now,
			note_offline: since + 60_000,
			note_early: since - NOTE_TIME_SKEW_MS,
			note_fast: now + NOTE_TIME_SKEW_MS
		});
		expect(notes(server).get('note_nan')).toEqual(['No time', 'user_alice', now - 1]);
		expect(notes(server).get('note_text')).toEqual(['Text time', 'user_alice', now, { region: 'North' }]);
		expect(json(client)).toEqual(json(server));
		// An existing note's time never changes.
		expect(receive(server, client, (doc) => notes(doc).set('note_offline', ['Written on the train', 'user_alice', now]), writer)).toEqual([
			'note note_offline: its content cannot change; put back'
		]);
		expect(notes(server).get('note_offline')).toEqual(['Written on the train', 'user_alice', since + 60_000]);
		// The server's own changes (a restore of an old board) keep the times they give.
		expect(receive(server, client, (doc) => notes(doc).set('note_restored', ['Old', 'user_bob', 1_000]), { participant: 'server', server: true })).toEqual([]);
		// A note that is not one for more than its time is removed, as before.
		expect(receive(server, client, (doc) => notes(doc).set('note_broken', [42, 'user_alice', NaN]), writer)).toEqual([expect.stringMatching(/note_broken: not a valid note/)]);
		expect(notes(server).has('note_broken')).toBe(false);
		// The next change, arriving within the same millisecond: its notes come after the ones before.
		receive(server, client, (doc) => doc.transact(() => ['note_next1', 'note_next2'].forEach((id, i) => notes(doc).set(id, ['Next', 'user_alice', i]))), writer);
		expect(readNotes(server).notes.filter((n) => n.id.startsWith('note_next')).map((n) => n.createdAt)).toEqual([now + 1, now + 2]);
	});
	it('puts a group that a change makes its own parent back at the top level', () => {
		const { server, client } = setup();
		const raw = (doc: Y.Doc) => groupMapOf(doc, 'grp_a') as Y.Map<unknown>;
		expect(receive(server, client, (doc) => raw(doc).set('parentId', 'grp_a'))).toEqual([expect.stringMatching(/grp_a: nested inside itself; made top-level/)]);
		expect(raw(server).get('parentId')).toBeNull();
		// A group written whole with itself as its parent too.
		const problems = receive(server, client, (doc) => addGroups(doc, [makeGroup({ id: 'grp_self', parentId: 'grp_self' })], userOrigin('user_alice')));
		expect(problems).toEqual([expect.stringMatching(/grp_self: nested inside itself/)]);
		expect((groupMapOf(server, 'grp_self') as Y.Map<unknown>).get('parentId')).toBeNull();
		expect(json(client)).toEqual(json(server));
	});
});
