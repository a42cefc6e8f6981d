import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addGroups, makeGroup } from './group';
import { initBoard } from './schema';
import {
	castVote,
	extendTimer,
	formatRemaining,
	pauseTimer,
	readFacilitation,
	resumeTimer,
	setPhase,
	setVotesPerPerson,
	startTimer,
	tallyVotes,
	timerRemaining,
	VoteError,
	votesUsed
} from './facilitation';

const origin = { kind: 'user' as const, userId: 'user_fran' };

function board() {
	const doc = new Y.Doc();
	initBoard(doc);
	addGroups(doc, [makeGroup({ id: 'grp_a', label: 'A' }), makeGroup({ id: 'grp_b', label: 'B' })], origin);
	return doc;
}

describe('facilitation', () => {
	it('counts a timer down in server time, pauses, resumes and extends', () => {
		const doc = board();
		startTimer(doc, 5 * 60_000, 1_000_000, origin);
		expect(timerRemaining(readFacilitation(doc).timer, 1_000_000 + 61_000)).toBe(239_000);
		pauseTimer(doc, 1_000_000 + 61_000, origin);
		// Paused: the same remaining time whenever anyone looks.
		expect(timerRemaining(readFacilitation(doc).timer, 9_999_999)).toBe(239_000);
		resumeTimer(doc, 2_000_000, origin);
		expect(timerRemaining(readFacilitation(doc).timer, 2_000_000 + 39_000)).toBe(200_000);
		extendTimer(doc, 60_000, 2_000_000 + 39_000, origin);
		expect(timerRemaining(readFacilitation(doc).timer, 2_000_000 + 39_000)).toBe(260_000);
		expect(timerRemaining(readFacilitation(doc).timer, 9_999_999_999)).toBe(0);
	});

	it('formats time left, rounding up so 0:00 means it is over', () => {
		expect(formatRemaining(239_000)).toBe('3:59');
		expect(formatRemaining(100)).toBe('0:01');
		expect(formatRemaining(0)).toBe('0:00');
		expect(formatRemaining(3_723_000)).toBe('1:02:03');
	});

	it('limits votes to the votes per person and only during voting', () => {
		const doc = board();
		expect(() => castVote(doc, 'grp_a', 'user_ann', 1, origin)).toThrow(VoteError);
		setPhase(doc, 'vote', origin);
		setVotesPerPerson(doc, 3, origin);
		castVote(doc, 'grp_a', 'user_ann', 1, origin);
		castVote(doc, 'grp_a', 'user_ann', 1, origin);
		castVote(doc, 'grp_b', 'user_ann', 1, origin);
		expect(() => castVote(doc, 'grp_b', 'user_ann', 1, origin)).toThrow(/all 3 of your votes/);
		castVote(doc, 'grp_a', 'user_ann', -1, origin);
		castVote(doc, 'grp_b', 'user_ann', 1, origin);
		expect(() => castVote(doc, 'grp_a', 'user_bob', -1, origin)).toThrow(/no votes/);
		castVote(doc, 'grp_b', 'user_bob', 1, origin);
		expect(votesUsed(doc, 'user_ann')).toBe(3);
		expect(tallyVotes(doc)).toEqual([
			{ groupId: 'grp_b', votes: 3, voters: 2 },
			{ groupId: 'grp_a', votes: 1, voters: 1 }
		]);
	});

	it('keeps both first votes when two people vote on a group at once', () => {
		const a = board();
		setPhase(a, 'vote', origin);
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		castVote(a, 'grp_a', 'user_ann', 1, origin);
		castVote(b, 'grp_a', 'user_bob', 2, origin);
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(tallyVotes(a)[0]).toEqual({ groupId: 'grp_a', votes: 3, voters: 2 });
		expect(tallyVotes(b)).toEqual(tallyVotes(a));
	});

	it('reads damaged controls as safe defaults', () => {
		const doc = board();
		const meta = doc.getMap('meta');
		meta.set('phase', 'dancing');
		meta.set('timer', 'soon');
		meta.set('votesPerPerson', -4);
		const f = readFacilitation(doc);
		expect(f.phase).toBe('import');
		expect(f.timer).toBeNull();
		expect(f.votesPerPerson).toBe(5);
	});
});
