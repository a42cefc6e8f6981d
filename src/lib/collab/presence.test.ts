import { describe, expect, it } from 'vitest';
import { votersHere, type Peer, type PresenceRole } from './presence.svelte';

let nextClient = 1;
const peer = (id: string, role: PresenceRole): Peer => ({
	clientId: nextClient++,
	user: { id, name: id, color: '#175cd3', role },
	cursor: null,
	selection: [],
	drag: null,
	typing: null,
	view: null
});

describe('votersHere', () => {
	it('counts editors and facilitators, not viewers, who cannot vote', () => {
		const peers = [peer('user_ed', 'editor'), peer('user_viewer', 'viewer')];
		expect(votersHere(peers, { id: 'user_fac', role: 'facilitator' })).toBe(2);
	});

	it('counts a person with several tabs once, this tab’s person included', () => {
		const peers = [peer('user_ed', 'editor'), peer('user_ed', 'editor'), peer('user_fac', 'facilitator')];
		expect(votersHere(peers, { id: 'user_fac', role: 'facilitator' })).toBe(2);
	});

	it('leaves out this tab’s person when a viewer', () => {
		expect(votersHere([peer('user_ed', 'editor')], { id: 'user_viewer', role: 'viewer' })).toBe(1);
		expect(votersHere([], { id: 'user_viewer', role: 'viewer' })).toBe(0);
	});
});
