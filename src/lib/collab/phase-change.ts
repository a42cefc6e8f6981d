import type { Phase } from '$lib/board/schema';

/**
 * Tells a phase change this tab saw happen from the phase it found on joining. The first phase the
 * server reports is the state of the board, not news: a person who joins while voting is open sees
 * that on screen but is not told "voting started". Only later reports that differ are changes.
 *
 * `see(phase)` takes the phase the server last reported, or null before its first report (the
 * default controls shown until then are not the board's), and returns the phase it changed from,
 * or null when nothing changed or this is the first report.
 */
export function createPhaseChange(): { see(phase: Phase | null): Phase | null } {
	let seen: Phase | null = null;
	return {
		see(phase) {
			if (phase === null) return null;
			const from = seen;
			seen = phase;
			return from !== null && from !== phase ? from : null;
		}
	};
}
