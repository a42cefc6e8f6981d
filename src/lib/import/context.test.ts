import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerLevel, detectScale } from '$lib/context/scale';
import * as Y from 'yjs';
import { roots } from '../board/index';
import { adviseMapping, applyImport, buildNotes, guessMapping, importChunks, parseDate, parseFile, reconcileMapping, type Mapping } from './index';

const file = (name: string) => new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../../tests/fixtures/context', name)));
const open = (name: string) => parseFile(file(name), name);
const opts = { importId: 'imp_test', createdBy: 'user_1', now: Date.UTC(2025, 5, 1) };
const column = (m: Mapping, name: string) => m.columns.find((c) => c.column === name)!;

describe('a reversed rating with "don’t know" codes (NHS Friends & Family style)', () => {
	it('reads 1 as best from the comments, and 6 as not on the 1-5 scale', async () => {
		const t = await open('fft-reversed.csv');
		const m = guessMapping(t);
		const rating = column(m, 'FFT categorical answer');
		expect(rating.role).toBe('satisfaction');
		expect(rating.scale).toEqual({ kind: 'numeric', min: 1, max: 5, best: 'min', notApplicable: ['6'] });
		const r = buildNotes(t, m, opts);
		const levels = r.notes.map((n) => (n.fields.satisfaction === undefined ? null : answerLevel(rating.scale!, n.fields.satisfaction as number)));
		const expected = t.rows.filter((row) => row[4] && !/^(Did not answer|Nothing\.|N\/A|None|-|No comment)$/.test(row[4])).map((row) => ({ 1: 'satisfied', 2: 'satisfied', 3: 'neutral', 4: 'dissatisfied', 5: 'dissatisfied', 6: 'notApplicable' })[row[5] as '1']);
		expect(levels).toEqual(expected);
	});

	it('warns when a scale someone saved the other way round looks reversed', async () => {
		const t = await open('fft-reversed.csv');
		const saved = guessMapping(t);
		column(saved, 'FFT categorical answer').scale = { kind: 'numeric', min: 1, max: 5, best: 'max', notApplicable: ['6'] };
		const m = reconcileMapping(t, saved);
		expect(column(m, 'FFT categorical answer').scale?.best).toBe('max');
		const advice = adviseMapping(t, m);
		expect(advice.warnings.join(' ')).toMatch(/“FFT categorical answer” looks reversed: the comments put the best answers at the lowest value/);
		const evidence = advice.columns.find((c) => c.column === 'FFT categorical answer')!.scale!.evidence!;
		expect(evidence.best).toBe('min');
		expect(evidence.t).toBeLessThan(-3);
	});

	it('reconciles a saved mapping with the guess it is given, and leaves that guess as it was', async () => {
		const t = await open('fft-reversed.csv');
		const saved: Pick<Mapping, 'columns'> = { columns: [{ column: 'Comment', role: 'comment', private: false }] };
		const guessed = guessMapping(t);
		expect(reconcileMapping(t, saved, guessed)).toEqual(reconcileMapping(t, saved));
		// The guess given is the one used: a column the saved mapping does not name takes its role from it.
		const given = structuredClone(guessed);
		column(given, 'Trust').role = 'region';
		const before = structuredClone(given);
		const m = reconcileMapping(t, saved, given);
		expect(column(m, 'Trust').role).toBe('region');
		// The reconciled columns are changed in place (a guessed comment column not in the saved
		// mapping becomes "other"); the caller's guess is not.
		expect(given).toEqual(before);
	});

	it('keeps a remembered scale and adds the "don’t know" codes this month’s file has and last month’s had not', async () => {
		const t = await open('fft-reversed.csv');
		// Remembered from an export without any 6: 1-5, best 1, labelled, nothing off the scale.
		const saved = guessMapping(t);
		column(saved, 'FFT categorical answer').scale = { kind: 'numeric', min: 1, max: 5, best: 'min', labels: { '1': 'Very good', '5': 'Very poor' } };
		const m = reconcileMapping(t, saved);
		expect(column(m, 'FFT categorical answer').scale).toEqual({ kind: 'numeric', min: 1, max: 5, best: 'min', labels: { '1': 'Very good', '5': 'Very poor' }, notApplicable: ['6'] });
		const r = buildNotes(t, m, opts);
		expect(r.problems.filter((p) => p.kind === 'off-scale')).toEqual([]);
		// What the facilitator marked stays marked; an answer they put on the scale is not taken off it.
		column(saved, 'FFT categorical answer').scale = { kind: 'numeric', min: 1, max: 6, best: 'min' };
		expect(column(reconcileMapping(t, saved), 'FFT categorical answer').scale).toEqual({ kind: 'numeric', min: 1, max: 6, best: 'min' });
	});

	it('takes a mostly blank 0/1 column as a flag, a few repeated values as a segment, and the question column as the question', async () => {
		const t = await open('fft-reversed.csv');
		const m = guessMapping(t);
		expect(column(m, 'Negative experience & dissatisfaction').role).toBe('flag');
		expect(column(m, 'Trust').role).toBe('segment');
		expect(column(m, 'Question asked').role).toBe('question');
		expect(column(m, 'Response ID').role).toBe('customerId');
		const r = buildNotes(t, m, opts);
		expect(r.notes[0].fields).toMatchObject({ question: 'What was good?', Trust: expect.stringMatching(/NHS Trust$/) });
		expect(r.summary.fields.Trust).toMatchObject({ role: 'segment', label: 'Trust', segment: true });
		expect(r.summary.fields.question).toMatchObject({ role: 'question', segment: true });
		expect(r.summary.questions.sort()).toEqual(['What could we do better?', 'What was good?']);
	});

	it('counts non-answers, skips them by default, and sets them aside or keeps them on request', async () => {
		const t = await open('fft-reversed.csv');
		const m = guessMapping(t);
		const advice = adviseMapping(t, m);
		const count = t.rows.filter((row) => /^(Did not answer|Nothing\.|N\/A|None|-|No comment)$/.test(row[4])).length;
		expect(count).toBeGreaterThan(3);
		expect(advice.nonAnswers.count).toBe(count);
		const skipped = buildNotes(t, m, opts);
		expect(skipped.notes).toHaveLength(t.rows.length - count);
		expect(skipped.summary.problems.find((p) => p.kind === 'non-answer')?.count).toBe(count);
		const aside = buildNotes(t, { ...m, nonAnswers: 'set-aside' }, opts);
		expect(aside.notes).toHaveLength(t.rows.length);
		expect(aside.setAside).toHaveLength(count);
		expect(buildNotes(t, { ...m, nonAnswers: 'keep' }, opts).setAside).toHaveLength(0);
	});

	it('an import applied in chunks ends as the same board as in one go; set-aside notes come last, with their group', async () => {
		const t = await open('fft-reversed.csv');
		const r = buildNotes(t, { ...guessMapping(t), nonAnswers: 'set-aside' }, opts);
		const chunks = importChunks(r, 4);
		expect(chunks.reduce((n, c) => n + c.notes.length, 0)).toBe(r.notes.length);
		expect(chunks.slice(0, -1).every((c) => c.notes.length <= 4 && !c.setAside && c.notes.every((n) => !r.setAside.includes(n.id)))).toBe(true);
		expect(chunks.at(-1)!.notes.map((n) => n.id).sort()).toEqual([...r.setAside].sort());
		const origin = { kind: 'import', userId: 'user_1' } as const;
		const whole = new Y.Doc();
		applyImport(whole, r, origin);
		const stepped = new Y.Doc();
		for (const c of chunks) applyImport(stepped, c, origin);
		const board = (doc: Y.Doc) => {
			const { notes, place, groups } = roots(doc);
			const label = (id: string) => String((groups.get(id) as Y.Map<unknown>).get('label'));
			return {
				notes: notes.toJSON(),
				place: Object.fromEntries([...place.entries()].map(([id, p]) => [id, 'groupId' in (p as object) ? label((p as { groupId: string }).groupId) : p])),
				groups: [...groups.keys()].map(label)
			};
		};
		expect(board(stepped)).toEqual(board(whole));
	});
});

