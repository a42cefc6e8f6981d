import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_NOTE_TEXT, addGroups, makeGroup, readNote, roots, type Origin } from '../board/index';
import {
	MAX_FIELD_COLUMNS,
	adviseMapping,
	applyImport,
	buildNotes,
	fieldColumns,
	reconcileMapping,
	guessMapping,
	importChunks,
	importNoteCount,
	maskContacts,
	parseDate,
	parseFile,
	parseText,
	setRole,
	skippedRowsCsv,
	undoImport,
	type ParsedTable
} from './index';
import { fixture } from './test-helpers';

const opts = { importId: 'imp_test', createdBy: 'user_1', now: Date.UTC(2025, 5, 1) };
const origin: Origin = { kind: 'import', userId: 'user_1' };

describe('buildNotes', () => {
	it('makes one note per comment with its row, context and question; private columns stay out', async () => {
		const t = await parseFile(fixture('surveymonkey.csv'), 'surveymonkey.csv');
		const r = buildNotes(t, guessMapping(t), opts);
		expect(r.notes.map((n) => [n.source?.row, n.text, n.fields.question])).toEqual([
			[0, 'Fits well, lovely fabric', 'What did you like?'],
			[0, 'Shipping was slow', 'What should we improve?'],
			[1, 'Buttons fell off after one wash', 'What should we improve?']
		]);
		expect(r.notes[0].fields).toMatchObject({ customerId: '101', product: 'Dresses', satisfaction: 'Very satisfied' });
		expect(r.notes[0].fields).not.toHaveProperty('satisfactionRank');
		expect(r.summary.questions).toEqual(['What did you like?', 'What should we improve?']);
		expect(r.summary.fields.satisfaction).toMatchObject({ role: 'satisfaction', label: 'Satisfaction', scale: { kind: 'labels', best: 'max' } });
		expect(JSON.stringify(r.notes)).not.toContain('@example.com');
		expect(r.privateFields).toEqual({
			columns: ['Email Address'],
			rows: [
				{ row: 0, noteIds: [r.notes[0].id, r.notes[1].id], values: { 'Email Address': 'ann@example.com' } },
				{ row: 1, noteIds: [r.notes[2].id], values: { 'Email Address': 'bob@example.com' } }
			]
		});
		expect(r.skipped).toEqual([{ row: 2, line: 5, reason: 'comment is empty', cells: expect.any(Array) }]);
	});

	it('derives age brackets, ISO dates and NPS categories, and reports what it could not read', async () => {
		const t = await parseFile(fixture('contacts.csv'), 'contacts.csv');
		const r = buildNotes(t, guessMapping(t), opts);
		expect(r.notes.map((n) => [n.fields.ageBracket, n.fields.purchaseDate])).toEqual([
			['25-34', '2024-04-03'],
			['65+', '2024-04-25'],
			['under 18', 'not a date']
		]);
		expect(r.problems).toEqual([{ row: 2, line: 4, kind: 'date-unreadable', column: 'Purchase date', message: 'date “not a date” could not be read; kept as written' }]);
		expect(r.summary.problems).toEqual([{ kind: 'date-unreadable', label: 'Dates that could not be read (kept as written)', count: 1, columns: ['Purchase date'] }]);
		const q = await parseFile(fixture('qualtrics.csv'), 'qualtrics.csv');
		expect(buildNotes(q, guessMapping(q), opts).notes.map((n) => [n.fields.satisfaction, n.fields.nps])).toEqual([
			[10, 'promoter'],
			[7, 'passive'],
			[3, 'detractor'],
			[0, 'detractor']
		]);
	});

	it('masks e-mail addresses and phone numbers in comments unless asked not to', async () => {
		const t = await parseFile(fixture('contacts.csv'), 'contacts.csv');
		expect(buildNotes(t, guessMapping(t), opts).notes[0].text).toBe('Call me on [phone] or mail [e-mail] about order 2024-03-04');
		expect(buildNotes(t, guessMapping(t), { ...opts, maskContacts: false }).notes[0].text).toContain('ann@example.com');
	});

	it('skips rows with an empty comment and rows with too many cells, and offers them as CSV', async () => {
		const t = await parseFile(fixture('ragged.csv'), 'ragged.csv');
		t.rows[3][1] = '';
		const r = buildNotes(t, guessMapping(t), opts);
		expect(r.notes.map((n) => n.source?.row)).toEqual([0, 1]);
		expect(r.skipped.map((s) => [s.row, s.line])).toEqual([
			[2, 4],
			[3, 5]
		]);
		expect(r.skipped[1].reason).toBe('comment is empty');
		const csv = skippedRowsCsv(t, r.skipped);
		expect(csv.split('\r\n')[0]).toBe('\ufeffRow,Reason,id,comment,product');
		expect(csv.split('\r\n')[1]).toMatch(/^4,"has 5 cells/);
	});

	it('imports a comment longer than a note holds cut to fit, ending in “…”, and reports it as shortened', async () => {
		const t = await parseFile(fixture('ragged.csv'), 'ragged.csv');
		// An angry ticket whose 4,997th to 5,004th code units are a family emoji the cut must not split.
		const angry = 'x'.repeat(4_996) + '👨‍👩‍👧' + ' and on'.repeat(300);
		t.rows[3][1] = angry;
		const r = buildNotes(t, guessMapping(t), opts);
		expect(r.notes.map((n) => n.source?.row)).toEqual([0, 1, 3]);
		expect(r.skipped.map((s) => s.row)).toEqual([2]);
		const cut = r.notes[2].text;
		expect(cut).toBe('x'.repeat(4_996) + '…');
		expect(cut.length).toBeLessThanOrEqual(MAX_NOTE_TEXT);
		expect(r.shortened).toBe(1);
		expect(r.problems.filter((p) => p.kind === 'comment-shortened')).toEqual([
			{ row: 3, line: 5, kind: 'comment-shortened', column: 'comment', message: `comment is ${angry.length.toLocaleString('en')} characters; a note holds at most 5,000, so the first 4,996 were kept, ending in “…”` }
		]);
		expect(r.summary.problems.find((k) => k.kind === 'comment-shortened')).toMatchObject({ count: 1, label: 'Comments longer than a note holds (shortened)' });
		// What is stored is a valid note: the board keeps it.
		const doc = new Y.Doc();
		applyImport(doc, r, origin);
		expect(readNote(doc, r.notes[2].id)?.text).toBe(cut);
	});

	it('decodes HTML entities and odd spaces in comments, trims values that differ only by spaces', () => {
		const t = parseText('comment,region\nFlights &amp; bags&#8230; ok\u00a0,  North \nSecond,North\n', 'x.csv');
		const r = buildNotes(t, guessMapping(t), opts);
		expect(r.notes[0].text).toBe('Flights & bags… ok');
		expect(new Set(r.notes.map((n) => n.fields.region))).toEqual(new Set(['North']));
	});

	it('decodes character references of a support-ticket export in comments and text fields, never tags', () => {
		const t = parseText(
			'Ticket,Description,Product,Subject\n' +
				'T-1,"Charged &euro;49 twice &amp; it&#39;s still open","Fish &amp; Chips","Refund &#8212; &lt;b&gt;urgent&lt;/b&gt;"\n' +
				'T-2,"<b>AT&T</b> price&notes stay as written",Tea,Other\n',
			'tickets.csv'
		);
		const g = guessMapping(t);
		const m = setRole(t, setRole(t, setRole(t, g, 'Description', 'comment'), 'Subject', 'other'), 'Product', 'product');
		const r = buildNotes(t, m, opts);
		expect(r.notes.map((n) => n.text)).toEqual(["Charged €49 twice & it's still open", '<b>AT&T</b> price&notes stay as written']);
		expect(Object.values(r.notes[0].fields)).toEqual(expect.arrayContaining(['Fish & Chips', 'Refund — <b>urgent</b>']));
	});

	it('leaves notes to the unsorted area, or lays them out in one stack per answer in scale order', async () => {
		const t = await parseFile(fixture('satisfaction-7-point.csv'), 'satisfaction-7-point.csv');
		const m = guessMapping(t);
		const grid = buildNotes(t, m, { ...opts, origin: { x: 1000, y: 500 } }).notes;
		expect(grid.every((n) => n.pos === null && n.groupId === null)).toBe(true);
		const stacked = buildNotes(t, m, { ...opts, layout: { kind: 'stack', by: 'How satisfied are you?' } }).notes;
		expect(new Set(stacked.map((n) => `${n.pos!.x},${n.pos!.y}`)).size).toBe(stacked.length);
		const xOf = (answer: string) => stacked.find((n) => n.fields.satisfaction === answer)!.pos!.x;
		expect(xOf('Extremely dissatisfied')).toBeLessThan(xOf('Slightly dissatisfied'));
		expect(xOf('Slightly dissatisfied')).toBeLessThan(xOf('Extremely satisfied'));
	});

	it('refuses a mapping without a comment column', async () => {
		const t = await parseFile(fixture('comma-quoted.csv'), 'comma-quoted.csv');
		const m = setRole(t, guessMapping(t), 'Comment', 'other');
		expect(() => buildNotes(t, m, opts)).toThrow(/No column is marked as the comment/);
	});
});

describe('applyImport and undoImport', () => {
	async function imported(): Promise<{ doc: Y.Doc; table: ParsedTable; ids: string[] }> {
		const doc = new Y.Doc();
		const table = await parseFile(fixture('contacts.csv'), 'contacts.csv');
		const r = buildNotes(table, guessMapping(table), opts);
		applyImport(doc, r, origin);
		return { doc, table, ids: r.notes.map((n) => n.id) };
	}

	it('adds all notes in one transaction, and no private value', async () => {
		const doc = new Y.Doc();
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		const table = await parseFile(fixture('contacts.csv'), 'contacts.csv');
		const r = buildNotes(table, guessMapping(table), opts);
		applyImport(doc, r, origin);
		expect(transactions).toBe(1);
		expect(roots(doc).notes.size).toBe(3);
		expect(readNote(doc, r.notes[1].id)).toEqual(r.notes[1]);
		expect(r.summary).toMatchObject({ id: 'imp_test', fileName: 'contacts.csv', rows: 3, notes: 3, skipped: 0, createdBy: 'user_1', undoneAt: null });
		expect(r.privateFields.columns).toEqual(['Name', 'Phone', 'Email', 'Address']);
		const json = JSON.stringify(doc.toJSON());
		for (const secret of ['Ann Lee', 'ann@example.com', '7946', '1 High St']) expect(json).not.toContain(secret);
	});

	it('undo removes the whole import, including notes moved into groups, and empty groups', async () => {
		const { doc, ids } = await imported();
		const group = makeGroup({ label: 'Billing' });
		addGroups(doc, [group], origin);
		roots(doc).place.set(ids[1], { groupId: group.id, order: 'a0' });
		roots(doc).place.set(ids[2], { trashed: true });
		expect(undoImport(doc, 'imp_test', origin)).toBe(3);
		expect(roots(doc).notes.size).toBe(0);
		expect(roots(doc).place.size).toBe(0);
		expect(roots(doc).groups.size).toBe(0);
		expect(undoImport(doc, 'imp_test', origin)).toBe(0);
	});

	it('counts the notes of an import on the board wherever they are, so a part of it is told from the whole', async () => {
		const table = await parseFile(fixture('contacts.csv'), 'contacts.csv');
		const r = buildNotes(table, guessMapping(table), opts);
		const doc = new Y.Doc();
		const [first, ...rest] = importChunks(r, 2);
		applyImport(doc, first, origin);
		expect(importNoteCount(doc, 'imp_test')).toBe(2);
		for (const chunk of rest) applyImport(doc, chunk, origin);
		// Moved to the trash, a note is still the import's: the import is whole.
		roots(doc).place.set(r.notes[0].id, { trashed: true });
		expect(importNoteCount(doc, 'imp_test')).toBe(r.notes.length);
		expect(importNoteCount(doc, 'imp_other')).toBe(0);
	});
});

describe('values', () => {
	it('reads the date formats exports use', () => {
		expect(parseDate('2015-02-24 11:35:52 -0800')?.date).toBe('2015-02-24');
		expect(parseDate('2013-09-22T00:00:00Z')?.date).toBe('2013-09-22');
		expect(parseDate('8/21/2019 13:10:31')?.date).toBe('2019-08-21');
		expect(parseDate('11/01/2026 9:00:11 AM')?.date).toBe('2026-11-01');
		expect(parseDate('24-02-2015 11.35', 'dmy')?.date).toBe('2015-02-24');
		expect(parseDate('31/02/2020', 'dmy')).toBeNull();
	});

	it('masks contacts but leaves dates, years and prices alone', () => {
		expect(maskContacts('Mail a.b@shop.co.uk or call (030) 1234-5678, +1 415 555 2671.')).toBe('Mail [e-mail] or call [phone], [phone].');
		expect(maskContacts('Ordered 2024-03-04, paid 1299.00 in 2023-2024 for 2 items')).toBe('Ordered 2024-03-04, paid 1299.00 in 2023-2024 for 2 items');
	});
});

describe('wide exports', () => {
	const wide = (columns: number, rows = 20, header = (i: number) => `Extra ${i}`) => {
		const head = ['comment', ...Array.from({ length: columns }, (_, i) => header(i))];
		const lines = [head.map((h) => `"${h}"`).join(',')];
		for (let r = 0; r < rows; r++) lines.push([`the delivery was late number ${r}`, ...Array.from({ length: columns }, (_, i) => `v${(r * 7 + i) % 5}`)].join(','));
		return parseText(lines.join('\n'), 'wide.csv');
	};

	it('keeps at most MAX_FIELD_COLUMNS columns on notes, every note is stored whole, and says so', () => {
		const t = wide(250);
		const mapping = guessMapping(t);
		const kept = fieldColumns(mapping);
		expect(kept.length).toBe(MAX_FIELD_COLUMNS);
		expect(adviseMapping(t, mapping).warnings.join(' ')).toMatch(/251 columns; a note keeps at most 197, so 53 are set to Ignore/);
		const r = buildNotes(t, mapping, opts);
		expect(r.notes).toHaveLength(20);
		const doc = new Y.Doc();
		applyImport(doc, r, origin);
		for (const n of r.notes) expect(readNote(doc, n.id)).not.toBeNull();
	});

	it('refuses a mapping that keeps more columns than a note holds, saying what to do', () => {
		const t = wide(250);
		const mapping = guessMapping(t);
		for (const c of mapping.columns) if (c.role === 'ignore') c.role = 'other';
		expect(() => buildNotes(t, mapping, opts)).toThrow(/keeps 250 columns on the notes; a note holds at most 197. Set 53 of them to Ignore/);
	});

	it('a saved mapping keeps the columns it names; the others make room', () => {
		const t = wide(250);
		const m = reconcileMapping(t, { columns: [{ column: 'Extra 249', role: 'other', private: false }] });
		expect(fieldColumns(m).map((c) => c.column)).toContain('Extra 249');
		expect(fieldColumns(m)).toHaveLength(MAX_FIELD_COLUMNS);
	});

	it('a header far longer than a field key still makes valid notes', () => {
		const t = wide(3, 5, (i) => `Q${i} ${'How likely are you to recommend us to a friend or colleague, and why? '.repeat(8)}`);
		const r = buildNotes(t, guessMapping(t), opts);
		const doc = new Y.Doc();
		applyImport(doc, r, origin);
		expect(r.notes).toHaveLength(5);
		for (const n of r.notes) expect(readNote(doc, n.id)).not.toBeNull();
	});

	it('columns merely named Q1…Q10 keep the first respondent: only question texts make a second header row', () => {
		const lines = ['comment,' + Array.from({ length: 10 }, (_, i) => `Q${i + 1}`).join(',')];
		for (let r = 0; r < 100; r++) lines.push(`the delivery was late number ${r},` + Array.from({ length: 10 }, (_, i) => (i % 2 ? 'No' : String((r + i) % 5))).join(','));
		const t = parseText(lines.join('\n'), 'codes.csv');
		expect(t.headerRowCount).toBe(1);
		expect(t.rows).toHaveLength(100);
		expect(t.columns.map((c) => c.name).slice(0, 3)).toEqual(['comment', 'Q1', 'Q2']);
		const qualtrics = parseText(['Q1,Q2,Q3,Q4', '"How was it?","Why?","Would you return?","Anything else?"', '4,slow,No,fine', '5,ok,Yes,great'].join('\n'), 'q.csv');
		expect(qualtrics.headerRowCount).toBe(2);
	});
});
