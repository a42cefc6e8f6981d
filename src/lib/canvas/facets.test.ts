import { describe, expect, it } from 'vitest';
import { BoardContext } from '$lib/context/board';
import { importSummary } from '../../../tests/helpers/import-summary';
import { columnsOf, distribution, facetCounts, legendFor, matchesFilter, valueKey, BLANK, type Filter } from './facets';
import { highlightPieces, SearchIndex } from './search';

describe('facets', () => {
	const notes = [
		{ fields: { satisfaction: 'Very satisfied', region: 'North' } },
		{ fields: { satisfaction: 'Satisfied', region: 'North' } },
		{ fields: { satisfaction: 'Very dissatisfied', region: 'South' } },
		{ fields: { satisfaction: 'Neither satisfied nor dissatisfied', region: null } },
		{ fields: { satisfaction: 'Somewhat dissatisfied', region: 'North' } }
	];

	it('keeps every satisfaction answer separate and in scale order', () => {
		const sat = columnsOf(notes).find((c) => c.name === 'satisfaction')!;
		expect(sat.values.map((v) => v.value)).toEqual([
			'Very dissatisfied',
			'Somewhat dissatisfied',
			'Neither satisfied nor dissatisfied',
			'Satisfied',
			'Very satisfied'
		]);
		const legend = legendFor(sat);
		expect(new Set(legend.map((l) => l.color)).size).toBe(5);
		expect(legend[0].color).toBe('rgb(220, 38, 38)');
		expect(legend[4].color).toBe('rgb(22, 163, 74)');
	});

	it('orders numeric scales by number, NPS 0-10 included', () => {
		const col = columnsOf([{ fields: { satisfaction: 10 } }, { fields: { satisfaction: 2 } }, { fields: { satisfaction: 7 } }])[0];
		expect(col.values.map((v) => v.value)).toEqual(['2', '7', '10']);
	});

	it('colours a scale whose best answer is 1 green at 1, labels its values, and greys answers not on it', () => {
		const summary = importSummary(
			{
				satisfaction: { column: 'FFT answer', role: 'satisfaction', label: 'Satisfaction', segment: false, scale: { kind: 'numeric', min: 1, max: 5, best: 'min', labels: { '1': 'Very good', '5': 'Very poor' }, notApplicable: ['6'] } },
				Trust: { column: 'Trust', role: 'segment', label: 'Trust', segment: true }
			},
			{ id: 'imp_fft', fileName: 'fft.csv', rows: 4, notes: 4 }
		);
		const context = new BoardContext([summary]);
		const notes = [1, 5, 6, 2].map((v, i) => ({ fields: { satisfaction: v, Trust: i % 2 ? 'North' : 'South' }, source: { importId: 'imp_fft', row: i } }));
		const sat = columnsOf(notes, context).find((c) => c.name === 'satisfaction')!;
		expect(sat.values.map((v) => v.display)).toEqual(['5 · Very poor', '2', '1 · Very good', '6']);
		const legend = legendFor(sat, context);
		expect(legend.find((l) => l.value === '1')!.color).toBe('rgb(22, 163, 74)');
		expect(legend.find((l) => l.value === '5')!.color).toBe('rgb(220, 38, 38)');
		expect(legend.find((l) => l.value === '6')!.color).toBe('#94a3b8');
		expect(columnsOf(notes, context).map((c) => c.label)).toEqual(['Satisfaction', 'Trust']);
	});

	it('colours a second scale by its own direction and lists it after satisfaction, before the segments', () => {
		const summary = importSummary(
			{
				satisfaction: { column: 'NPS', role: 'satisfaction', label: 'NPS', segment: false, scale: { kind: 'numeric', min: 0, max: 10, best: 'max' } },
				Rating: { column: 'Rating', role: 'satisfaction', label: 'Rating', segment: false, scale: { kind: 'numeric', min: 1, max: 5, best: 'min' } },
				Trust: { column: 'Trust', role: 'segment', label: 'Trust', segment: true }
			},
			{ id: 'imp_two', fileName: 'two.csv', rows: 3, notes: 3 }
		);
		const context = new BoardContext([summary]);
		const notes = [
			[10, 1],
			[0, 5],
			[7, 3]
		].map(([nps, rating], i) => ({ fields: { satisfaction: nps, Rating: rating, Trust: 'North' }, source: { importId: 'imp_two', row: i } }));
		const columns = columnsOf(notes, context);
		expect(columns.map((c) => c.label)).toEqual(['NPS', 'Rating', 'Trust']);
		const rating = columns.find((c) => c.name === 'Rating')!;
		expect(rating.values.map((v) => v.value)).toEqual(['5', '3', '1']);
		const legend = legendFor(rating, context);
		expect(legend.find((l) => l.value === '1')!.color).toBe('rgb(22, 163, 74)');
		expect(legend.find((l) => l.value === '5')!.color).toBe('rgb(220, 38, 38)');
	});

	it('filters on chosen values, blanks included, and counts a group\'s distribution', () => {
		expect(matchesFilter(notes[0].fields, { region: ['North'] })).toBe(true);
		expect(matchesFilter(notes[2].fields, { region: ['North'] })).toBe(false);
		expect(matchesFilter(notes[3].fields, { region: [BLANK] })).toBe(true);
		expect(matchesFilter(notes[2].fields, { region: [] })).toBe(true);
		const legend = legendFor(columnsOf(notes).find((c) => c.name === 'satisfaction')!);
		const d = distribution(['Satisfied', 'Satisfied', 'Very dissatisfied'], legend);
		expect(d.map((x) => [x.value, x.count])).toEqual([['Very dissatisfied', 1], ['Satisfied', 2]]);
	});

	it('orders the columns the importer knows first', () => {
		expect(columnsOf(notes).map((c) => c.label)).toEqual(['Satisfaction', 'Region']);
	});
});

