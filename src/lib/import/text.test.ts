import { describe, expect, it } from 'vitest';
import { isWellFormed } from '../text/wellformed';
import { cleanComment, decodeEntities } from './text';

describe('decodeEntities', () => {
	it('joins an emoji written as two surrogate entities and never leaves half of one', () => {
		expect(decodeEntities('Great &#55357;&#56397; service')).toBe('Great 👍 service');
		expect(decodeEntities('&#x1F44D; &amp; more')).toBe('👍 & more');
		const lone = decodeEntities('broken &#xD83D; here');
		expect(isWellFormed(lone)).toBe(true);
		expect(lone).toBe('broken \ufffd here');
		expect(cleanComment(' &#56397;&#55357; ')).toBe('\ufffd\ufffd');
	});
});