describe('scales written as codes with labels', () => {
	it('reads "1 - Very good … 6 - Don’t know": direction from the words, labels kept, 6 not on the scale', async () => {
		const t = await open('coded-labels.csv');
		const m = guessMapping(t);
		const rating = column(m, 'Experience rating');
		expect(rating.role).toBe('satisfaction');
		expect(rating.scale).toMatchObject({ kind: 'numeric', min: 1, max: 5, best: 'min', notApplicable: ['6'] });
		expect(rating.scale).toMatchObject({ labels: { '1': 'Very good', '5': 'Very poor', '6': "Don't know" } });
		const r = buildNotes(t, m, opts);
		expect(r.notes.map((n) => n.fields.satisfaction).every((v) => typeof v === 'number')).toBe(true);
	});

	it('keeps rare 9 and 99 codes and text such as "Don’t know" off a numeric scale', () => {
		expect(detectScale([...Array(40).fill('4'), ...Array(30).fill('2'), '1', '3', '5', '9'])).toMatchObject({ min: 1, max: 5, notApplicable: ['9'] });
		expect(detectScale([...Array(40).fill('8'), '10', '3', '99', "Don't know"], 'How likely are you to recommend us?')).toMatchObject({ min: 0, max: 10, notApplicable: ['99', "Don't know"] });
	});
});

