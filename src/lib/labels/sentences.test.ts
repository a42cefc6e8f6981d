import { describe, expect, it } from 'vitest';
import { sentences } from './sentences';

describe('sentences', () => {
	it('puts a full stop between parts only where the first does not end a sentence already', () => {
		expect(sentences(['The app does not work anymore.', 'Satisfaction: 4'])).toBe('The app does not work anymore. Satisfaction: 4');
		expect(sentences(['Slow delivery', 'Satisfaction: 2', 'Customer: new'])).toBe('Slow delivery. Satisfaction: 2. Customer: new');
		expect(sentences(['Why?!', 'Rating: 1'])).toBe('Why?! Rating: 1');
		expect(sentences(['He said “never again.”', 'Rating: 1'])).toBe('He said “never again.” Rating: 1');
		expect(sentences(['配送が遅い。', 'Rating: 1'])).toBe('配送が遅い。 Rating: 1');
	});

	it('leaves out empty parts and trims the rest', () => {
		expect(sentences(['  Broken on arrival  ', '', null, undefined, false, ' Rating: 5 '])).toBe('Broken on arrival. Rating: 5');
		expect(sentences([])).toBe('');
	});
});
