import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { draftTasks } from '$lib/tasks';
import { importFieldsKey, readNotes, roots } from '$lib/board';
import { airlineBoard, haveFixtures, surveyBoard, type FixtureBoard } from '../../../tests/helpers/fixture-boards';
import { boardTitle, readBoard } from './board-data';
import { BackupError, makeBackup, restoreBackup } from './backup';
import { boardReport } from './markdown';
import { boardToSvg } from './svg';
import { tasksToCsv, type ExportTask } from './tasks-csv';

const departments = [
	{ id: 'dept_care', name: 'Customer Care', color: '#2563eb', headName: '', headEmail: '' },
	{ id: 'dept_ops', name: 'Operations', color: '#16a34a', headName: '', headEmail: '' }
];

function exportTasks(fixture: FixtureBoard): ExportTask[] {
	const board = readBoard(fixture.doc, fixture.extras);
	return draftTasks(board).map((d) => ({
		...d,
		departmentName: departments.find((x) => x.id === d.departmentId)?.name ?? d.departmentId,
		status: 'open',
		boardTitle: boardTitle(board),
		url: `https://gistboard.example/b/board_1#${d.groupId}`
	}));
}

const FORMULA = /^[=+\-@\t\r]/;

describe.skipIf(!haveFixtures)('exports of real customer comments', () => {
	const airline = airlineBoard();

	it.each(['generic', 'jira', 'azure'] as const)('%s CSV parses back with the same tasks and no live formulas', (format) => {
		const tasks = exportTasks(airline);
		expect(tasks.length).toBeGreaterThanOrEqual(4);
		const csv = tasksToCsv(tasks, format);
		const parsed = Papa.parse<string[]>(csv.replace(/^\ufeff/, ''), { skipEmptyLines: true });
		expect(parsed.errors).toEqual([]);
		const [header, ...rows] = parsed.data;
		expect(rows).toHaveLength(tasks.length);
		const titleCol = header.indexOf(format === 'jira' ? 'Summary' : 'Title');
		// Spreadsheets strip the apostrophe; trackers trim the leading space their files get instead.
		const unescape = (s: string) => (format === 'generic' ? (s.startsWith("'") && FORMULA.test(s.slice(1)) ? s.slice(1) : s) : s.trim());
		expect(rows.map((r) => unescape(r[titleCol]))).toEqual(tasks.map((t) => t.title));
		// The first group is named by a tweet, which starts with "@": it must come back escaped.
		expect(tasks[0].title.startsWith('@')).toBe(true);
		expect(rows[0][titleCol]).toBe(format === 'generic' ? `'${tasks[0].title}` : ` ${tasks[0].title}`);
		for (const row of rows) for (const cell of row) expect(cell).not.toMatch(FORMULA);
		if (format !== 'generic') {
			// Every tracker row links back to the customer evidence of its task.
			const descCol = header.indexOf('Description');
			rows.forEach((r, i) => expect(r[descCol]).toContain(`Customer evidence: ${format === 'azure' ? `<a href="${tasks[i].url}">` : tasks[i].url}`));
		}
		if (format === 'generic') {
			const descCol = header.indexOf('Description');
			expect(rows.map((r) => r[descCol])).toEqual(tasks.map((t) => t.description));
			expect(rows.map((r) => r[header.indexOf('Owner e-mail')])).toEqual(tasks.map((t) => t.ownerEmail));
		}
	});

	it('writes a Markdown report with every group, owner and department', () => {
		const board = readBoard(airline.doc, airline.extras);
		const md = boardReport(board, { departments });
		for (const g of board.groups) {
			const name = g.label.replace(/\s+/g, ' ').trim();
			// Markdown escaping adds backslashes; compare with them removed.
			expect(md.replace(/\\(.)/g, '$1')).toContain(name);
			expect(md).toContain(g.owner!.name);
		}
		expect(md).toContain('Customer Care');
		expect(md).toContain('Operations');
		expect(md).toMatch(/^> .+/m);
	});

	it('reports the survey board with its full satisfaction scale and keeps private columns out', () => {
		const survey = surveyBoard();
		const board = readBoard(survey.doc, survey.extras);
		const md = boardReport(board);
		for (const answer of ['Very dissatisfied', 'Dissatisfied', 'Satisfied', 'Very satisfied']) expect(md).toContain(`| ${answer} |`);
		expect(md).not.toContain('Respondent ');
		for (const d of draftTasks(board)) {
			expect(d.description).not.toContain('Respondent ');
			for (const e of d.evidence) expect(e.fields).not.toHaveProperty('name');
		}
	});

	it('restores a backup into an equal board', () => {
		for (const { doc, extras } of [airline, surveyBoard()]) {
			const backup = makeBackup(doc, extras, new Date(0));
			const json = JSON.stringify(backup);
			const restored = restoreBackup(json);
			expect(restored.problems).toEqual([]);
			const { title, privateColumns, imports, votes, renamedImports } = restored;
			// A restored board gets import ids of its own; everything else comes back as it was.
			let again = JSON.stringify(makeBackup(restored.doc, { title, privateColumns, votes }, new Date(0)));
			for (const [old, id] of Object.entries(renamedImports)) again = again.replaceAll(id, old);
			expect(JSON.parse(again)).toEqual(backup);
			expect(Object.keys(imports)).toEqual(Object.values(renamedImports));
			expect(restored.notes).toBe(readBoard(doc).notes.length);
		}
	});

	it('draws the board as an SVG with every group and note', () => {
		const board = readBoard(airline.doc, airline.extras);
		const svg = boardToSvg(board);
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		const hiddenGroups = new Set<string>();
		const collapsedAbove = (id: string | null, seen = new Set<string>()): boolean => {
			const g = board.groups.find((x) => x.id === id);
			if (!g?.parentId || seen.has(g.id)) return false;
			seen.add(g.id);
			const parent = board.groups.find((x) => x.id === g.parentId);
			return !!parent && (parent.collapsed || collapsedAbove(parent.id, seen));
		};
		for (const g of board.groups) if (collapsedAbove(g.id)) hiddenGroups.add(g.id);
		const shownGroups = board.groups.filter((g) => !hiddenGroups.has(g.id));
		const inCollapsed = new Set(board.groups.filter((g) => g.collapsed || hiddenGroups.has(g.id)).map((g) => g.id));
		const shownNotes = board.notes.filter((n) => !n.stackedOn && !(n.groupId && inCollapsed.has(n.groupId)));
		expect(svg.match(/data-note=/g)).toHaveLength(shownNotes.length);
		expect(svg.match(/data-group-head=/g)).toHaveLength(shownGroups.length);
		expect(svg).not.toMatch(/<(?!\/?(svg|title|rect|text|tspan|g)\b)/);
	});
});

