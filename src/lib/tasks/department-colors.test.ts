import { describe, expect, it } from 'vitest';
import { DEPARTMENT_COLORS, nextDepartmentColor } from './department-colors';

describe('colours of new departments', () => {
	it('gives each department added in turn a colour none of the others has', () => {
		const used: string[] = [];
		for (let i = 0; i < DEPARTMENT_COLORS.length; i++) used.push(nextDepartmentColor(used));
		expect(new Set(used).size).toBe(DEPARTMENT_COLORS.length);
	});

	it('skips colours already chosen by hand, in any case, and fills a gap left by a deleted department', () => {
		expect(nextDepartmentColor(['#4F46E5'])).toBe('#d97706');
		expect(nextDepartmentColor(['#4f46e5', '#059669'])).toBe('#d97706');
		expect(nextDepartmentColor(['#123456'])).toBe('#4f46e5');
	});

	it('once every colour is taken, two departments added in a row still differ', () => {
		const used = [...DEPARTMENT_COLORS, '#4f46e5'];
		const next = nextDepartmentColor(used);
		expect(next).not.toBe(nextDepartmentColor([...used, next]));
	});
});
