import { describe, expect, it } from 'vitest';
import { QuestionModels } from './questions';

const GOOD = 'What was good?';
const BETTER = 'What could we do better?';
const notes: { text: string; question: string }[] = [
	...['Friendly staff at the desk', 'The staff were friendly', 'Staff friendly and quick', 'Quick check-in, friendly staff'].map((text) => ({ text, question: GOOD })),
	...['Everything', 'Everything.', 'Everything was great', 'everything!'].map((text) => ({ text, question: GOOD })),
	...['Everything', 'Everything.', 'Everything needs fixing', 'everything!'].map((text) => ({ text, question: BETTER })),
	...['Staff should be friendly', 'Train the staff to be friendly', 'Staff need to be quicker', 'Quicker staff at check-in'].map((text) => ({ text, question: BETTER }))
];

describe('suggestions within a question', () => {
	it('never puts answers to different questions in one group, and says which question a group answers', () => {
		const models = new QuestionModels(
			notes.map((n) => n.text),
			{ fields: notes.map((n) => ({ question: n.question })) }
		);
		const { groups, unclustered } = models.suggest();
		expect(groups.length).toBeGreaterThanOrEqual(2);
		for (const g of groups) {
			const questions = new Set(g.members.map((i) => notes[i].question));
			expect(questions.size).toBe(1);
			expect(g.question).toBe([...questions][0]);
		}
		const all = [...groups.flatMap((g) => g.members), ...unclustered].sort((a, b) => a - b);
		expect(all).toEqual(notes.map((_, i) => i));
	});

	it('shares a requested count among the questions by their size', () => {
		const models = new QuestionModels(
			notes.map((n) => n.text),
			{ fields: notes.map((n) => ({ question: n.question })) }
		);
		expect(models.parts).toHaveLength(2);
		expect(models.suggest({ clusters: 4 }).groups.length).toBeLessThanOrEqual(4);
	});

	it('is one model over every note when there is one question or none', () => {
		const models = new QuestionModels(notes.map((n) => n.text));
		expect(models.parts).toHaveLength(1);
		expect(models.suggest().groups.every((g) => g.question === null)).toBe(true);
	});
});
