import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNotes, initBoard, makeNote } from '$lib/board';
import { createGroup, renameGroup } from '$lib/board/grouping';
import { userOrigin } from '$lib/board/origin';
import { assignGroup } from '$lib/tasks/assign';
import { draftTasks } from '$lib/tasks';
import { groupTitle } from '$lib/tasks/derive';
import { editText, randomEdit, unicodeString } from '../../../tests/helpers/unicode';
import { graphemes } from '../text/graphemes';
import { isWellFormed } from '../text/wellformed';
import { unisolate } from '../text/direction';
import { boardTitle, readBoard } from './board-data';
import { makeBackup, restoreBackup } from './backup';
import { boardReport } from './markdown';
import { boardToSvg } from './svg';
import { fitTitle, tasksToCsv } from './tasks-csv';
import { displayWidth } from '../text/width';

/** What goes over HTTP: the string as UTF-8 bytes and back (a lone surrogate would become U+FFFD). */
const overTheWire = (text: string) => Buffer.from(text, 'utf8').toString('utf8');
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
const FORMULA = /^[=+\-@\t\r]/;

function sync(from: Y.Doc, to: Y.Doc) {
	Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

const comment = unicodeString(16).filter((t) => t.trim().length > 0);

describe('random Unicode from two editors to every export', () => {
	it('converges, stays well-formed and comes back exact from the JSON backup, CSV and Markdown', () => {
		fc.assert(
			fc.property(
				unicodeString(),
				fc.array(fc.tuple(fc.boolean(), randomEdit(), fc.boolean()), { minLength: 1, maxLength: 10 }),
				fc.array(comment, { minLength: 1, maxLength: 3 }),
				(initial, steps, texts) => {
					const a = new Y.Doc();
					initBoard(a);
					const notes = texts.map((text, i) => makeNote({ text, createdAt: 1_700_000_000_000 + i }));
					addNotes(a, notes, { kind: 'import' });
					const alice = userOrigin('user_alice');
					const bob = userOrigin('user_bob');
					const groupId = createGroup(a, notes.map((n) => n.id), { x: 0, y: 0, label: initial }, alice);
					assignGroup(a, groupId, { department: 'dept_care' }, alice);
					const b = new Y.Doc();
					sync(a, b);

					for (const [onA, edit, syncNow] of steps) {
						const doc = onA ? a : b;
						const current = readBoard(doc).groups.find((g) => g.id === groupId)!.label;
						renameGroup(doc, groupId, editText(current, edit, graphemes), onA ? alice : bob);
						if (syncNow) {
							sync(a, b);
							sync(b, a);
						}
					}
					sync(a, b);
					sync(b, a);
					const board = readBoard(a);
					const label = board.groups.find((g) => g.id === groupId)!.label;
					expect(readBoard(b).groups.find((g) => g.id === groupId)!.label).toBe(label);
					expect(isWellFormed(label)).toBe(true);
					expect(label).not.toContain('\ufffd');

					// JSON backup, downloaded and restored.
					const restored = readBoard(restoreBackup(overTheWire(JSON.stringify(makeBackup(a)))).doc);
					expect(restored.groups.find((g) => g.id === groupId)?.label).toBe(label);
					expect(restored.notes.map((n) => n.text).sort()).toEqual(texts.slice().sort());

					// Tasks CSV: the group's name is the task title, every comment is in the description's quotes.
					const tasks = draftTasks(board).map((d) => ({ ...d, departmentName: 'Customer Care', status: 'open' as const, boardTitle: boardTitle(board) }));
					const csv = overTheWire(tasksToCsv(tasks, 'generic'));
					const [header, row] = Papa.parse<string[]>(csv.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
					const title = row[header.indexOf('Title')];
					expect(title.startsWith("'") && FORMULA.test(title.slice(1)) ? title.slice(1) : title).toBe(groupTitle(label));
					expect(isWellFormed(row[header.indexOf('Description')])).toBe(true);

					// Markdown report: the group's heading and each quote read back as written.
					const md = overTheWire(boardReport(board, { now: new Date(0) }));
					expect(isWellFormed(md)).toBe(true);
					const unescape = (line: string) => unisolate(line).replace(/\\(.)/g, '$1');
					const heading = md.split('\n').find((l) => l.startsWith('### '))!;
					expect(unescape(heading.slice(4))).toBe(flat(groupTitle(label)));
					const quotes = md.split('\n').filter((l) => l.startsWith('> ') && l.length > 2);
					expect(quotes.length).toBeGreaterThan(0);
					for (const q of quotes) expect(texts.map(flat)).toContain(unescape(q.slice(2)));
				}
			),
			{ numRuns: 60 }
		);
	});
});

describe('SVG and tracker exports of text in any script', () => {
	it('lays right-to-left notes and names out from the right and wraps Japanese by width', () => {
		const doc = new Y.Doc();
		initBoard(doc);
		const arabic = makeNote({ text: 'التوصيل بطيء جدا والمنتج وصل مكسورا', x: 0, y: 0 });
		const japanese = makeNote({ text: '配送が遅すぎて、箱も壊れていました。スタッフの対応は丁寧でした。', x: 200, y: 0 });
		addNotes(doc, [arabic, japanese], { kind: 'import' });
		createGroup(doc, [arabic.id], { x: 0, y: 0, label: 'مشاكل التوصيل '.repeat(20) }, userOrigin('user_alice'));
		const svg = boardToSvg(readBoard(doc));
		expect(isWellFormed(svg)).toBe(true);
		const arabicText = svg.split('\n').find((l) => l.includes('التوصيل بطيء'))!;
		expect(arabicText).toContain('direction="rtl"');
		// The name wraps over two lines, the second ending in an ellipsis.
		const label = svg.split('\n').filter((l) => l.includes('font-size="17"') && l.includes('مشاكل')).at(-1)!;
		expect(label).toContain('direction="rtl"');
		expect(label).toContain('…');
		const lines = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).filter((l) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(l));
		expect(lines.length).toBeGreaterThan(1);
		// A note card on the screen image holds 28 columns of 12 px text.
		for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(28);
	});

	it('cuts a task title over 255 characters for Jira and Azure DevOps between characters', () => {
		const long = '👍🏽'.repeat(100);
		const title = fitTitle(long, 255).text;
		expect(title.length).toBeLessThanOrEqual(255);
		expect(title.endsWith('👍🏽…')).toBe(true);
		expect(fitTitle('Short', 255)).toEqual({ text: 'Short', cut: false });
	});
});
