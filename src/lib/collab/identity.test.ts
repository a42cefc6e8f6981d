import { describe, expect, it } from 'vitest';
import { cleanName, initials, MAX_NAME } from './identity';
import { isWellFormed } from '../text/wellformed';

describe('names in any script', () => {
	it('takes whole first characters for initials', () => {
		expect(initials('Ana Silva')).toBe('AS');
		expect(initials('😀 Ana')).toBe('😀A');
		expect(initials('𠀋田 太郎')).toBe('𠀋太');
		expect(initials('  ')).toBe('?');
		expect(initials('Fiona (facilitator)')).toBe('FF');
		expect(initials('“Sam” -')).toBe('S');
	});

	it('keeps a long name within the limit without splitting an emoji', () => {
		const name = cleanName('👩🏽‍💻'.repeat(20));
		expect(name.length).toBeLessThanOrEqual(MAX_NAME);
		expect(isWellFormed(name)).toBe(true);
		expect(name).toBe('👩🏽‍💻'.repeat(5));
	});

	it('keeps no bidi embedding, override or isolate in a name, and keeps right-to-left letters and marks', () => {
		expect(cleanName('\u202EAna\u202C Silva\u2067')).toBe('Ana Silva');
		expect(cleanName('سارة\u200F')).toBe('سارة\u200F');
	});
});
