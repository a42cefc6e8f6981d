import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Sentiment from 'sentiment';
import { describe, expect, it } from 'vitest';
import { commentSentiment, guessDirection, guessMapping, parseFile, scaleEvidence, type ParsedTable } from './index';

const fixture = (dir: string, name: string) => new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../../tests/fixtures', dir, name)));

/** The same rows with a 1-5 answer in `column` turned round (v → 6 − v); the comments stay where they were. */
function mirrored(table: ParsedTable, column: string): ParsedTable {
	const at = table.columns.find((c) => c.name === column)!.index;
	return { ...table, rows: table.rows.map((r) => r.map((v, i) => (i === at && /^[1-5]$/.test(v.trim()) ? String(6 - Number(v)) : v))) };
}

describe('the direction of a scale read from comments in their own language', () => {
	for (const [name, column, language] of [
		['es.csv', 'Valoración', 'es'],
		['de.csv', 'Note', 'de']
	] as const) {
		it(`${name}: 40 comments where 1 is best make 1 the best answer, and the same file turned round makes 5 the best`, async () => {
			const table = await parseFile(fixture('direction', name), name);
			const mapping = guessMapping(table);
			const rating = mapping.columns.find((c) => c.column === column)!;
			expect(rating.role).toBe('satisfaction');
			expect(rating.scale).toMatchObject({ kind: 'numeric', min: 1, max: 5, best: 'min' });
			const evidence = scaleEvidence(table, mapping, column)!;
			expect(evidence).toMatchObject({ best: 'min', n: 40, language });
			expect(evidence.t).toBeLessThan(-3);
			// Each answer's comments are on average less happy than the one before.
			const means = evidence.means.map((m) => m.mean);
			expect(means[0]).toBeGreaterThan(0);
			expect(means[4]).toBeLessThan(0);
			expect(means[0]).toBeGreaterThan(means[2]);
			expect(means[2]).toBeGreaterThan(means[4]);

			const turned = mirrored(table, column);
			const back = guessMapping(turned).columns.find((c) => c.column === column)!;
			expect(back.scale).toMatchObject({ best: 'max' });
			expect(scaleEvidence(turned, guessMapping(turned), column)!.t).toBeGreaterThan(3);
		});
	}

	it('reads a column’s direction once per table: asked again, whichever end the scale calls best, it answers the same evidence', async () => {
		const table = await parseFile(fixture('direction', 'es.csv'), 'es.csv');
		const mapping = guessMapping(table);
		const first = scaleEvidence(table, mapping, 'Valoración')!;
		const flipped = { ...mapping, columns: mapping.columns.map((c) => (c.column === 'Valoración' ? { ...c, scale: { ...c.scale!, best: 'max' as const } } : c)) };
		expect(scaleEvidence(table, flipped, 'Valoración')).toBe(first);
		// Another table (the same rows turned round) is read on its own.
		expect(scaleEvidence(mirrored(table, 'Valoración'), mapping, 'Valoración')!.best).toBe('max');
		// Other comment columns are another question.
		const noComments = { ...mapping, columns: mapping.columns.map((c) => (c.role === 'comment' ? { ...c, role: 'other' as const } : c)) };
		expect(scaleEvidence(table, noComments, 'Valoración')).not.toBe(first);
	});

	it('scores English comments with AFINN as written, as before', async () => {
		const table = await parseFile(fixture('context', 'fft-reversed.csv'), 'fft-reversed.csv');
		const at = table.columns.find((c) => c.name === 'Comment')?.index ?? 4;
		const afinn = new Sentiment();
		const comments = table.rows.map((r) => r[at]).filter((c) => c?.trim());
		expect(comments.length).toBeGreaterThan(30);
		for (const comment of comments) expect(commentSentiment(comment, 'en')).toBe(afinn.analyze(comment.slice(0, 2000)).comparative);
	});

	it('reads a comment with no grammar words in the language of the file', () => {
		// "Perfeito" and "Horrível" are no language's grammar word: a Portuguese file reads them as Portuguese.
		expect(commentSentiment('Perfeito', 'pt')).toBeGreaterThan(0);
		expect(commentSentiment('Horrível', 'pt')).toBeLessThan(0);
		expect(commentSentiment('Perfeito', 'en')).toBe(0);
		// A comment whose grammar words say Spanish is read as Spanish in an English file.
		expect(commentSentiment('El producto es malo y no funciona', 'en')).toBeLessThan(0);
	});

	it('gives a comment in a language without a lexicon no tone', () => {
		expect(commentSentiment('Het personeel was erg vriendelijk en de kamer was mooi', 'en')).toBe(0);
	});

	it('scores an even spread of at most 2,000 comments of a long file', () => {
		// Answers in file order 1 … 5, a thousand each: an even spread reads as many of each.
		const pairs = Array.from({ length: 5000 }, (_, i) => ({ answer: String(1 + Math.floor(i / 1000)), comment: i < 1000 ? 'Servicio pésimo, una estafa' : 'Todo perfecto, muy amables' }));
		const evidence = guessDirection({ kind: 'numeric', min: 1, max: 5, best: 'max' }, pairs);
		expect(evidence.n).toBe(2000);
		expect(evidence.means.map((m) => m.n)).toEqual([400, 400, 400, 400, 400]);
		expect(evidence).toMatchObject({ best: 'max', language: 'es' });
	});
});
