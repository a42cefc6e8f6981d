import { describe, expect, it } from 'vitest';
import { createPhaseChange } from './phase-change';

describe('createPhaseChange', () => {
	it('takes the first reported phase as the board’s state, not a change (joining into open voting)', () => {
		const watch = createPhaseChange();
		expect(watch.see(null)).toBeNull();
		expect(watch.see('vote')).toBeNull();
		expect(watch.see('vote')).toBeNull();
	});

	it('reports a change seen after joining, with the phase it changed from, once', () => {
		const watch = createPhaseChange();
		expect(watch.see('group')).toBeNull();
		expect(watch.see('vote')).toBe('group');
		expect(watch.see('vote')).toBeNull();
		expect(watch.see('assign')).toBe('vote');
	});

	it('ignores the default shown before the server’s first report', () => {
		const watch = createPhaseChange();
		expect(watch.see(null)).toBeNull();
		expect(watch.see(null)).toBeNull();
		expect(watch.see('vote')).toBeNull();
		expect(watch.see('group')).toBe('vote');
	});
});
