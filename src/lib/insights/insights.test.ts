import { describe, expect, it } from 'vitest';
import { makeGroup, makeNote, type Note } from '$lib/board';
import { readBoard } from '$lib/export/board-data';
import { draftTasks, publicInsights } from '$lib/tasks/derive';
import { haveFixtures, importedBoard, surveyBoard } from '../../../tests/helpers/fixture-boards';
import { detectFieldRoles } from './fields';
import { BoardInsights } from './insights';
import { findRecurringThemes } from './recurring';
import { buildScale } from './satisfaction';

describe('satisfaction scale', () => {
	it('keeps every answer separate and orders worded answers from worst to best', () => {
		const scale = buildScale(['Satisfied', 'Very satisfied', 'Neither satisfied nor dissatisfied', 'Very dissatisfied', 'Dissatisfied']);
		expect(scale.answers).toEqual(['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied']);
		expect(scale.answers.filter(scale.isDissatisfied)).toEqual(['Very dissatisfied', 'Dissatisfied']);
	});

	it('orders numbers numerically and counts the low end of the observed range as dissatisfied', () => {
		const scale = buildScale(['5', '1', '3', '2', '4', '4.5']);
		expect(scale.answers).toEqual(['1', '2', '3', '4', '4.5', '5']);
		expect(scale.answers.filter(scale.isDissatisfied)).toEqual(['1', '2']);
	});
});

describe('field roles', () => {
	it('finds the customer-context fields by their usual names and brackets plain ages', () => {
		const roles = detectFieldRoles([{ fields: { Rating: 4, Country: 'DE', Age: 33, 'Customer status': 'Former', Touchpoint: 'Delivery', Product: 'Sofa' } }]);
		expect(roles).toEqual({ satisfaction: 'Rating', product: 'Product', region: 'Country', ageBracket: 'Age', customerStatus: 'Customer status', touchpoint: 'Touchpoint' });
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
			['Satisfied', 1],
			['Very satisfied', 0]
		]);
		expect(sat.dissatisfied).toBe(3);
		expect(sat.answers[0].boardShare).toBe(2 / 8);
	});

	it('flags segments that are over-represented compared with the whole board', () => {
		const region = insights.group('grp_late')!.segments.find((s) => s.role === 'region')!;
		const north = region.rows.find((r) => r.value === 'North')!;
		expect(north).toMatchObject({ count: 3, share: 0.75, boardShare: 3 / 8, overRepresented: true });
		expect(north.lift).toBeCloseTo(2);
		expect(region.rows.find((r) => r.value === 'South')!.overRepresented).toBe(false);
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

describe.skipIf(!haveFixtures)('insights on the survey fixture', () => {
	it('compares each group with the board on every customer-context field of the export', () => {
		const survey = surveyBoard();
		const board = readBoard(survey.doc, survey.extras);
		const insights = new BoardInsights(board.notes, board.groups);
		expect(insights.roles).toMatchObject({ satisfaction: 'satisfaction', region: 'country', ageBracket: 'age', customerStatus: 'customerStatus', product: 'product' });
		const summary = insights.summary();
		expect(summary.satisfaction!.answers.map((a) => a.value)).toEqual([
			'Very dissatisfied',
			'Dissatisfied',
			'Neither satisfied nor dissatisfied',
			'Satisfied',
			'Very satisfied'
		]);
		const total = summary.groups.reduce((s, g) => s + g.noteCount, 0);
		expect(total).toBe(summary.noteCount);
		for (const g of summary.groups) {
			expect(g.satisfaction!.answers.reduce((s, a) => s + a.count, 0)).toBe(g.satisfaction!.answered);
			for (const seg of g.segments) expect(seg.rows.reduce((s, r) => s + r.count, 0)).toBe(seg.answered);
		}
	});
});

describe.skipIf(!haveFixtures)('insights on boards made by the importer', () => {
	it('uses the roles and the satisfaction scale the importer found (women’s clothing, ratings 1-5)', async () => {
		const clothing = await importedBoard('womens-clothing-1k/Womens Clothing E-Commerce Reviews.csv', 'product');
		const board = readBoard(clothing.doc, clothing.extras);
		const insights = publicInsights(board);
		expect(insights.roles.satisfaction).toBe('satisfaction');
		expect(insights.roles.ageBracket).toBe('ageBracket');
		const summary = insights.summary();
		expect(summary.satisfaction!.answers.map((a) => a.value)).toEqual(['1', '2', '3', '4', '5']);
		expect(summary.satisfaction!.dissatisfied).toBe(summary.satisfaction!.answers.filter((a) => a.value === '1' || a.value === '2').reduce((s, a) => s + a.count, 0));
		const ages = summary.segments.find((s) => s.role === 'ageBracket')!;
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
