import { clampText } from '../text/graphemes';

/**
 * "Spring survey (restored 2026-03-04)": a restored board never looks like the board it came
 * from. A title that already says "(restored …)" gets the new date instead of a second suffix.
 */
export function restoredTitle(title: string, now = new Date(), maxLength = 200): string {
	const suffix = ` (restored ${now.toISOString().slice(0, 10)})`;
	const base = title.replace(/\s*\(restored [^)]*\)\s*$/, '').trim() || 'Restored board';
	return `${clampText(base, Math.max(1, maxLength - suffix.length)).trimEnd()}${suffix}`;
}
