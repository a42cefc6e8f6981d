import { describe, expect, it } from 'vitest';
import { failureOfStatus, failureText, refreshDelay, retryAfterSeconds } from './refresh';

describe('refreshDelay', () => {
	it('waits 30 s, doubles past the first failure in a row up to five minutes, and never less than the server asked', () => {
		expect([0, 1, 2, 3, 4, 5, 9].map((f) => refreshDelay(0, f) / 1000)).toEqual([30, 30, 60, 120, 240, 300, 300]);
		expect(refreshDelay(90, 0)).toBe(90_000);
		expect(refreshDelay(90, 4)).toBe(240_000);
		expect(refreshDelay(Number.NaN, 0)).toBe(30_000);
	});
});

describe('retryAfterSeconds', () => {
	it('reads seconds or an HTTP date, and 0 for none or nonsense', () => {
		expect(retryAfterSeconds('120')).toBe(120);
		expect(retryAfterSeconds(new Date(1_000_000 + 45_000).toUTCString(), 1_000_000)).toBe(45);
		expect(retryAfterSeconds(null)).toBe(0);
		expect(retryAfterSeconds('soon')).toBe(0);
	});
});

describe('failureOfStatus and failureText', () => {
	it('takes 401, 403, 404 and 410 as refusals that trying again does not mend, and other errors as failures to retry', () => {
		expect(failureOfStatus(404, 'Gone.', 'Go back.', 0)).toEqual({ kind: 'refused', status: 404, message: 'Gone.', hint: 'Go back.' });
		expect(failureOfStatus(429, 'Too many requests.', undefined, 12)).toEqual({ kind: 'failed', status: 429, message: 'Too many requests.', retryAfter: 12 });
		expect(failureOfStatus(503, 'Busy', undefined, 0).kind).toBe('failed');
	});

	it('says what happened and what is shown, the same sentence for the same failure', () => {
		expect(failureText({ kind: 'offline' }, '14:03:12')).toBe('You are offline: showing what was read at 14:03:12. It refreshes when the connection is back.');
		expect(failureText({ kind: 'failed', status: 503, message: 'The server is busy.', retryAfter: 60 }, '14:03:12')).toBe(
			'Could not refresh: The server is busy (503). This page is showing what was read at 14:03:12 and tries again on its own, when the server said it may.'
		);
		expect(failureText({ kind: 'refused', status: 401, message: 'This department link is not valid or was revoked.', hint: 'Ask a facilitator for a new department link.' }, null)).toBe(
			'This department link is not valid or was revoked. Ask a facilitator for a new department link. This page is showing what it loaded with.'
		);
	});
});
