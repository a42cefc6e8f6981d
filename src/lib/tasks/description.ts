import type { BoardContext } from '$lib/context/board';
import { describeLevels, formatP, percent, type GroupInsights, type SatisfactionBreakdown, type StandOut } from '$lib/insights';
import { ellipsize } from '../text/width';
import { shortLabel } from '$lib/context/label';
import { isolate } from '../text/direction';

const QUOTE_MAX = 280;

/**
 * A quote on one line, at most `max` characters (grapheme clusters) with an ellipsis when cut.
 * Right-to-left quotes are isolated (FSI…PDI), so the line keeps the description's direction and
 * its context after the quote stays where it belongs, in any tracker that shows plain text.
 */
function clip(text: string, max = QUOTE_MAX): string {
	return isolate(ellipsize(text.replace(/\s+/g, ' ').trim(), max));
}

/** Every scale of a group's insights, `satisfaction` first (insights made before there were several carry only that one). */
export function scalesOf(insights: Pick<GroupInsights, 'satisfaction'> & { scales?: SatisfactionBreakdown[] }): SatisfactionBreakdown[] {
	return insights.scales ?? (insights.satisfaction ? [insights.satisfaction] : []);
}

/** The customer context shown after a quote: its answer on each scale and its segment values, as people read them. */
export function quoteContext(insights: Pick<GroupInsights, 'segments' | 'satisfaction'> & { scales?: SatisfactionBreakdown[] }, fields: Record<string, unknown>, context?: BoardContext): string {
	const parts: string[] = [];
	const show = (key: string, v: unknown, label = '') => {
		if (v === null || v === undefined || !String(v).trim()) return;
		parts.push(label + (context ? context.display(key, v as string | number) : String(v).trim()));
	};
	// With several scales a bare "1" could be any of them: each answer is named by its scale.
	const scales = scalesOf(insights);
	for (const sat of scales) show(sat.field, fields[sat.field], scales.length > 1 ? `${shortLabel(sat.label)} ` : '');
	for (const s of insights.segments) show(s.field, fields[s.field]);
	return parts.join(', ');
}

/** "Trust: Northside (42 of 60 comments, 70%, vs 21% on the board; p < 0.001)". */
export function describeStandOut(s: StandOut): string {
	return `${s.label}: ${s.display} (${s.count} of ${s.answered} comments, ${percent(s.share)}, vs ${percent(s.boardShare)} on the board; ${formatP(s.adjustedP)})`;
}

/**
 * A plain-text task description generated from a group's insights: what customers said, how
 * many, how satisfied (on each answer's own scale, with the answers that are not on it apart),
 * what stands out against the rest of the board, and the most representative quotes. Plain text
 * with simple lists reads well in Jira, Azure DevOps, Slack and the dashboard alike.
 */
/** "31% of the board", or "39% of the answers to “What could we do better?”" when the group is compared within its question. */
export function shareOf(insights: Pick<GroupInsights, 'share' | 'questions'>): string {
	if (insights.questions.length === 1) return `${percent(insights.share)} of the answers to “${insights.questions[0]}”`;
	if (insights.questions.length > 1) return `${percent(insights.share)} of the answers to its ${insights.questions.length} questions`;
	return `${percent(insights.share)} of the board`;
}

export function taskDescription(insights: GroupInsights, boardTitle: string, context?: BoardContext): string {
	const lines: string[] = [];
	lines.push(
		`${insights.noteCount} customer comment${insights.noteCount === 1 ? '' : 's'} (${shareOf(insights)}) from the workshop "${boardTitle}".`
	);
	if (insights.questions.length) lines.push(`Question${insights.questions.length === 1 ? '' : 's'}: ${insights.questions.map((q) => `"${q}"`).join(', ')}`);
	for (const sat of scalesOf(insights)) {
		if (sat.answered === 0) continue;
		lines.push('');
		lines.push(`${sat.label}: ${sat.answered} answered — ${describeLevels(sat)}:`);
		for (const a of sat.answers) {
			if (a.count > 0) lines.push(`- ${a.display}: ${a.count} (${percent(a.share)}; board ${percent(a.boardShare)})`);
		}
	}
	if (insights.standOut.length) {
		lines.push('');
		lines.push('Stands out against the rest of the board:');
		for (const s of insights.standOut) lines.push(`- ${describeStandOut(s)}`);
	}
	if (insights.quotes.length) {
		lines.push('');
		lines.push('What customers said:');
		for (const q of insights.quotes) {
			const qc = quoteContext(insights, q.fields, context);
			lines.push(`- "${clip(q.text)}"${qc ? ` (${qc})` : ''}`);
		}
	}
	return lines.join('\n');
}
