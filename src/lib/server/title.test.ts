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

	it('makes each run of control characters and line breaks one space, and trims', () => {
		expect(boardTitle('  Q3\u0000survey ')).toBe('Q3 survey');
		expect(boardTitle('Q3\r\nsurvey\t\u2028results\u0085')).toBe('Q3 survey results');
		expect(boardTitle('\r\n\u0007')).toBeNull();
		expect(boardTitle('   ')).toBeNull();
	});
});
