import { describe, expect, it } from 'vitest';
import { jsonParam, storableText } from './sql';

describe('what PostgreSQL can store', () => {
	it('stores U+0000 in text as U+FFFD and leaves every other text as it is', () => {
		expect(storableText('Late\u0000 delivery\u0000')).toBe('Late\uFFFD delivery\uFFFD');
		const plain = 'Lieferung zu spät 🚚 \\u0000 stays as typed';
		expect(storableText(plain)).toBe(plain);
	});

	it('writes U+0000 in JSON for jsonb as U+FFFD, in values and keys, and keeps a typed backslash before u0000', () => {
		const value = { text: 'a\u0000b', fields: { 'seg\u0000': 'x' }, typed: '\\u0000', both: '\\\u0000' };
		const json = jsonParam(value);
		expect(json).not.toMatch(/(?<!\\)(?:\\\\)*\\u0000/);
		expect(JSON.parse(json)).toEqual({ text: 'a\uFFFDb', fields: { 'seg\uFFFD': 'x' }, typed: '\\u0000', both: '\\\uFFFD' });
		expect(jsonParam({ title: 'Plain' })).toBe(JSON.stringify({ title: 'Plain' }));
	});
});