describe('backup restore', () => {
	it('restores a backup made by the version-2 document with every note, field and place', () => {
		const note = (id: string, row: number, extra: Record<string, unknown>) => ({
			id,
			text: `Comment ${row}`,
			source: { importId: 'imp_old', row },
			fields: { region: row % 2 ? 'North' : 'South', satisfaction: row + 1 },
			createdBy: 'import',
			createdAt: 1000,
			groupId: null,
			order: '',
			pos: null,
			stackedOn: null,
			...extra
		});
		const restored = restoreBackup({
			format: 'gistboard-backup',
			version: 2,
			exportedAt: '2026-11-01T00:00:00.000Z',
			board: {
				schemaVersion: 2,
				title: 'Version two',
				groups: [{ id: 'grp_a', label: 'Delivery', x: 0, y: 0, parentId: null, order: 'a0', color: '#fde68a', collapsed: false, department: null, owner: null, priority: null, due: null, status: null }],
				notes: [note('note_a', 0, { groupId: 'grp_a', order: 'a0' }), note('note_b', 1, { pos: { x: 500, y: 40 } }), note('note_c', 2, { stackedOn: 'note_a' }), { ...note('note_d', 3, {}), source: null, fields: {}, createdBy: 'user_x' }],
				trashed: [note('note_e', 4, {})],
				imports: { imp_old: { fileName: 'old.csv' } }
			}
		});
		expect(restored.problems).toEqual([]);
		const read = readNotes(restored.doc);
		const newId = restored.renamedImports.imp_old;
		expect(read.notes.map((n) => [n.id, n.text, n.source?.row ?? null, n.fields, n.groupId, n.pos, n.stackedOn])).toEqual([
			['note_a', 'Comment 0', 0, { region: 'South', satisfaction: 1 }, 'grp_a', null, null],
			['note_b', 'Comment 1', 1, { region: 'North', satisfaction: 2 }, null, { x: 500, y: 40 }, null],
			['note_c', 'Comment 2', 2, { region: 'South', satisfaction: 3 }, 'grp_a', null, 'note_a'],
			['note_d', 'Comment 3', null, {}, null, null, null]
		]);
		expect(read.notes.filter((n) => n.source).every((n) => n.source!.importId === newId)).toBe(true);
		expect(read.trashed.map((n) => [n.id, n.fields])).toEqual([['note_e', { region: 'South', satisfaction: 5 }]]);
		expect(roots(restored.doc).meta.get(importFieldsKey(newId))).toEqual(['region', 'satisfaction']);
	});

	it('repairs damaged notes and groups instead of refusing the file', () => {
		const restored = restoreBackup({
			format: 'gistboard-backup',
			version: 1,
			board: {
				meta: { title: 'Damaged', schemaVersion: 1 },
				groups: [{ id: 'grp_a', label: 'Kept', x: 'x', parentId: 'grp_missing' }, 'nonsense'],
				notes: [
					{ id: 'note_1', text: 'in a group', groupId: 'grp_a', fields: { rating: 2 } },
					{ id: 'note_2', text: 'lost group', groupId: 'grp_gone' },
					{ id: 'note_1', text: 'duplicate' },
					{ text: 42 }
				],
				votes: { grp_a: { u1: 2, u2: -5 }, grp_gone: { u1: 1 } }
			}
		});
		const board = readBoard(restored.doc, restored);
		expect(restored.title).toBe('Damaged');
		expect(board.groups.map((g) => [g.id, g.label, g.x, g.parentId])).toEqual([['grp_a', 'Kept', 0, null]]);
		expect(board.notes.map((n) => [n.id, n.groupId])).toEqual([
			['note_1', 'grp_a'],
			['note_2', null]
		]);
		expect(board.votes).toEqual({ grp_a: { u1: 2 } });
		expect(restored.problems.join('\n')).toMatch(/parent grp_missing is missing/);
		expect(restored.problems.join('\n')).toMatch(/duplicate id note_1/);
		expect(restored.problems.join('\n')).toMatch(/note has no text/);
		expect(restored.problems.join('\n')).toMatch(/votes for missing group grp_gone/);
	});

	it('refuses a file that is not a backup with a message that says what to do', () => {
		expect(() => restoreBackup('{not json')).toThrow(BackupError);
		expect(() => restoreBackup({ format: 'something-else' })).toThrow(/not a Gistboard board backup/);
		expect(() => restoreBackup({ format: 'gistboard-backup', version: 99, board: {} })).toThrow(/newer Gistboard/);
	});
});
