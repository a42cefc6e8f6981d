import { describe, expect, it } from 'vitest';
import { detectScale, guessMapping, scaleAnswer, parseFile, parseText, reconcileMapping, setRole, ImportError, type Mapping } from './index';
import { adviseMapping, fillSummary } from './mapping';
import { fixture } from './test-helpers';

const roles = (m: Mapping) => Object.fromEntries(m.columns.map((c) => [c.column, `${c.role}${c.private ? ' (private)' : ''}`]));

describe('guessMapping', () => {
	it('leaves out a column with the same value in every row, and keeps one whose value changes in any row', () => {
		const rows = (n: number, batch: (i: number) => string) =>
			['Comment,Collector,Batch', ...Array.from({ length: n }, (_, i) => `Comment number ${i} about the delivery,Web Link 1,${batch(i)}`)].join('\n');
		const m = roles(guessMapping(parseText(rows(40, (i) => (i < 39 ? 'March' : 'April')), 'survey.csv')));
		expect(m.Collector).toBe('ignore');
		expect(m.Batch).not.toBe('ignore');
		// A short file's one value may be chance: kept.
		expect(roles(guessMapping(parseText(rows(5, () => 'March'), 'short.csv'))).Collector).not.toBe('ignore');
	});

	it('finds the comment and the customer context, and keeps contact details private', async () => {
		const t = await parseFile(fixture('contacts.csv'), 'contacts.csv');
		expect(roles(guessMapping(t))).toEqual({
			Name: 'customerName (private)',
			Phone: 'phone (private)',
			Email: 'email (private)',
			Address: 'address (private)',
			Age: 'age',
			Country: 'country',
			'Customer status': 'customerStatus',
			Touchpoint: 'touchpoint',
			'Purchase date': 'purchaseDate',
			Comment: 'comment'
		});
	});

	it('takes several open questions of one survey as comment columns', async () => {
		const t = await parseFile(fixture('surveymonkey.csv'), 'surveymonkey.csv');
		const m = guessMapping(t);
		expect(m.columns.filter((c) => c.role === 'comment').map((c) => c.column)).toEqual(['What did you like?', 'What should we improve?']);
		expect(roles(m)['Email Address']).toBe('email (private)');
		expect(roles(m)['Which product did you buy? - Department']).toBe('product');
	});

	it('picks the longest free text, not ids or short codes', () => {
		const t = parseText(
			'ticket,code,title,body\n' +
				'T-1001,AB12,Late,"The parcel came two weeks late and the box was crushed"\n' +
				'T-1002,CD34,Broken,"Screen cracked on arrival, support asked me to wait"\n' +
				'T-1003,EF56,Refund,"Still waiting for the refund I was promised in March"\n',
			'tickets.csv'
		);
		expect(guessMapping(t).columns.find((c) => c.role === 'comment')?.column).toBe('body');
	});

	it('gives the same signature to next month’s export of the same survey', async () => {
		const a = guessMapping(parseText('Comment,Rating\nGood,5\n', 'march.csv'));
		const b = guessMapping(parseText('comment , rating\nBad,1\nOk,3\n', 'april.csv'));
		expect(a.signature).toBe(b.signature);
		expect(guessMapping(parseText('Comment,Score\nGood,5\n', 'x.csv')).signature).not.toBe(a.signature);
	});
});

