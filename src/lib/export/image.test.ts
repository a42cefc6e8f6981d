import { DOMParser, type Element } from '@xmldom/xmldom';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNotes, guessMapping, parseFile } from '$lib/import';
import { makeGroup, makeNote, type Group, type Note } from '$lib/board';
import type { BoardData } from './board-data';
import { boardImagePages, boardToSvg, PAPER_SIZE, type ImageScope, type Paper } from './svg';
import { COLUMN_EM, displayWidth } from '../text/width';

const URL_NOTE = 'See https://support.example.com/tickets/2024/very/long/path/that/never/ends?ref=abcdefghijklmnopqrstuvwxyz0123456789&session=zzzzzzzzzzzzzzzzzzzz for the screenshots';
const CJK_NOTE = '配送が遅すぎて、箱も壊れていました。スタッフの対応は丁寧でしたが、二週間も待たされたのは納得できません。次回は別の店を使います。'.repeat(2);
const ARABIC_NOTE = 'التوصيل بطيء جدا والمنتج وصل مكسورا ولم يرد أحد على رسائلي';

function board(): BoardData {
	const groups: Group[] = [
		makeGroup({ id: 'grp_delivery', label: 'Delivery was late and the courier never called before coming to the door', order: 'a0', color: '#f59e0b' }),
		makeGroup({ id: 'grp_nested', label: 'Broken parcels', parentId: 'grp_delivery', order: 'a0' }),
		makeGroup({ id: 'grp_folded', label: 'Billing', order: 'a1', collapsed: true }),
		makeGroup({ id: 'grp_hidden_child', label: 'Refunds', parentId: 'grp_folded', order: 'a0' }),
		makeGroup({ id: 'grp_empty', label: '', order: 'a2' })
	];
	const notes: Note[] = [
		makeNote({ id: 'note_url', text: URL_NOTE, groupId: 'grp_delivery', order: 'a0', fields: { satisfaction: 1 } }),
		makeNote({ id: 'note_cjk', text: CJK_NOTE, groupId: 'grp_delivery', order: 'a1', fields: { satisfaction: 2 } }),
		makeNote({ id: 'note_ar', text: ARABIC_NOTE, groupId: 'grp_nested', order: 'a0' }),
		makeNote({ id: 'note_w', text: 'W'.repeat(400), groupId: 'grp_nested', order: 'a1' }),
		makeNote({ id: 'note_dup', text: 'Courier was late', stackedOn: 'note_url' }),
		makeNote({ id: 'note_bill1', text: 'Charged twice', groupId: 'grp_folded', order: 'a0' }),
		makeNote({ id: 'note_bill2', text: 'Refund took a month', groupId: 'grp_hidden_child', order: 'a0' }),
		makeNote({ id: 'note_emoji', text: '👍🏽👨‍👩‍👧‍👦 '.repeat(40) }),
		...Array.from({ length: 240 }, (_, i) => makeNote({ id: `note_loose${i}`, text: `Loose comment number ${i}: the app logged me out again while I was paying`, createdAt: i }))
	];
	return { title: 'Customer voices — Q3 <review>', notes, groups, votes: { grp_delivery: { u1: 2, u2: 1 } }, imports: {}, privateColumns: [], skipped: { notes: [], groups: [] } };
}

function parse(svg: string) {
	const errors: string[] = [];
	const doc = new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(svg, 'image/svg+xml');
	expect(errors).toEqual([]);
	return doc.documentElement!;
}

const num = (el: Element, name: string) => Number(el.getAttribute(name) ?? 0);
const all = (el: Element, tag: string) => Array.from(el.getElementsByTagName(tag)) as Element[];

/**
 * Every text inside a card (a nested <svg data-card>) lies inside that card: its baseline within
 * the card's height, and its estimated extent (display width × font size × COLUMN_EM, from x in the
 * direction its anchor says) within the card's width.
 */
function expectTextInsideCards(root: Element) {
	const cards = all(root, 'svg').filter((s) => s.getAttribute('data-card'));
	expect(cards.length).toBeGreaterThan(0);
	for (const card of cards) {
		const w = num(card, 'width');
		const h = num(card, 'height');
		for (const t of all(card, 'text')) {
			const size = num(t, 'font-size');
			const x = num(t, 'x');
			const y = num(t, 'y');
			const text = t.textContent ?? '';
			const extent = displayWidth(text) * size * COLUMN_EM;
			const anchoredEnd = (t.getAttribute('text-anchor') === 'end') !== (t.getAttribute('direction') === 'rtl');
			const [left, right] = anchoredEnd ? [x - extent, x] : [x, x + extent];
			expect(left, `"${text}" starts left of its card`).toBeGreaterThanOrEqual(-0.5);
			expect(right, `"${text}" runs past its card (${w} px)`).toBeLessThanOrEqual(w + 0.5);
			expect(y - size, `"${text}" above its card`).toBeGreaterThanOrEqual(0);
			expect(y + size * 0.25, `"${text}" below its card (${h} px)`).toBeLessThanOrEqual(h);
		}
	}
}

