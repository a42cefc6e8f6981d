import { describe, expect, it } from 'vitest';
import { makeGroup, makeNote, type Note } from '$lib/board';
import { readBoard } from '$lib/export/board-data';
import { draftTasks, publicInsights } from '$lib/tasks/derive';
import { haveFixtures, importedBoard, surveyBoard } from '../../../tests/helpers/fixture-boards';
import { importSummary } from '../../../tests/helpers/import-summary';
import { BoardInsights, percent } from './insights';
import { findRecurringThemes } from './recurring';

const summary = (fields: Parameters<typeof importSummary>[0], id = 'imp_a') => importSummary(fields, { id });

describe('percent', () => {
	it('reads a share in whole percent, and never rounds one comment of thousands to 0% or all but one to 100%', () => {
		expect(percent(0.31)).toBe('31%');
		expect(percent(0)).toBe('0%');
		expect(percent(1)).toBe('100%');
		expect(percent(1 / 2553)).toBe('<1%');
		expect(percent(2552 / 2553)).toBe('>99%');
		expect(percent(0.005)).toBe('1%');
	});
});

describe('satisfaction on a described scale', () => {
	// An NHS Friends & Family style rating: 1 = Very good … 5 = Very poor, 6 = Don't know.
	const fft = summary({
		satisfaction: {
			column: 'FFT answer',
			role: 'satisfaction',
			label: 'Satisfaction',
			segment: false,
			scale: { kind: 'numeric', min: 1, max: 5, best: 'min', labels: { '1': 'Very good', '2': 'Good', '3': 'Neither good nor poor', '4': 'Poor', '5': 'Very poor', '6': "Don't know" }, notApplicable: ['6'] }
		}
	});
	const answers = [1, 1, 1, 2, 2, 3, 4, 5, 5, 6, 6];
	const notes = answers.map((v, i) => makeNote({ text: `comment ${i}`, source: { importId: 'imp_a', row: i }, fields: { satisfaction: v } }));
	it('counts 4 and 5 as dissatisfied when 1 is best, and keeps "don\'t know" apart', () => {
		const sat = new BoardInsights(notes, [], [fft]).summary().satisfaction!;
		expect(sat).toMatchObject({ answered: 11, dissatisfied: 3, neutral: 1, satisfied: 5, notApplicable: 2 });
		expect(sat.answers.map((a) => [a.display, a.count, a.level])).toEqual([
			['5 · Very poor', 2, 'dissatisfied'],
			['4 · Poor', 1, 'dissatisfied'],
			['3 · Neither good nor poor', 1, 'neutral'],
			['2 · Good', 2, 'satisfied'],
			['1 · Very good', 3, 'satisfied'],
			["6 · Don't know", 2, 'notApplicable']
		]);
	});
	it('reads each note on its own import’s scale', () => {
		const other = summary({ satisfaction: { column: 'Rating', role: 'satisfaction', label: 'Satisfaction', segment: false, scale: { kind: 'numeric', min: 1, max: 5, best: 'max' } } }, 'imp_b');
		const mixed = [...notes, makeNote({ text: 'x', source: { importId: 'imp_b', row: 0 }, fields: { satisfaction: 1 } })];
		const insights = new BoardInsights(mixed, [], [fft, other]);
		expect(insights.isDissatisfied(mixed[0])).toBe(false);
		expect(insights.isDissatisfied(mixed[mixed.length - 1])).toBe(true);
	});
});

function note(text: string, groupId: string | null, fields: Note['fields']): Note {
	return makeNote({ text, groupId, fields });
}

