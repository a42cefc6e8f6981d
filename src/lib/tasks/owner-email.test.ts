import { describe, expect, it } from 'vitest';
import { dueIsPast, isOwnerEmail, localToday, ownerEmailProblem, usableOwnerEmail } from './owner-email';

describe('owner e-mail', () => {
	it('takes whole addresses and refuses ones a tracker or mail program cannot use', () => {
		for (const ok of ['dana@example.com', ' dana.smith+voc@mail.example.co.uk ', 'D_Ana@Example.ORG']) expect(isOwnerEmail(ok), ok).toBe(true);
		for (const bad of ['dana@example', 'dana', 'dana@', '@example.com', 'dana@@example.com', 'da na@example.com', 'dana@example.com, bo@example.com', 'javascript:alert(1)//@x.com'])
			expect(isOwnerEmail(bad), bad).toBe(false);
	});

	it('says what is wrong and how to write it, and says nothing of an empty field', () => {
		expect(ownerEmailProblem('dana@example')).toBe('“dana@example” is not a complete e-mail address: write it as name@company.com.');
		expect(ownerEmailProblem('')).toBeNull();
		expect(ownerEmailProblem('  ')).toBeNull();
		expect(ownerEmailProblem('dana@example.com')).toBeNull();
	});

	it('gives readers only usable addresses, whatever was stored before', () => {
		expect(usableOwnerEmail('dana@example')).toBe('');
		expect(usableOwnerEmail(null)).toBe('');
		expect(usableOwnerEmail(' dana@example.com ')).toBe('dana@example.com');
	});
});

describe('due date', () => {
	it('is past only before today', () => {
		expect(dueIsPast('2024-03-01', '2024-03-02')).toBe(true);
		expect(dueIsPast('2024-03-02', '2024-03-02')).toBe(false);
		expect(dueIsPast('2025-01-01', '2024-03-02')).toBe(false);
		expect(dueIsPast(null, '2024-03-02')).toBe(false);
		expect(dueIsPast('soon', '2024-03-02')).toBe(false);
	});

	it('reads today in the local calendar', () => {
		expect(localToday(new Date(2024, 0, 5, 23, 59))).toBe('2024-01-05');
	});
});
