import { describe, expect, it } from 'vitest';
import { comparableText, findDuplicates } from './duplicates';

describe('near-duplicate comments', () => {
	it('compares words only, ignoring case, accents, punctuation, links and mentions', () => {
		expect(comparableText('@united Flight DELAYED again!!! http://t.co/x')).toBe('flight delayed again');
		expect(comparableText('Não chegou')).toBe('nao chegou');
	});

	it('stacks identical and near-identical comments and keeps the longest on top', () => {
		const texts = [
			'Flight delayed again!!',
			'The app keeps logging me out every time I open it',
			'flight delayed again',
			'@united flight   delayed AGAIN',
			'The app keeps logging me out every time I open it today',
			'Great crew on the way to Denver'
		];
		const stacks = findDuplicates(texts);
		expect(stacks).toHaveLength(2);
		const delayed = stacks.find((s) => s.members.includes(0))!;
		expect(delayed.members).toEqual([0, 2, 3]);
		expect(delayed.similarity).toBe(1);
		expect(delayed.keep).toBe(0);
		const app = stacks.find((s) => s.members.includes(1))!;
		expect(app.members).toEqual([1, 4]);
		expect(app.keep).toBe(4);
		expect(app.similarity).toBeGreaterThanOrEqual(0.8);
		expect(app.similarity).toBeLessThan(1);
	});

	it('does not stack comments that only share a few words', () => {
		const texts = ['The seat was broken and nobody helped', 'The seat was comfortable and the crew helped'];
		expect(findDuplicates(texts)).toEqual([]);
	});

	it('with threshold 1 stacks only identical text', () => {
		const texts = ['The app keeps logging me out every time', 'The app keeps logging me out every time again', 'the app keeps logging me out every time'];
		expect(findDuplicates(texts, { threshold: 1 }).map((s) => s.members)).toEqual([[0, 2]]);
	});
});
