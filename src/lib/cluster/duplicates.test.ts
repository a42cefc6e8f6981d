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

describe('duplicates within a survey question', () => {
	it('stacks the same answer to one question, never across questions', () => {
		const texts = ['Everything.', 'everything', 'Everything!', 'The staff were lovely', 'the staff were lovely'];
		const questions = ['What was good?', 'What was good?', 'What could we do better?', 'What was good?', 'What was good?'];
		const stacks = findDuplicates(texts, { questions });
		expect(stacks.map((s) => s.members).sort()).toEqual([
			[0, 1],
			[3, 4]
		]);
		// Without questions every text answers the same one.
		expect(findDuplicates(texts).map((s) => s.members)).toContainEqual([0, 1, 2]);
	});

	it('says what is wrong when the questions do not match the texts', () => {
		expect(() => findDuplicates(['a b c', 'a b c'], { questions: ['q'] })).toThrow('2 texts but 1 questions');
	});
});

/** Every pair of texts whose shingle sets reach the threshold, by brute force (the definition). */
function exhaustivePairs(texts: string[], threshold: number): Set<string> {
	const sets = texts.map((t) => {
		const w = comparableText(t).split(' ').filter(Boolean);
		if (w.length < 3) return new Set(w.length ? [w.join(' ')] : []);
		return new Set(w.slice(2).map((_, i) => `${w[i]} ${w[i + 1]} ${w[i + 2]}`));
	});
	const out = new Set<string>();
	for (let a = 0; a < texts.length; a++) {
		for (let b = a + 1; b < texts.length; b++) {
			if (sets[a].size === 0 || sets[b].size === 0) continue;
			let inter = 0;
			for (const x of sets[a]) if (sets[b].has(x)) inter++;
			if (inter / (sets[a].size + sets[b].size - inter) >= threshold) out.add(`${a}:${b}`);
		}
	}
	return out;
}

describe('near duplicates at scale', () => {
	// Variants of a few complaints: words dropped, swapped or added, so that similarities spread
	// around the threshold; a seeded generator keeps the test the same on every run.
	function variants(count: number): string[] {
		let seed = 7;
		const random = () => ((seed = (Math.imul(seed, 48271) + 11) | 0) >>> 0) / 2 ** 32;
		const bases = [
			'the delivery arrived two days late and the box was damaged when it came',
			'customer service never answered my emails about the refund for the broken chair',
			'the app logs me out every time I switch to another app and back again',
			'great value for money and the staff at the store were really helpful today'
		];
		return Array.from({ length: count }, () => {
			const words = bases[Math.floor(random() * bases.length)].split(' ');
			const edits = Math.floor(random() * 4);
			for (let e = 0; e < edits; e++) {
				const at = Math.floor(random() * words.length);
				if (random() < 0.5) words.splice(at, 1);
				else words.splice(at, 0, ['really', 'again', 'very', 'still'][Math.floor(random() * 4)]);
			}
			return words.join(' ');
		});
	}

	it('finds every pair at or above the threshold, and each stack is connected by such pairs', () => {
		const texts = variants(400);
		const truth = exhaustivePairs(texts, 0.8);
		const stacks = findDuplicates(texts);
		const stackOf = new Map<number, number>();
		stacks.forEach((s, k) => s.members.forEach((m) => stackOf.set(m, k)));
		// Recall: both ends of every true pair are in one stack.
		for (const pair of truth) {
			const [a, b] = pair.split(':').map(Number);
			expect(stackOf.get(a), pair).toBeDefined();
			expect(stackOf.get(a), pair).toBe(stackOf.get(b));
		}
		// Precision: a stack holds only members joined through true pairs (or identical text).
		for (const s of stacks) {
			const reached = new Set([s.members[0]]);
			for (let grew = true; grew; ) {
				grew = false;
				for (const m of s.members) {
					if (reached.has(m)) continue;
					for (const r of reached) {
						const key = r < m ? `${r}:${m}` : `${m}:${r}`;
						if (truth.has(key) || comparableText(texts[r]) === comparableText(texts[m])) {
							reached.add(m);
							grew = true;
							break;
						}
					}
				}
			}
			expect(reached.size).toBe(s.members.length);
		}
	});

	it('stacks a large set of copies of one comment, however many there are', () => {
		const texts = Array.from({ length: 600 }, (_, i) => `my order never arrived and nobody from support called me back about it, ticket ${i}`);
		const stacks = findDuplicates(texts);
		expect(stacks).toHaveLength(1);
		expect(stacks[0].members).toHaveLength(600);
	});
});
