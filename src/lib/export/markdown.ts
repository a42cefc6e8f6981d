import { PRIORITY_LABELS, STATUS_LABELS, type Department } from '$lib/tasks/types';
import { describeLevels, percent, STANDOUT_METHOD, type BoardInsights, type GroupInsights, type SatisfactionBreakdown } from '$lib/insights';
import type { ImportSummary } from '$lib/context/summary';
import { describeStandOut, quoteContext, scalesOf, shareOf } from '$lib/tasks/description';
import { groupTitle, publicInsights } from '$lib/tasks/derive';
import { boardTitle, voteTotals, type BoardData } from './board-data';
import { childrenByParent } from '$lib/board/tree';
import { isolate, stripBidiControls } from '../text/direction';

/**
 * Escapes text so that comment content cannot become Markdown structure or HTML: every character
 * that starts emphasis, code, links, images, tables or HTML is backslash-escaped (CommonMark §2.4),
 * so `[x](javascript:…)`, `![x](…)` and `<script>` stay text. Bidi embeddings, overrides and
 * isolates in the text are removed (one left open would reverse what follows it); right-to-left
 * text (Arabic, Hebrew) is then wrapped in FSI…PDI, invisible bidi isolation marks, so that it
 * reads in its own direction and the context beside it ("— *Lisbon, 2 of 5*") stays in place.
 */
export function mdText(text: string): string {
	return isolate(
		stripBidiControls(text)
			.replace(/\s+/g, ' ')
			.trim()
			.replace(/([\\`*_[\]|<>!~&])/g, '\\$1')
			.replace(/^[#+\-=]/, '\\$&')
			// A list number is escaped at its dot: a backslash before a digit is not an escape (CommonMark §2.4).
			.replace(/^(\d+)([.)])/, '$1\\$2')
	);
}

function satisfactionTable(sat: SatisfactionBreakdown, out: string[]): void {
	const na = sat.notApplicable ? `, ${sat.notApplicable} not on the scale` : '';
	const levels = sat.nps ? mdText(describeLevels(sat)) : `**${sat.dissatisfied} dissatisfied**, ${sat.neutral} neutral, ${sat.satisfied} satisfied${na}`;
	out.push('', `${mdText(sat.label)}: ${sat.answered} answered — ${levels}.`);
	out.push('', `| ${mdText(sat.label)} | comments | share | board |`, '|---|---:|---:|---:|');
	for (const a of sat.answers) out.push(`| ${mdText(a.display)} | ${a.count} | ${percent(a.share)} | ${percent(a.boardShare)} |`);
}

function groupSection(board: BoardData, insights: BoardInsights, gi: GroupInsights, depth: number, departments: Map<string, Department>, votes: Map<string, number>, out: string[]): void {
	const group = board.groups.find((g) => g.id === gi.groupId)!;
	out.push('', `${'#'.repeat(Math.min(depth, 6))} ${mdText(groupTitle(group.label))}`, '');
	const dept = group.department ? departments.get(group.department)?.name ?? group.department : null;
	const facts = [
		`**Comments:** ${gi.noteCount} (${mdText(shareOf(gi))})`,
		`**Department:** ${dept ? mdText(dept) : 'not assigned'}`,
		`**Owner:** ${group.owner && (group.owner.name || group.owner.email) ? mdText([group.owner.name, group.owner.email && `(${group.owner.email})`].filter(Boolean).join(' ')) : 'none'}`
	];
	if (group.priority) facts.push(`**Priority:** ${PRIORITY_LABELS[group.priority]}`);
	if (group.due) facts.push(`**Due:** ${mdText(group.due)}`);
	if (group.status) facts.push(`**Status:** ${STATUS_LABELS[group.status]}`);
	if (votes.get(group.id)) facts.push(`**Votes:** ${votes.get(group.id)}`);
	out.push(facts.map((f) => `- ${f}`).join('\n'));
	for (const sat of scalesOf(gi)) if (sat.answered > 0) satisfactionTable(sat, out);
	if (gi.standOut.length) {
		out.push('', 'Stands out:', '');
		for (const so of gi.standOut) out.push(`- ${mdText(describeStandOut(so))}`);
	}
	if (gi.quotes.length) {
		out.push('');
		for (const q of gi.quotes) {
			const context = quoteContext(gi, q.fields, insights.context);
			out.push(`> ${mdText(q.text)}${context ? ` — *${mdText(context)}*` : ''}`, '>');
		}
		out.pop();
	}
}

/**
 * The workshop report: summary, then every group (nested groups under their parent) with its
 * department, owner, insights and quotes; the groups the room voted for most come first, the
 * way the voting results ranked them, then the largest.
 */
export function boardReport(
	board: BoardData,
	{ departments = [], imports, insights = publicInsights(board, imports), now = new Date() }: { departments?: Department[]; imports?: ImportSummary[]; insights?: BoardInsights; now?: Date } = {}
): string {
	const depts = new Map(departments.map((d) => [d.id, d]));
	const votes = voteTotals(board);
	const summary = insights.summary();
	const out: string[] = [`# ${mdText(boardTitle(board))}`, '', `Workshop report, ${now.toISOString().slice(0, 10)}.`, ''];
	out.push(
		`- **Comments:** ${summary.noteCount} (${summary.groupedCount} in groups, ${summary.ungroupedCount} not grouped)`,
		`- **Groups:** ${board.groups.length}`,
		`- **Assigned to a department:** ${board.groups.filter((g) => g.department).length}`
	);
	const scales = scalesOf(summary).filter((sat) => sat.answered > 0);
	if (scales.length) {
		out.push('', '## Satisfaction on the whole board');
		for (const sat of scales) satisfactionTable(sat, out);
	}
	if (summary.questions.length > 1) {
		out.push('', '## Questions', '');
		for (const q of summary.questions) out.push(`- ${mdText(q.question)}: ${q.count} comments`);
		out.push('', 'Each group is compared with the comments of the questions it answers.');
	}
	out.push('', `*Stands out*: ${mdText(STANDOUT_METHOD)}.`);
	out.push('', '## Groups');
	// The tree every reader draws, so a group that is its own parent or in a loop of parents is listed too.
	const children = childrenByParent(board.groups);
	const visit = (parent: string | null, depth: number, seen: Set<string>) => {
		const list = (children.get(parent) ?? [])
			.map((g) => insights.group(g.id)!)
			.sort((a, b) => (votes.get(b.groupId) ?? 0) - (votes.get(a.groupId) ?? 0) || b.noteCount - a.noteCount || a.label.localeCompare(b.label));
		for (const gi of list) {
			if (seen.has(gi.groupId)) continue;
			seen.add(gi.groupId);
			groupSection(board, insights, gi, depth, depts, votes, out);
			visit(gi.groupId, depth + 1, seen);
		}
	};
	visit(null, 3, new Set());
	if (board.groups.length === 0) out.push('', 'No groups yet.');
	return out.join('\n') + '\n';
}
