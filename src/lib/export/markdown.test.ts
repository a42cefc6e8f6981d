import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addGroups, addNotes, initBoard, makeGroup, makeNote } from '$lib/board';
import { readBoard } from './board-data';
import { boardReport, mdText } from './markdown';

const render = (text: string) => marked.parse(mdText(text), { async: false }).trim();

describe('Markdown text', () => {
	it('renders hostile names as the text they are, with no link, image or HTML', () => {
		for (const text of ['[click](javascript:alert(1))', '![x](http://attacker.example/p.png)', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '*bold* _em_ `code` ~~gone~~', '# heading', '1. list', '&lt;b&gt; &amp;']) {
			const html = render(text);
			// One paragraph of text; the only markup allowed is a web address made a link (GFM autolinks).
			expect(html.replace(/<a href="https?:[^"]*">([^<]*)<\/a>/g, '$1'), text).toMatch(/^<p>[^<]*<\/p>$/);
			const decoded = html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
			expect(decoded).toBe(text);
		}
	});

	it('drops bidi overrides and isolates right-to-left text', () => {
		expect(mdText('Refund \u202Egnp.exe\u202C today')).toBe('Refund gnp.exe today');
		expect(mdText('\u2067مرتجع\u2069')).toBe('\u2068مرتجع\u2069');
	});
});

describe('the workshop report', () => {
	it('lists the groups the room voted for most first, then the largest', () => {
		const doc = new Y.Doc();
		initBoard(doc);
		const origin = { kind: 'user' as const, userId: 'test' };
		const groups = ['Prices', 'Checkout', 'Late deliveries', 'Staff'].map((label, i) => makeGroup({ label, x: i * 400, y: 0, order: `a${i}` }));
		addGroups(doc, groups, origin);
		const sizes = [4, 2, 3, 1];
		addNotes(doc, groups.flatMap((g, i) => Array.from({ length: sizes[i] }, (_, k) => makeNote({ text: `${g.label} ${k}`, groupId: g.id, order: `a${k}` }))), origin);
		const [, checkout, late, staff] = groups.map((g) => g.id);
		const votes: Record<string, Record<string, number>> = { [checkout]: { user_a: 3, user_b: 1 }, [late]: { user_a: 2 }, [staff]: { user_b: 2 } };
		const md = boardReport(readBoard(doc, { title: 'Votes first', votes }));
		const order = [...md.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
		// Checkout has 4 votes; Late deliveries and Staff 2 each, the larger first; Prices none.
		expect(order).toEqual(['Checkout', 'Late deliveries', 'Staff', 'Prices']);
	});
});

describe('the workshop report of a board whose groups loop', () => {
	it('lists a group stored as its own parent, and groups in a loop of parents, with their comments', () => {
		const doc = new Y.Doc();
		initBoard(doc);
		const origin = { kind: 'user' as const, userId: 'test' };
		const self = makeGroup({ id: 'grp_self', label: 'Fabric quality', parentId: 'grp_self' });
		const a = makeGroup({ id: 'grp_a', label: 'Sizing', parentId: 'grp_b' });
		const b = makeGroup({ id: 'grp_b', label: 'Returns', parentId: 'grp_a' });
		addGroups(doc, [self, a, b], origin);
		addNotes(
			doc,
			[
				makeNote({ text: 'The fabric pilled after one wash', groupId: 'grp_self', order: 'a0' }),
				makeNote({ text: 'Runs two sizes small', groupId: 'grp_a', order: 'a0' }),
				makeNote({ text: 'The return label never came', groupId: 'grp_b', order: 'a0' })
			],
			origin
		);
		const md = boardReport(readBoard(doc, { title: 'Loops' }));
		expect(md).toContain('(3 in groups, 0 not grouped)');
		const headings = [...md.matchAll(/^#{3,} (.+)$/gm)].map((m) => m[1]);
		expect(headings.sort()).toEqual(['Fabric quality', 'Returns', 'Sizing']);
		// The loop is cut at its smallest id, as the board draws it: Returns is nested in Sizing.
		expect(md).toMatch(/^### Sizing$[\s\S]*^#### Returns$/m);
		expect(md).toContain('The fabric pilled after one wash');
	});
});
