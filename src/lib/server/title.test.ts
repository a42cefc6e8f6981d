import { describe, expect, it } from 'vitest';
import { isWellFormed } from '../text/wellformed';
import { boardTitle, MAX_TITLE } from './title';

describe('boardTitle', () => {
	it('cuts a long title between characters, never inside a surrogate pair or an emoji sequence', () => {
		// 199 letters and then an emoji of two code units: a cut at 200 units would keep half of it.
		const title = boardTitle('a'.repeat(MAX_TITLE - 1) + '😀 survey');
		expect(title).toBe('a'.repeat(MAX_TITLE - 1));
		const family = '👨‍👩‍👧';
		const cut = boardTitle(family.repeat(40))!;
		expect(cut.length).toBeLessThanOrEqual(MAX_TITLE);
		expect(cut).toBe(family.repeat(Math.floor(MAX_TITLE / family.length)));
		expect(isWellFormed(cut)).toBe(true);
	});

	it('stores U+0000 as U+FFFD, as the database does, and trims', () => {
		expect(boardTitle('  Q3\u0000 survey ')).toBe('Q3\uFFFD survey');
		expect(boardTitle('   ')).toBeNull();
	});
});