describe('satisfaction scales', () => {
	it('keeps every answer of a labelled scale separate and in order', () => {
		expect(detectScale(['Satisfied', 'Very satisfied', 'Dissatisfied', 'satisfied'])).toEqual({
			kind: 'labels',
			labels: ['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied'],
			best: 'max'
		});
		expect(detectScale(['Unzufrieden', 'Sehr zufrieden', 'Zufrieden'])).toEqual({ kind: 'labels', labels: ['Unzufrieden', 'Zufrieden', 'Sehr zufrieden'], best: 'max' });
	});

	it('recognises 1-5, 1-7 and 0-10 scales and ignores stray values when choosing', () => {
		expect(detectScale(['1', '2', '5', '4', '3'])).toEqual({ kind: 'numeric', min: 1, max: 5, best: 'max' });
		expect(detectScale(['1', '7', '6', '4.8', ...Array(60).fill('5')])).toEqual({ kind: 'numeric', min: 1, max: 7, best: 'max' });
		expect(detectScale(['0', '10', '8'], 'How likely are you to recommend us?')).toEqual({ kind: 'numeric', min: 0, max: 10, best: 'max' });
		// A rare 0 on a 1-5 question is a missing-value code: kept, but not on the scale.
		expect(detectScale(['5', '4', ...Array(200).fill('3'), '0'])).toEqual({ kind: 'numeric', min: 1, max: 5, best: 'max', notApplicable: ['0'] });
		// Mostly 0 with a few small numbers (a retweet count): a count, not answers on a 1-5 scale.
		expect(detectScale([...Array(460).fill('0'), ...Array(37).fill('1'), '2', '3', '7'])).toBeNull();
	});

	it('reads bare codes beside the same codes with their labels as one scale, best at 1 when the words say so', () => {
		const labelled = ['1 - Very satisfied', '2 - Satisfied', '3 - Neither', '4 - Dissatisfied', '5 - Very dissatisfied'];
		// Half the answers labelled (a web form), half bare codes (the phone survey), as one export writes them.
		const answers = [...labelled, ...labelled, '1', '2', '3', '4', '5', '5', '4', '1', ''];
		const scale = detectScale(answers, 'Overall satisfaction (1 = Very satisfied, 5 = Very dissatisfied)');
		expect(scale).toEqual({
			kind: 'numeric',
			min: 1,
			max: 5,
			best: 'min',
			labels: { '1': 'Very satisfied', '2': 'Satisfied', '3': 'Neither', '4': 'Dissatisfied', '5': 'Very dissatisfied' }
		});
		expect(scaleAnswer(scale!, '3')).toMatchObject({ value: 3, level: 'neutral', problem: null });
		expect(scaleAnswer(scale!, '1')).toMatchObject({ value: 1, level: 'satisfied', problem: null });
		expect(scaleAnswer(scale!, '5 - Very dissatisfied')).toMatchObject({ value: 5, level: 'dissatisfied', problem: null });
		// A few labelled codes among many plain numbers stay a numeric scale read from the numbers.
		expect(detectScale(['6 - Don’t know', ...Array(30).fill('4'), '1', '2', '3', '5'])).toMatchObject({ kind: 'numeric', min: 1, max: 5 });
	});

	it('orders a 7-point scale from a file', async () => {
		const t = await parseFile(fixture('satisfaction-7-point.csv'), 'satisfaction-7-point.csv');
		const scale = guessMapping(t).columns.find((c) => c.role === 'satisfaction')?.scale;
		expect(scale).toEqual({
			kind: 'labels',
			labels: [
				'Extremely dissatisfied',
				'Moderately dissatisfied',
				'Slightly dissatisfied',
				'Neither satisfied nor dissatisfied',
				'Slightly satisfied',
				'Moderately satisfied',
				'Extremely satisfied'
			],
			best: 'max'
		});
	});
});

describe('correcting and reusing a mapping', () => {
	it('changing a role fills in what the role needs', async () => {
		const t = await parseFile(fixture('comma-quoted.csv'), 'comma-quoted.csv');
		let m = guessMapping(t);
		m = setRole(t, m, 'Rating', 'other');
		expect(m.columns.find((c) => c.column === 'Rating')).toEqual({ column: 'Rating', role: 'other', private: false });
		m = setRole(t, m, 'Rating', 'satisfaction');
		expect(m.columns.find((c) => c.column === 'Rating')?.scale).toEqual({ kind: 'numeric', min: 1, max: 5, best: 'max' });
		m = setRole(t, m, 'Customer ID', 'customerName');
		expect(m.columns.find((c) => c.column === 'Customer ID')?.private).toBe(true);
	});

	it('a saved mapping wins over the guess; naming one comment column replaces the guessed one', async () => {
		const t = await parseFile(fixture('comma-quoted.csv'), 'comma-quoted.csv');
		const m = reconcileMapping(t, { columns: [{ column: 'product', role: 'comment', private: false }] });
		expect(roles(m)).toMatchObject({ Product: 'comment', Comment: 'other' });
	});

	it('a mapping that names a missing column is refused with the file’s columns listed', async () => {
		const t = await parseFile(fixture('comma-quoted.csv'), 'comma-quoted.csv');
		expect(() => reconcileMapping(t, { columns: [{ column: 'Feedback', role: 'comment', private: false }] })).toThrow(ImportError);
		expect(() => reconcileMapping(t, { columns: [{ column: 'Feedback', role: 'comment', private: false }] })).toThrow(
			/“Feedback”.*“Customer ID”, “Product”, “Comment”, “Rating”/
		);
	});
});

describe('fillSummary', () => {
	// Sorted by channel, as exports often are: the last rows hold values the first 3,000 do not.
	const csv = (rows: number) =>
		'Comment,Ticket,Rating,Channel\n' +
		Array.from({ length: rows }, (_, i) => `"The parcel number ${i} came late",T-${i},${(i % 5) + 1},${i < 3200 ? 'Web' : i < 3400 ? 'Phone' : 'Shop'}`).join('\n') +
		'\n';
	const summaries = (rows: number) => {
		const table = parseText(csv(rows), 'survey.csv');
		return Object.fromEntries(adviseMapping(table, guessMapping(table)).columns.map((a) => [a.column, fillSummary(a)]));
	};

	it('says the values are different ones', () => {
		const s = summaries(40);
		expect(s.Ticket).toBe('100% filled · 40 different values');
		expect(s.Rating).toBe('100% filled · 5 different values');
		expect(s.Channel).toBe('100% filled · 1 value');
	});

	it('counts them in every row of a long file, up to 3,000', () => {
		const s = summaries(3500);
		expect(s.Channel).toBe('100% filled · 3 different values');
		expect(s.Ticket).toBe(`100% filled · over ${(3000).toLocaleString()} different values`);
	});
});