describe('dialects', () => {
	it('reads Excel’s sep= line as the delimiter instead of a header', async () => {
		const t = await open('excel-sep.csv');
		expect(t.delimiter).toBe(';');
		expect(t.columns.map((c) => c.name)).toEqual(['Comment', 'Score', 'Region']);
		expect(t.rows[0]).toEqual(['Delivery was late; box crushed', '2', 'North']);
		expect(buildNotes(t, guessMapping(t), opts).notes).toHaveLength(3);
	});

	it('reads spaces around quoted values without keeping the quotes', async () => {
		const t = await open('spaces-around-quotes.csv');
		expect(t.columns.map((c) => c.name)).toEqual(['Comment', 'Rating', 'Channel']);
		expect(t.rows).toEqual([
			['Late, again', '2', 'Web'],
			['He said "soon", twice', '1', 'Phone'],
			['Fine', '4', 'Web']
		]);
		expect(t.problems).toEqual([]);
	});

	it('reads quotes escaped with a backslash', async () => {
		const t = await open('backslash-quotes.csv');
		expect(t.rows.map((r) => r[0])).toEqual(['He said "late" twice', 'Box "crushed"', 'Fine']);
	});

	it('reads survey tools’ date-times: Google Forms year-first with a zone, month names', async () => {
		const t = await open('survey-tool-dates.csv');
		const m = guessMapping(t);
		expect(column(m, 'Timestamp').role).toBe('date');
		expect(buildNotes(t, m, opts).notes.map((n) => n.fields.date)).toEqual(['2022-05-31', '2022-06-01', '2021-03-04']);
		expect(parseDate('2021-03-04T23:30:00.000-05:00')?.date).toBe('2021-03-04');
		expect(parseDate('Tue Feb 24 11:35:52 +0000 2015')?.date).toBe('2015-02-24');
		expect(parseDate('4 March 2021')?.date).toBe('2021-03-04');
		expect(parseDate('04-Mar-2021')?.date).toBe('2021-03-04');
	});

	it('reads the date-times each survey tool writes, with zone names, offsets and 12-hour clocks', () => {
		const written: Record<string, string> = {
			Qualtrics: '2022-05-31 14:22:50',
			'Qualtrics with the zone': '2022-05-31 14:22:50 America/Argentina/Buenos_Aires',
			SurveyMonkey: '05/31/2022 02:22:50 PM',
			'Google Forms (US)': '5/31/2022 14:22:50',
			'Google Forms (year first, zone)': '2022/05/31 2:22:50 PM GMT+2',
			Typeform: '2022-05-31T14:22:50.000Z',
			'Microsoft Forms': '5/31/22 2:22:50 PM',
			Medallia: '2022-05-31T14:22:50.000-05:00',
			'zone in parentheses': '2022-05-31 14:22:50 (UTC)',
			'IANA zone': '2022-05-31 23:59:59 Europe/London',
			'HTTP date': 'Tue, 31 May 2022 14:22:50 +0000',
			'month name with GMT': '31 May 2022 14:22:50 GMT'
		};
		for (const [tool, value] of Object.entries(written)) expect([tool, parseDate(value)?.date]).toEqual([tool, '2022-05-31']);
		// A word after a date is not a zone.
		expect(parseDate('2022-05-31 sometime')).toBeNull();
	});
});

describe('mixed day-first and month-first dates', () => {
	it('is a named problem with its counts, and the facilitator chooses how ambiguous dates read', async () => {
		const t = await open('mixed-dates.csv');
		const m = guessMapping(t);
		const advice = adviseMapping(t, m).columns.find((c) => c.column === 'Submitted')!;
		expect(advice.dates).toMatchObject({ dayFirst: 2, monthFirst: 2, ambiguous: 2, mixed: true });
		expect(advice.warnings[0]).toMatch(/mixes day-first dates \(2\) and month-first dates \(2\); 2 such as 03\/04 could be either/);
		const dmy = buildNotes(t, reconcileMapping(t, { ...m, columns: [{ column: 'Submitted', role: 'date', private: false, dayOrder: 'dmy' }] }), opts);
		// Unambiguous dates are read the only way they can be, whatever the choice.
		expect(dmy.notes.map((n) => n.fields.date)).toEqual(['2022-05-31', '2022-02-24', '2022-04-03', '2022-06-01', '2022-05-13', '2022-06-15', '2022-07-04']);
		const order = dmy.problems.filter((p) => p.kind === 'date-order');
		expect(order.map((p) => p.line)).toEqual([4, 8]);
		expect(order[0].message).toMatch(/read as 3 April 2022 \(day first\)/);
		const mdy = buildNotes(t, reconcileMapping(t, { ...m, columns: [{ column: 'Submitted', role: 'date', private: false, dayOrder: 'mdy' }] }), opts);
		expect(mdy.notes.map((n) => n.fields.date)).toEqual(['2022-05-31', '2022-02-24', '2022-03-04', '2022-06-01', '2022-05-13', '2022-06-15', '2022-04-07']);
		expect(mdy.problems.filter((p) => p.kind === 'date-unreadable')).toEqual([]);
	});
});

describe('non-answers in French, German and Spanish', () => {
	it('are counted and skipped, while real comments in those languages stay', async () => {
		const t = await open('non-answers-fr-de-es.csv');
		const m = guessMapping(t);
		expect(adviseMapping(t, m).nonAnswers.count).toBe(7);
		const r = buildNotes(t, m, opts);
		expect(r.notes.map((n) => n.text)).toEqual(['Le personnel était très aimable', 'Die Wartezeit war viel zu lang', 'El médico fue muy amable']);
		expect(r.problems.filter((p) => p.kind === 'non-answer').map((p) => p.line)).toEqual([2, 4, 5, 7, 8, 10, 11]);
	});
});
