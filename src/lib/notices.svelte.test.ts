import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_NOTICES, Notices, readingTime } from './notices.svelte';

describe('Notices', () => {
	let notices: Notices;
	beforeEach(() => {
		vi.useFakeTimers();
		notices = new Notices();
	});
	afterEach(() => {
		notices.destroy();
		vi.useRealTimers();
	});
	const messages = () => notices.list.map((n) => n.message);

	it('lets an informational notice go after its reading time', () => {
		notices.show('Taken out of other groups: 1 from Billing.');
		vi.advanceTimersByTime(readingTime('Taken out of other groups: 1 from Billing.') - 1);
		expect(messages()).toEqual(['Taken out of other groups: 1 from Billing.']);
		vi.advanceTimersByTime(1);
		expect(messages()).toEqual([]);
	});

	it('gives longer messages more time, up to a bound', () => {
		expect(readingTime('a'.repeat(200))).toBeGreaterThan(readingTime('short'));
		expect(readingTime('a'.repeat(10_000))).toBe(15_000);
	});

	it('keeps errors and progress until they are dismissed or updated', () => {
		const err = notices.show('The PNG could not be made.', { kind: 'error' });
		const work = notices.show('Drawing the PNG…', { kind: 'progress', done: 0 });
		vi.advanceTimersByTime(60_000);
		expect(messages()).toEqual(['The PNG could not be made.', 'Drawing the PNG…']);
		notices.update(work, { message: 'Downloaded board.png', kind: 'info', done: null });
		vi.advanceTimersByTime(readingTime('Downloaded board.png'));
		expect(messages()).toEqual(['The PNG could not be made.']);
		notices.dismiss(err);
		expect(messages()).toEqual([]);
	});

	it('does not count time while a notice is held, and runs on after it is released', () => {
		const id = notices.show('Voting is open.');
		vi.advanceTimersByTime(1_000);
		notices.hold(id);
		vi.advanceTimersByTime(60_000);
		expect(messages()).toEqual(['Voting is open.']);
		notices.release(id);
		vi.advanceTimersByTime(readingTime('Voting is open.') - 1_001);
		expect(messages()).toEqual(['Voting is open.']);
		vi.advanceTimersByTime(1);
		expect(messages()).toEqual([]);
	});

	it('replaces the notice of the same key and restarts its time', () => {
		notices.show('Moved: 1 from Billing.', { key: 'editor' });
		vi.advanceTimersByTime(4_000);
		notices.show('Redone: your change to 1 note.', { key: 'editor' });
		expect(messages()).toEqual(['Redone: your change to 1 note.']);
		vi.advanceTimersByTime(readingTime('Redone: your change to 1 note.') - 1);
		expect(messages()).toEqual(['Redone: your change to 1 note.']);
	});

	it(`shows at most ${MAX_NOTICES}: a new one pushes out the oldest informational one, never an error`, () => {
		notices.show('It failed.', { kind: 'error' });
		notices.show('one');
		notices.show('two');
		notices.show('three');
		expect(messages()).toEqual(['It failed.', 'two', 'three']);
		notices.show('four');
		expect(messages()).toEqual(['It failed.', 'three', 'four']);
	});
});

describe('Notices ondismiss', () => {
	it('tells the source once its notice leaves, not when its key replaces it', () => {
		vi.useFakeTimers();
		const notices = new Notices();
		const left: string[] = [];
		notices.show('first', { key: 'editor', ondismiss: () => left.push('first') });
		notices.show('second', { key: 'editor', ondismiss: () => left.push('second') });
		expect(left).toEqual([]);
		vi.advanceTimersByTime(readingTime('second'));
		expect(left).toEqual(['second']);
		notices.destroy();
		vi.useRealTimers();
	});
});