describe('group insights', () => {
	const late = makeGroup({ id: 'grp_late', label: 'Late delivery' });
	const child = makeGroup({ id: 'grp_child', label: 'Courier never rang', parentId: 'grp_late' });
	const price = makeGroup({ id: 'grp_price', label: 'Price' });
	const notes: Note[] = [
		note('Delivery was two weeks late and nobody told me', 'grp_late', { satisfaction: 'Very dissatisfied', region: 'North', touchpoint: 'Delivery' }),
		note('Late delivery again, the parcel tracking never updated', 'grp_late', { satisfaction: 'Dissatisfied', region: 'North', touchpoint: 'Delivery' }),
		note('The courier was late and the delivery window was wrong', 'grp_child', { satisfaction: 'Very dissatisfied', region: 'North', touchpoint: 'Delivery' }),
		note('ok', 'grp_late', { satisfaction: 'Satisfied', region: 'South', touchpoint: 'Delivery' }),
		note('Too expensive for what it is', 'grp_price', { satisfaction: 'Satisfied', region: 'South', touchpoint: 'Sales' }),
		note('Price went up again', 'grp_price', { satisfaction: 'Very satisfied', region: 'South', touchpoint: 'Invoice' }),
		note('Great price', null, { satisfaction: 'Very satisfied', region: 'South', touchpoint: 'Sales' }),
		note('Cheaper elsewhere', null, { satisfaction: 'Satisfied', region: 'South', touchpoint: 'Sales' })
	];
	const insights = new BoardInsights(notes, [late, child, price]);

	it('counts a group with its nested groups and gives its share of the board', () => {
		const gi = insights.group('grp_late')!;
		expect(gi.noteCount).toBe(4);
		expect(gi.share).toBe(0.5);
	});

	it('shows the full satisfaction scale, with answers the group does not have at zero', () => {
		const sat = insights.group('grp_late')!.satisfaction!;
		expect(sat.answers.map((a) => [a.value, a.count])).toEqual([
			['Very dissatisfied', 2],
			['Dissatisfied', 1],
			['Neither satisfied nor dissatisfied', 0],
			['Satisfied', 1],
			['Very satisfied', 0]
		]);
		expect(sat.dissatisfied).toBe(3);
		expect(sat.answers[0].boardShare).toBe(2 / 8);
	});

	it('breaks a group down by every segment column with its share on the board', () => {
		const region = insights.group('grp_late')!.segments.find((s) => s.field === 'region')!;
		expect(region.label).toBe('Region');
		expect(region.rows.find((r) => r.value === 'North')).toMatchObject({ count: 3, share: 0.75, boardCount: 3, boardShare: 3 / 8 });
	});
	it('quotes the comments that carry the group theme, not the one-word ones', () => {
		const quotes = insights.group('grp_late', 2)!.quotes.map((q) => q.text);
		expect(quotes).toHaveLength(2);
		expect(quotes).not.toContain('ok');
		expect(quotes.every((q) => /late|delivery/i.test(q))).toBe(true);
	});

	it('summarises the board with top-level groups only, largest first', () => {
		const s = insights.summary();
		expect(s.groups.map((g) => g.groupId)).toEqual(['grp_late', 'grp_price']);
		expect(s).toMatchObject({ noteCount: 8, groupedCount: 6, ungroupedCount: 2 });
		// Eight notes are too few for anything to be more than chance.
		expect(s.groups.every((g) => g.standOut.length === 0)).toBe(true);
	});

	it('flags a new group that repeats the evidence of an earlier task', () => {
		const found = findRecurringThemes(
			[
				{ groupId: 'grp_new', texts: ['Parcel was late, tracking never updated', 'Delivery late by a week'] },
				{ groupId: 'grp_other', texts: ['The app crashes on login'] }
			],
			[
				{ id: 'task_1', title: 'Late delivery', boardId: 'board_a', status: 'open', evidence: notes.slice(0, 3).map((n) => n.text) },
				{ id: 'task_2', title: 'Price', boardId: 'board_a', status: 'done', evidence: ['Too expensive for what it is'] }
			]
		);
		expect(found.map((f) => [f.groupId, f.taskId])).toEqual([['grp_new', 'task_1']]);
	});
});

describe('stands out', () => {
	// 200 notes; the "Transport" group has 30 notes, 24 of them from the Northside trust, which has
	// 60 notes on the whole board: 80% here against 36 of 170 (21%) on the rest of the board.
	const notes: Note[] = [];
	const groups = [makeGroup({ id: 'grp_transport', label: 'Transport' }), makeGroup({ id: 'grp_food', label: 'Food' })];
	for (let i = 0; i < 200; i++) {
		const inTransport = i < 30;
		const trust = inTransport ? (i < 24 ? 'Northside' : 'Southside') : i < 30 + 36 ? 'Northside' : 'Southside';
		const channel = i % 2 ? 'Phone' : 'Web';
		notes.push(note(`comment ${i}`, inTransport ? 'grp_transport' : i < 60 ? 'grp_food' : null, { Trust: trust, Channel: channel }));
	}
	const fields = summary({
		Trust: { column: 'Trust', role: 'segment', label: 'Trust', segment: true },
		Channel: { column: 'Channel', role: 'channel', label: 'Channel', segment: true }
	});
	const board = notes.map((n) => ({ ...n, source: { importId: 'imp_a', row: 0 } }));

	it('flags a value that is both much more common and significant, with the counts behind it', () => {
		const gi = new BoardInsights(board, groups, [fields]).group('grp_transport')!;
		expect(gi.standOut.map((s) => [s.label, s.value, s.count, s.answered, s.boardCount, s.boardAnswered])).toEqual([['Trust', 'Northside', 24, 30, 60, 200]]);
		expect(gi.standOut[0].adjustedP).toBeLessThan(0.001);
		// Phone is 50% here and 50% on the board: not a difference.
		expect(gi.segments.find((s) => s.field === 'Channel')!.rows.every((r) => !r.standsOut)).toBe(true);
	});

	it('compares a group within its question unless told otherwise', () => {
		// Every Transport note answers "What could we do better?"; so do the 36 other Northside notes.
		const q = board.map((n, i) => ({ ...n, fields: { ...n.fields, question: i < 30 || (i >= 30 && i < 66) ? 'What could we do better?' : 'What was good?' } }));
		const within = new BoardInsights(q, groups, [fields]).group('grp_transport')!;
		expect(within.questions).toEqual(['What could we do better?']);
		// Within the question Northside is 24 of 30 here against 36 of 36 on the rest: not over-represented
		// (Southside is: all 6 of that question's Southside notes are in this group).
		expect(within.standOut.map((s) => [s.value, s.count, s.boardCount, s.boardAnswered])).toEqual([['Southside', 6, 6, 66]]);
		const across = new BoardInsights(q, groups, [fields], { acrossQuestions: true }).group('grp_transport')!;
		expect(across.standOut.map((s) => s.value)).toContain('Northside');
	});
});

