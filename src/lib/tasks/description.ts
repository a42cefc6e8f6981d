import { percent, type GroupInsights } from '$lib/insights';
import { ellipsize } from '../text/width';

const QUOTE_MAX = 280;

/** A quote on one line, at most `max` characters (grapheme clusters) with an ellipsis when cut. */
function clip(text: string, max = QUOTE_MAX): string {
	return ellipsize(text.replace(/\s+/g, ' ').trim(), max);
}

/** The customer context shown after a quote: the segment values of that comment. */
export function quoteContext(insights: Pick<GroupInsights, 'segments' | 'satisfaction'>, fields: Record<string, unknown>): string {
	const parts: string[] = [];
	if (insights.satisfaction) {
		const v = fields[insights.satisfaction.field];
		if (v !== null && v !== undefined && String(v).trim()) parts.push(String(v).trim());
	}
	for (const s of insights.segments) {
		const v = fields[s.field];
		if (v !== null && v !== undefined && String(v).trim()) parts.push(String(v).trim());
	}
	return parts.join(', ');
}

/**
 * A plain-text task description generated from a group's insights: what customers said, how
 * many, how satisfied, which segments stand out, and the most representative quotes. Plain text
 * with simple lists reads well in Jira, Azure DevOps, Slack and the dashboard alike.
 */
export function taskDescription(insights: GroupInsights, boardTitle: string): string {
	const lines: string[] = [];
	lines.push(
		`${insights.noteCount} customer comment${insights.noteCount === 1 ? '' : 's'} (${percent(insights.share)} of the board) from the workshop "${boardTitle}".`
	);
	const sat = insights.satisfaction;
	if (sat && sat.answered > 0) {
		lines.push('');
		lines.push(`Satisfaction (${sat.field}), ${sat.answered} answered, ${sat.dissatisfied} dissatisfied:`);
		for (const a of sat.answers) {
			if (a.count > 0) lines.push(`- ${a.value}: ${a.count} (${percent(a.share)}; board ${percent(a.boardShare)})`);
		}
	}
	const standOut = insights.segments.flatMap((s) =>
		s.rows.filter((r) => r.overRepresented).map((r) => `- ${s.label} ${r.value}: ${percent(r.share)} here vs ${percent(r.boardShare)} on the board`)
	);
	if (standOut.length) {
		lines.push('');
		lines.push('Over-represented segments:');
		lines.push(...standOut);
	}
	if (insights.quotes.length) {
		lines.push('');
		lines.push('What customers said:');
		for (const q of insights.quotes) {
			const context = quoteContext(insights, q.fields);
			lines.push(`- "${clip(q.text)}"${context ? ` (${context})` : ''}`);
		}
	}
	return lines.join('\n');
}
