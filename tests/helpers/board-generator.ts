import { generateNKeysBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { addGroups, addNotes, initBoard, makeGroup, makeNote, type Group, type Note } from '../../src/lib/board';
import { GROUP_COLORS } from '../../src/lib/board/group';
import { layoutBoard, GAP } from '../../src/lib/board/layout';

/**
 * Synthetic workshop boards of any size, with customer metadata on every note, for end-to-end
 * tests and the board benchmark. Deterministic for a given seed.
 */
const SUBJECTS = ['The courier', 'Your app', 'The invoice', 'Customer support', 'The refund', 'The delivery slot', 'The checkout', 'The parcel', 'Your website', 'The return label', 'The hotline', 'My order'];
const VERBS = ['was late again', 'crashed twice', 'charged me twice', 'never called back', 'took six weeks', 'was ignored', 'kept timing out', 'arrived damaged', 'was friendly and quick', 'made it easy', 'was confusing', 'lost my details'];
const TAILS = ['and nobody told me why.', 'so I had to call three times.', 'which is not what I expect from you.', 'but the driver was very polite.', 'and the tracking page showed nothing.', 'after I had paid for express shipping.', 'I will think twice before ordering again.', 'great job, keep it up!', '', 'the second time this year.'];
const THEMES = ['Late deliveries', 'Billing errors', 'App stability', 'Support callbacks', 'Refund delays', 'Checkout friction', 'Damaged parcels', 'Friendly staff', 'Tracking gaps', 'Returns process'];
const SATISFACTION = ['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied'];
const STATUS = ['Current customer', 'Former customer', "Competitor's customer"];
const PRODUCTS = ['Home broadband', 'Mobile plan', 'TV bundle', 'Smart router'];
const REGIONS = ['North', 'South', 'East', 'West', 'Capital'];
const TOUCHPOINTS = ['sales', 'delivery', 'invoice', 'returns', 'usage', 'support'];

function random(seed: number) {
	let s = seed >>> 0 || 1;
	return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
}

export interface GeneratedBoard {
	doc: Y.Doc;
	notes: Note[];
	groups: Group[];
}

/**
 * `notes` notes: `grouped` share of them in `groups` groups laid out in a grid, the rest loose
 * beside them. With `imported`, the notes are customer comments of one import (`imp_generated`,
 * one row each), as a board that was imported holds them; such a board reaches a server through a
 * restore (only the server writes notes with a source), not `pushToBoard`.
 */
export function generateBoard(opts: { notes: number; groups: number; grouped?: number; seed?: number; imported?: boolean }): GeneratedBoard {
	const rnd = random(opts.seed ?? 7);
	// Valid fractional-index keys, enough for the groups and for the notes of the largest group.
	const keys = generateNKeysBetween(null, null, Math.max(opts.groups, Math.ceil(opts.notes / Math.max(1, opts.groups))) + 1);
	const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
	const groups: Group[] = Array.from({ length: opts.groups }, (_, i) =>
		makeGroup({ id: `grp_g${i}`, label: `${THEMES[i % THEMES.length]}${i >= THEMES.length ? ` ${Math.floor(i / THEMES.length) + 1}` : ''}`, order: keys[i], color: GROUP_COLORS[i % GROUP_COLORS.length] })
	);
	const groupedCount = Math.round(opts.notes * (opts.grouped ?? (opts.groups ? 0.9 : 0)));
	const notes: Note[] = Array.from({ length: opts.notes }, (_, i) => {
		const sat = Math.min(4, Math.floor(rnd() * rnd() * 6));
		return makeNote({
			id: `note_n${i}`,
			text: `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(TAILS)}`.trim(),
			source: opts.imported ? { importId: 'imp_generated', row: i } : null,
			fields: { satisfaction: SATISFACTION[sat], customerStatus: pick(STATUS), product: pick(PRODUCTS), region: pick(REGIONS), touchpoint: pick(TOUCHPOINTS) },
			groupId: i < groupedCount && groups.length ? groups[i % groups.length].id : null,
			order: keys[Math.floor(i / Math.max(1, groups.length))],
			createdBy: 'import',
			createdAt: 1_700_000_000_000 + i
		});
	});
	// Groups in rows, each placed by its laid-out size so nothing overlaps; loose notes in a grid below.
	const sized = layoutBoard(
		notes.map((n) => ({ ...n, pos: { x: 0, y: 0 } })),
		groups.map((g) => ({ id: g.id, x: 0, y: 0, parentId: null, order: g.order, collapsed: false }))
	);
	const perRow = Math.max(1, Math.ceil(Math.sqrt(groups.length * 1.6)));
	let x = 0;
	let y = 0;
	let rowH = 0;
	groups.forEach((g, i) => {
		if (i > 0 && i % perRow === 0) {
			x = 0;
			y += rowH + 60;
			rowH = 0;
		}
		const r = sized.groups.get(g.id)!;
		g.x = x;
		g.y = y;
		x += r.w + 60;
		rowH = Math.max(rowH, r.h);
	});
	const looseTop = groups.length ? y + rowH + 120 : 0;
	notes.filter((n) => !n.groupId).forEach((n, i) => {
		n.pos = { x: (i % 40) * (208 + GAP), y: looseTop + Math.floor(i / 40) * (124 + GAP) };
	});
	const doc = new Y.Doc();
	initBoard(doc);
	addGroups(doc, groups, { kind: 'import' });
	addNotes(doc, notes, { kind: 'import' });
	return { doc, notes, groups };
}

/** Entries of the document's root maps per change sent: well within the server's 4,000 parts per change. */
const PUSH_BATCH = 250;

/** A fresh copy of a value of a root map, to be written into another document. */
function copyValue(value: unknown): unknown {
	if (value instanceof Y.Text) return new Y.Text(value.toString());
	if (value instanceof Y.Map) {
		const m = new Y.Map<unknown>();
		value.forEach((v, k) => m.set(k, copyValue(v)));
		return m;
	}
	if (value instanceof Y.Array) {
		const a = new Y.Array<unknown>();
		a.push(value.toArray().map(copyValue));
		return a;
	}
	return value;
}

/**
 * Writes a document into a board on a running server through its sync endpoint, as a client would:
 * the entries of its root maps copied in changes of `PUSH_BATCH` entries (the server refuses a
 * single change of more than 4,000 parts or 512 KB, so a whole board never goes in one).
 */
export async function pushToBoard(baseURL: string, boardId: string, link: string, doc: Y.Doc): Promise<void> {
	const token = new URL(link).searchParams.get('token') ?? new URLSearchParams(new URL(link).hash.slice(1)).get('token') ?? '';
	const remote = new Y.Doc();
	const provider = new WebsocketProvider(baseURL.replace(/^http/, 'ws') + '/sync', boardId, remote, {
		params: { token },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('sync with the board server timed out')), 30_000);
		provider.once('sync', () => {
			clearTimeout(timer);
			resolve();
		});
	});
	for (const name of doc.share.keys()) {
		const source = doc.getMap<unknown>(name);
		const target = remote.getMap<unknown>(name);
		const same = (k: string) => target.has(k) && JSON.stringify(target.get(k)) === JSON.stringify(source.get(k));
		const keys = [...source.keys()].filter((k) => !same(k));
		for (let i = 0; i < keys.length; i += PUSH_BATCH) {
			remote.transact(() => {
				for (const k of keys.slice(i, i + PUSH_BATCH)) target.set(k, copyValue(source.get(k)));
			});
		}
	}
	// Wait until the server has everything: its sync answer reflects our state vector.
	await new Promise((r) => setTimeout(r, 300));
	const check = new Y.Doc();
	const checker = new WebsocketProvider(baseURL.replace(/^http/, 'ws') + '/sync', boardId, check, {
		params: { token },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	const want = doc.getMap('notes').size;
	const deadline = Date.now() + 60_000;
	while (check.getMap('notes').size < want) {
		if (Date.now() > deadline) throw new Error(`the server has ${check.getMap('notes').size} of ${want} notes`);
		await new Promise((r) => setTimeout(r, 100));
	}
	checker.destroy();
	provider.destroy();
}