describe('board images', () => {
	const data = board();
	const cases: [ImageScope, Paper][] = [
		['board', 'screen'],
		['board', 'a4'],
		['board', 'letter'],
		['groups', 'screen'],
		['groups', 'a4']
	];

	it.each(cases)('%s on %s: well-formed, every text inside its card, pages of the paper size', (scope, paper) => {
		const pages = boardImagePages(data, { scope, paper });
		const size = PAPER_SIZE[paper];
		for (const page of pages) {
			const root = parse(page);
			expect(num(root, 'width')).toBe(size.w);
			if (size.h !== null) expect(num(root, 'height')).toBe(size.h);
			expectTextInsideCards(root);
			for (const card of all(root, 'svg').filter((s) => s.getAttribute('data-card'))) {
				expect(num(card, 'x')).toBeGreaterThanOrEqual(size.margin);
				expect(num(card, 'x') + num(card, 'width')).toBeLessThanOrEqual(size.w - size.margin + 0.5);
				if (size.h !== null) expect(num(card, 'y') + num(card, 'height')).toBeLessThanOrEqual(size.h - size.margin);
			}
		}
		if (paper !== 'screen' && scope === 'board') expect(pages.length).toBeGreaterThan(1);
		if (paper === 'screen') expect(pages).toHaveLength(1);
	});

	it('draws every visible note once, and nothing of a collapsed group but its header', () => {
		for (const paper of ['screen', 'a4'] as const) {
			const ids = boardImagePages(data, { scope: 'board', paper }).flatMap((p) => [...p.matchAll(/data-note="([^"]+)"/g)].map((m) => m[1]));
			const expected = data.notes.filter((n) => !n.stackedOn && n.groupId !== 'grp_folded' && n.groupId !== 'grp_hidden_child').map((n) => n.id);
			expect(ids.sort()).toEqual(expected.sort());
		}
		const svg = boardToSvg(data, { scope: 'board' });
		expect(svg).toContain('data-group-head="grp_folded"');
		expect(svg).not.toContain('data-group-head="grp_hidden_child"');
		// A group's count includes its nested groups' comments, as on the board.
		expect(svg).toContain('2 comments · collapsed on the board');
		expect(svg).toContain('×2');
		expect(svg).toContain('3 votes');
	});

	it('lists the groups image’s cards voted for most first, ties in the board’s order, and the board image in the board’s order', () => {
		const voted: BoardData = { ...data, votes: { grp_empty: { u1: 3, u2: 2 }, grp_delivery: { u1: 2, u2: 1 } } };
		const cards = (svg: string) => [...svg.matchAll(/data-group="([^"]+)" data-card="group"/g)].map((m) => m[1]);
		expect(cards(boardToSvg(voted, { scope: 'groups' }))).toEqual(['grp_empty', 'grp_delivery', 'grp_nested', 'grp_folded']);
		expect(cards(boardToSvg({ ...data, votes: {} }, { scope: 'groups' }))).toEqual(['grp_delivery', 'grp_nested', 'grp_folded', 'grp_empty']);
		const heads = [...boardToSvg(voted, { scope: 'board' }).matchAll(/data-group-head="([^"]+)"/g)].map((m) => m[1]);
		expect(heads.indexOf('grp_delivery')).toBeLessThan(heads.indexOf('grp_empty'));
	});

	it('wraps CJK and URLs onto several lines and ends cut text with an ellipsis', () => {
		const root = parse(boardToSvg(data, { scope: 'board' }));
		const lines = (id: string) => all(all(root, 'svg').find((s) => s.getAttribute('data-note') === id)!, 'text').map((t) => t.textContent ?? '');
		expect(lines('note_url').length).toBeGreaterThan(2);
		expect(lines('note_url').join('')).toContain('https://support.example.com/tickets');
		expect(lines('note_cjk').length).toBe(6);
		expect(lines('note_cjk').at(-1)!.endsWith('…')).toBe(true);
		expect(lines('note_emoji').at(-1)!.endsWith('…')).toBe(true);
		expect(lines('note_w').at(-1)!.endsWith('…')).toBe(true);
		const arabic = all(root, 'svg').find((s) => s.getAttribute('data-note') === 'note_ar')!;
		expect(all(arabic, 'text')[0].getAttribute('direction')).toBe('rtl');
	});

	it('numbers paper pages and carries a section over a page break with its name', () => {
		const pages = boardImagePages(data, { scope: 'board', paper: 'a4' });
		pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${pages.length}`));
		expect(pages.slice(1).some((p) => p.includes('Not in a group (continued)'))).toBe(true);
		const stacked = parse(boardToSvg(data, { scope: 'board', paper: 'a4' }));
		expect(all(stacked, 'svg').filter((s) => s.getAttribute('data-page'))).toHaveLength(pages.length);
		expect(() => boardToSvg(data, { scope: 'board', paper: 'a4', page: pages.length + 1 })).toThrow(RangeError);
	});

	it('shows one card per group with its count and satisfaction bar in the groups image', () => {
		const svg = boardToSvg(data, { scope: 'groups' });
		expect(svg.match(/data-card="group"/g)).toHaveLength(4);
		expect(svg).not.toContain('data-note=');
		expect(svg).toContain('Untitled group');
		expect(svg).toContain('In Delivery was late');
	});

	it('answers an empty board with a readable page', () => {
		const empty: BoardData = { ...data, notes: [], groups: [], votes: {} };
		expect(boardToSvg(empty)).toContain('This board has no notes yet.');
		expect(boardToSvg(empty, { scope: 'groups' })).toContain('No groups yet.');
	});
});

describe('board images of a file with several scales', () => {
	const NPS = 'Likelihood to recommend (0-10)';
	const RATING = 'Rating (1 = excellent, 5 = poor)';

	/** The two-scales fixture as the import dialog maps it, every note in one group. */
	async function twoScales(only?: string): Promise<BoardData> {
		const bytes = new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../../tests/fixtures/context/two-scales.csv')));
		const table = await parseFile(bytes, 'two-scales.csv');
		const mapping = guessMapping(table);
		if (only) for (const c of mapping.columns) if (c.role === 'satisfaction' && c.column !== only) c.role = 'other';
		const built = buildNotes(table, mapping, { importId: 'imp_two', createdBy: 'user_1', now: Date.UTC(2025, 5, 1) });
		const notes = built.notes.map((n, i) => ({ ...n, groupId: 'grp_all', order: `a${String(i).padStart(3, '0')}` }));
		const groups = [makeGroup({ id: 'grp_all', label: 'Everything customers said', order: 'a0' })];
		return { title: 'Two scales', notes, groups, votes: {}, imports: { imp_two: built.summary }, privateColumns: [], skipped: { notes: [], groups: [] } };
	}

	const bars = (svg: string) =>
		all(parse(svg), 'g')
			.filter((g) => g.getAttribute('data-satisfaction'))
			.map((g) => ({ counts: g.getAttribute('data-satisfaction'), title: g.getElementsByTagName('title')[0]?.textContent }));

	it('draws a bar per scale in each section head and group card, each named by its column and read in its own direction', async () => {
		const data = await twoScales();
		for (const scope of ['board', 'groups'] as const) {
			for (const paper of ['screen', 'a4'] as const) for (const page of boardImagePages(data, { scope, paper })) expectTextInsideCards(parse(page));
			const svg = boardToSvg(data, { scope });
			// NPS: 10 promoters, 2 passives, 10 detractors; rating (best 1): 10 dissatisfied, 2 neutral, 10 satisfied.
			expect(bars(svg)).toEqual([
				{ counts: '10,2,10', title: `${NPS}: NPS 0: 10 promoters, 2 passives, 10 detractors` },
				{ counts: '10,2,10', title: `${RATING}: 10 dissatisfied, 2 neutral, 10 satisfied` }
			]);
			const blocks = all(parse(svg), 'g').filter((g) => g.getAttribute('data-scale-block'));
			// Each block: the scale's short name, then its counts (wrapped onto two lines where narrow).
			const texts = blocks.map((g) => all(g, 'text').map((t) => t.textContent ?? ''));
			expect(texts.map(([name, ...counts]) => [name, counts.join(' ')])).toEqual([
				['Likelihood to recommend', 'NPS 0 · 10 promoters · 2 passives · 10 detractors'],
				['Rating', '10 dissatisfied · 2 neutral · 10 satisfied']
			]);
		}
	});

	it('keeps a one-scale board’s single bar with its counts beside the comment count', async () => {
		const data = await twoScales(RATING);
		const svg = boardToSvg(data, { scope: 'board' });
		expect(bars(svg)).toEqual([{ counts: '10,2,10', title: 'Satisfaction: 10 dissatisfied, 2 neutral, 10 satisfied' }]);
		expect(svg).toContain('22 comments · 10 dissatisfied · 2 neutral · 10 satisfied');
		expect(svg).not.toContain('Rating:');
	});
});
