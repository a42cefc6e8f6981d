import { describe, expect, it } from 'vitest';
import { extendTimer, formatRemaining, pauseTimer, rankTallies, readControls, resumeTimer, startTimer, timerRemaining, DEFAULT_CONTROLS, MAX_TIMER_MS } from './facilitation';

describe('facilitation', () => {
	it('counts a timer down in server time, pauses, resumes and extends', () => {
		let timer = startTimer(5 * 60_000, 1_000_000);
		expect(timerRemaining(timer, 1_000_000 + 61_000)).toBe(239_000);
		timer = pauseTimer(timer, 1_000_000 + 61_000)!;
		// Paused: the same remaining time whenever anyone looks.
		expect(timerRemaining(timer, 9_999_999)).toBe(239_000);
		timer = resumeTimer(timer, 2_000_000)!;
		expect(timerRemaining(timer, 2_000_000 + 39_000)).toBe(200_000);
		timer = extendTimer(timer, 60_000, 2_000_000 + 39_000)!;
		expect(timerRemaining(timer, 2_000_000 + 39_000)).toBe(260_000);
		expect(timerRemaining(timer, 9_999_999_999)).toBe(0);
		expect(extendTimer(timer, 10 * MAX_TIMER_MS, 0)!.remainingMs).toBe(MAX_TIMER_MS);
		expect(startTimer(1, 0).durationMs).toBe(1000);
	});

	it('formats time left, rounding up so 0:00 means it is over', () => {
		expect(formatRemaining(239_000)).toBe('3:59');
		expect(formatRemaining(100)).toBe('0:01');
		expect(formatRemaining(0)).toBe('0:00');
		expect(formatRemaining(3_723_000)).toBe('1:02:03');
	});

	it('ranks groups by votes, ties by id', () => {
		expect(rankTallies({ grp_a: { votes: 1, voters: 1 }, grp_c: { votes: 3, voters: 2 }, grp_b: { votes: 1, voters: 1 } })).toEqual([
			{ groupId: 'grp_c', votes: 3, voters: 2 },
			{ groupId: 'grp_a', votes: 1, voters: 1 },
			{ groupId: 'grp_b', votes: 1, voters: 1 }
		]);
	});

	it('reads damaged controls as safe defaults', () => {
		const f = readControls({ phase: 'dancing', timer: 'soon', votesPerPerson: -4, locked: 'yes', follow: 7 });
		expect(f.phase).toBe('import');
		expect(f.timer).toBeNull();
		expect(f.votesPerPerson).toBe(5);
		expect(f.locked).toBe(false);
		expect(f.follow).toBeNull();
		expect(readControls(null)).toEqual(DEFAULT_CONTROLS);
		expect(readControls({ votesPerPerson: 1e9 }).votesPerPerson).toBe(50);
	});
});
