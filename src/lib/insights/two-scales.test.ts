import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BoardContext } from '$lib/context/board';
import { shortLabel } from '$lib/context/label';
import { buildNotes, guessMapping, parseFile } from '$lib/import';
import { taskDescription } from '$lib/tasks/description';
import { BoardInsights, describeLevels, dissatisfiedColumns, dissatisfiedIn } from './insights';

const NPS = 'Likelihood to recommend (0-10)';
const RATING = 'Rating (1 = excellent, 5 = poor)';
const bytes = new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../../tests/fixtures/context/two-scales.csv')));

/** The fixture imported as the dialog guesses it, every note in one group. */
async function imported() {
	const table = await parseFile(bytes, 'two-scales.csv');
	const mapping = guessMapping(table);
	const built = buildNotes(table, mapping, { importId: 'imp_two', createdBy: 'user_1', now: Date.UTC(2025, 5, 1) });
	const notes = built.notes.map((n) => ({ ...n, groupId: 'grp_all' }));
	const insights = new BoardInsights(notes, [{ id: 'grp_all', label: 'Everything', parentId: null }], [built.summary]);
	return { mapping, built, notes, insights };
}

describe('two scale columns of opposite directions in one file', () => {
	it('maps both as scales: the 0-10 one as NPS, the 1-5 one best at 1 as its header says', async () => {
		const { mapping } = await imported();
		const nps = mapping.columns.find((c) => c.column === NPS)!;
		const rating = mapping.columns.find((c) => c.column === RATING)!;
		expect(nps.role).toBe('satisfaction');
		expect(nps.scale).toMatchObject({ kind: 'numeric', min: 0, max: 10, best: 'max' });
		expect(rating.role).toBe('satisfaction');
		expect(rating.scale).toMatchObject({ kind: 'numeric', min: 1, max: 5, best: 'min', labels: { '1': 'excellent', '5': 'poor' } });
	});

	it('names each scale by its own column and reads each note on each scale', async () => {
		const { built, notes } = await imported();
		const fields = Object.values(built.summary.fields).filter((f) => f.role === 'satisfaction');
		expect(fields.map((f) => f.label)).toEqual([NPS, RATING]);
		const context = new BoardContext([built.summary]);
		expect(context.scaleKeys().map((k) => context.label(k))).toEqual([NPS, RATING]);
		// R100: 10 on the NPS and 1 (excellent) on the rating: satisfied on both.
		const happy = notes.find((n) => n.text === 'Staff were friendly and helpful')!;
		const [npsKey, ratingKey] = context.scaleKeys();
		expect(context.levelOf(happy, npsKey)).toBe('satisfied');
		expect(context.levelOf(happy, ratingKey)).toBe('satisfied');
		expect(context.display(ratingKey, happy.fields[ratingKey], happy)).toBe('1 · excellent');
		const unhappy = notes.find((n) => n.text === 'Parcel arrived damaged and late')!;
		expect(context.levelOf(unhappy, npsKey)).toBe('dissatisfied');
		expect(context.levelOf(unhappy, ratingKey)).toBe('dissatisfied');
	});

	it('summarises both in a group: the NPS as promoters, passives and detractors, the rating by its own direction', async () => {
		const { insights } = await imported();
		const g = insights.group('grp_all')!;
		expect(g.scales.map((s) => s.label)).toEqual([NPS, RATING]);
		const [nps, rating] = g.scales;
		expect(nps.nps).toEqual({ promoters: 10, passives: 2, detractors: 10, score: 0 });
		expect(describeLevels(nps)).toBe('NPS 0: 10 promoters, 2 passives, 10 detractors');
		expect(rating.nps).toBeNull();
		// 1 and 2 are satisfied (best 1), 3 neutral, 4 and 5 dissatisfied.
		expect([rating.satisfied, rating.neutral, rating.dissatisfied]).toEqual([10, 2, 10]);
		expect(rating.answers.map((a) => a.value)).toEqual(['5', '4', '3', '2', '1']);
		// The rating is a scale, not a segment column; the NPS group would repeat the NPS's own counts.
		expect(g.segments.map((s) => s.label)).toEqual(['Store']);
	});

	it('writes both scales into the task text, and each quote with its answer on both', async () => {
		const { insights } = await imported();
		const text = taskDescription(insights.group('grp_all')!, 'VOC', insights.context);
		expect(text).toContain(`${NPS}: 22 answered — NPS 0: 10 promoters, 2 passives, 10 detractors:`);
		expect(text).toContain(`${RATING}: 22 answered — 10 dissatisfied, 2 neutral, 10 satisfied:`);
		expect(text).toContain('- 1 · excellent: 7 (32%; board 32%)');
		// A quote names each scale its answers are on.
		expect(text).toMatch(/- "[^"]+" \(Likelihood to recommend \d+, Rating \d( · \w+)?, /);
	});

	it('keeps a board with one scale as it was: labelled Satisfaction, counted as before', async () => {
		const table = await parseFile(bytes, 'two-scales.csv');
		const mapping = guessMapping(table);
		mapping.columns.find((c) => c.column === RATING)!.role = 'other';
		const built = buildNotes(table, mapping, { importId: 'imp_one', createdBy: 'user_1' });
		expect(built.summary.fields.satisfaction.label).toBe('Satisfaction');
		const notes = built.notes.map((n) => ({ ...n, groupId: 'g' }));
		const g = new BoardInsights(notes, [{ id: 'g', label: 'G', parentId: null }], [built.summary]).group('g')!;
		expect(g.scales.map((s) => s.label)).toEqual(['Satisfaction']);
		expect(g.satisfaction).toBe(g.scales[0]);
		// Its NPS group is still a segment, as it was.
		expect(g.segments.map((s) => s.label)).toEqual(['NPS group', 'Store']);
	});

	it('gives a note its answer on each scale, named by its column; none on a board with one scale', async () => {
		const { built, notes } = await imported();
		const context = new BoardContext([built.summary]);
		const happy = notes.find((n) => n.text === 'Staff were friendly and helpful')!;
		expect(context.scaleAnswers(happy).map((a) => [a.label, a.value])).toEqual([
			[NPS, '10'],
			[RATING, '1 · excellent']
		]);
		const table = await parseFile(bytes, 'two-scales.csv');
		const mapping = guessMapping(table);
		mapping.columns.find((c) => c.column === RATING)!.role = 'other';
		const one = buildNotes(table, mapping, { importId: 'imp_one', createdBy: 'user_1' });
		expect(new BoardContext([one.summary]).scaleAnswers(one.notes[0])).toEqual([]);
	});

	it('gives the groups table a Dissatisfied column per scale, each named by its scale', async () => {
		const { insights } = await imported();
		const summary = insights.summary();
		const cols = dissatisfiedColumns(summary.scales);
		expect(cols.map((c) => [c.header, c.title])).toEqual([
			['Likelihood to recommend: detractors', `${NPS}: detractors`],
			['Rating: dissatisfied', `${RATING}: dissatisfied`]
		]);
		const g = insights.group('grp_all')!;
		expect(cols.map((c) => dissatisfiedIn(g, c.field))).toEqual([10, 10]);
	});

	it('keeps one Dissatisfied column for a board with one scale, or none', () => {
		const sat = { field: 'satisfaction', label: 'Satisfaction', nps: null };
		expect(dissatisfiedColumns([sat])).toEqual([{ field: 'satisfaction', header: 'Dissatisfied', title: '' }]);
		expect(dissatisfiedColumns([])).toEqual([{ field: 'satisfaction', header: 'Dissatisfied', title: '' }]);
		expect(dissatisfiedIn({ satisfaction: null, scales: [] }, 'satisfaction')).toBeNull();
	});

	it('gives each note its NPS group from the NPS column wherever it is in the file', async () => {
		// The rating before the NPS: the rating is the first scale, the NPS the second.
		const swapped = new TextDecoder()
			.decode(bytes)
			.split(/\r?\n/)
			.map((l) => {
				const c = l.split(';');
				return [c[0], c[2], c[1], ...c.slice(3)].join(';');
			})
			.join('\n');
		const table = await parseFile(new TextEncoder().encode(swapped), 'two-scales.csv');
		const built = buildNotes(table, guessMapping(table), { importId: 'imp_swapped', createdBy: 'user_1' });
		const group = (text: string) => built.notes.find((n) => n.text === text)!.fields.nps;
		expect(group('Staff were friendly and helpful')).toBe('promoter');
		expect(group('Parcel arrived damaged and late')).toBe('detractor');
		expect(built.notes.filter((n) => n.fields.nps).length).toBe(built.notes.length);
	});
});

describe('shortLabel', () => {
	it('drops a long header’s explanation in brackets and leaves short labels alone', () => {
		expect(shortLabel(RATING)).toBe('Rating');
		expect(shortLabel(NPS)).toBe('Likelihood to recommend');
		expect(shortLabel('Satisfaction')).toBe('Satisfaction');
		expect(shortLabel('How likely are you to recommend our stores to a friend or colleague')).toMatch(/^How likely are you to recom.*…$/);
	});
});