describe.skipIf(!haveFixtures)('insights on the survey fixture', () => {
	it('compares each group with the board on every customer-context field of the export', () => {
		const survey = surveyBoard();
		const board = readBoard(survey.doc, survey.extras);
		const insights = publicInsights(board);
		const summary = insights.summary();
		expect(summary.satisfaction!.answers.map((a) => a.value)).toEqual([
			'Very dissatisfied',
			'Dissatisfied',
			'Neither satisfied nor dissatisfied',
			'Satisfied',
			'Very satisfied'
		]);
		expect(summary.segments.map((s) => s.field).sort()).toEqual(['country', 'customerStatus', 'product']);
		const total = summary.groups.reduce((s, g) => s + g.noteCount, 0);
		expect(total).toBe(summary.noteCount);
		for (const g of summary.groups) {
			expect(g.satisfaction!.answers.reduce((s, a) => s + a.count, 0)).toBe(g.satisfaction!.answered);
			for (const seg of g.segments) expect(seg.rows.reduce((s, r) => s + r.count, 0)).toBe(seg.answered);
		}
	});
});

describe.skipIf(!haveFixtures)('insights on boards made by the importer', () => {
	it('uses the fields and the satisfaction scale the importer described (women’s clothing, ratings 1-5)', async () => {
		const clothing = await importedBoard('womens-clothing-1k/Womens Clothing E-Commerce Reviews.csv', 'product');
		const board = readBoard(clothing.doc, clothing.extras);
		const insights = publicInsights(board);
		const summary = insights.summary();
		expect(summary.satisfaction!.scale).toMatchObject({ kind: 'numeric', min: 1, max: 5, best: 'max' });
		expect(summary.satisfaction!.answers.map((a) => a.value)).toEqual(['1', '2', '3', '4', '5']);
		expect(summary.satisfaction!.dissatisfied).toBe(summary.satisfaction!.answers.filter((a) => a.value === '1' || a.value === '2').reduce((s, a) => s + a.count, 0));
		const ages = summary.segments.find((s) => s.field === 'ageBracket')!;
		expect(ages.label).toBe('Age bracket');
		expect(ages.rows.map((r) => r.value).every((v) => /^(\d\d-\d\d|65\+|under 18)$/.test(v))).toBe(true);
		for (const g of summary.groups) expect(g.satisfaction!.answers).toHaveLength(5);
	}, 30_000);

	it('publishes the imported airline tweets without the private customer names', async () => {
		const tweets = await importedBoard('airline-tweets-original/Tweets.csv', 'product');
		const board = readBoard(tweets.doc, tweets.extras);
		const drafts = draftTasks(board);
		expect(drafts).toHaveLength(6);
		expect(drafts.reduce((s, d) => s + d.noteCount, 0)).toBe(board.notes.filter((n) => n.groupId).length);
		for (const d of drafts.slice(0, 2)) for (const e of d.evidence.slice(0, 50)) expect(e.fields).not.toHaveProperty('customerName');
	});
});

describe('groups stored in a loop of parents', () => {
	it('summarise a group that is its own parent, and each loop once, at the top level the board draws', () => {
		const notes = [
			{ ...makeNote({ text: 'pilled after one wash' }), groupId: 'grp_self' },
			{ ...makeNote({ text: 'runs small' }), groupId: 'grp_a' },
			{ ...makeNote({ text: 'label never came' }), groupId: 'grp_b' }
		];
		const groups = [
			{ id: 'grp_self', label: 'Fabric quality', parentId: 'grp_self' },
			{ id: 'grp_a', label: 'Sizing', parentId: 'grp_b' },
			{ id: 'grp_b', label: 'Returns', parentId: 'grp_a' }
		];
		const insights = new BoardInsights(notes, groups);
		expect(insights.summary().groups.map((g) => [g.label, g.noteCount])).toEqual([
			['Sizing', 2],
			['Fabric quality', 1]
		]);
		expect(insights.group('grp_self')!.noteCount).toBe(1);
	});
});
