import { describe, expect, it } from 'vitest';
import { nearestInDirection } from './navigate';

describe('arrow-key navigation', () => {
	const items: [string, { x: number; y: number; w: number; h: number }][] = [
		['a', { x: 0, y: 0, w: 100, h: 100 }],
		['b', { x: 200, y: 0, w: 100, h: 100 }],
		['c', { x: 200, y: 400, w: 100, h: 100 }],
		['d', { x: 0, y: 200, w: 100, h: 100 }]
	];
	it('prefers what is straight ahead', () => {
		expect(nearestInDirection(items[0][1], 'right', items, 'a')).toBe('b');
		expect(nearestInDirection(items[0][1], 'down', items, 'a')).toBe('d');
		expect(nearestInDirection(items[1][1], 'down', items, 'b')).toBe('c');
		expect(nearestInDirection(items[0][1], 'left', items, 'a')).toBeNull();
	});
});