describe('search', () => {
	it('finds notes containing every word, accents folded, and refines as the query grows', () => {
		const index = new SearchIndex();
		index.set('a', 'Die Lieferung kam zu spät');
		index.set('b', 'Delivery was late again', ['North']);
		index.set('c', 'Late invoice, wrong amount');
		expect(index.search('lat').sort()).toEqual(['b', 'c']);
		expect(index.search('late').sort()).toEqual(['b', 'c']);
		expect(index.search('late north')).toEqual(['b']);
		expect(index.search('spat')).toEqual(['a']);
		index.delete('b');
		expect(index.search('late')).toEqual(['c']);
		index.set('c', 'Fine');
		expect(index.search('late')).toEqual([]);
		expect(index.search('   ')).toEqual([]);
	});

	it('splits text into highlighted pieces', () => {
		expect(highlightPieces('Late delivery, very late', 'late')).toEqual([
			{ text: 'Late', hit: true },
			{ text: ' delivery, very ', hit: false },
			{ text: 'late', hit: true }
		]);
	});
});

describe('facet counts', () => {
	const notes: { fields: Record<string, string | number> }[] = [
		{ fields: { region: 'North', channel: 'App', satisfaction: 1 } },
		{ fields: { region: 'North', channel: 'Phone', satisfaction: 5 } },
		{ fields: { region: 'South', channel: 'App', satisfaction: 1 } },
		{ fields: { region: 'South', channel: 'App', satisfaction: 2 } },
		{ fields: { region: 'East', channel: 'Phone' } }
	];
	const cols = ['region', 'channel', 'satisfaction'];

	it('counts every value of the board with no filter', () => {
		const c = facetCounts(notes, cols, {});
		expect(c).toMatchObject({ matching: 5, total: 5 });
		expect(Object.fromEntries(c.byColumn.get('region')!)).toEqual({ North: 2, South: 2, East: 1 });
		expect(Object.fromEntries(c.byColumn.get('satisfaction')!)).toEqual({ '1': 2, '5': 1, '2': 1, [BLANK]: 1 });
	});

	it('counts each column among the notes the other filters let through', () => {
		const c = facetCounts(notes, cols, { channel: ['App'], region: ['South'] });
		expect(c.matching).toBe(2);
		// Region counts ignore the region filter but apply the channel one: App notes by region.
		expect(Object.fromEntries(c.byColumn.get('region')!)).toEqual({ North: 1, South: 2 });
		// Channel counts apply the region filter only: South notes by channel.
		expect(Object.fromEntries(c.byColumn.get('channel')!)).toEqual({ App: 2 });
		// Satisfaction has no filter: it counts the two matching notes.
		expect(Object.fromEntries(c.byColumn.get('satisfaction')!)).toEqual({ '1': 1, '2': 1 });
	});

	it('agrees with filtering note by note, on random filters', () => {
		const values = { region: ['North', 'South', 'East', BLANK], channel: ['App', 'Phone', BLANK], satisfaction: ['1', '2', '5', BLANK] };
		for (let seed = 0; seed < 50; seed++) {
			const filter: Filter = {};
			for (const [k, vs] of Object.entries(values)) filter[k] = vs.filter((_, i) => ((seed >> i) ^ k.length) % 3 === 0);
			const c = facetCounts(notes, cols, filter);
			expect(c.matching).toBe(notes.filter((n) => matchesFilter(n.fields, filter)).length);
			for (const col of cols) {
				const others = { ...filter, [col]: [] };
				for (const v of values[col as keyof typeof values]) {
					const want = notes.filter((n) => matchesFilter(n.fields, others) && valueKey(n.fields[col]) === v).length;
					expect(c.byColumn.get(col)!.get(v) ?? 0, `${col}=${v} under ${JSON.stringify(filter)}`).toBe(want);
				}
			}
		}
	});
});
