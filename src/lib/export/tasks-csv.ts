import { PRIORITY_LABELS, STATUS_LABELS, type Priority, type TaskStatus } from '$lib/tasks/types';
import { escapeFormulaForTracker, toCsv, type Cell } from './csv';
import { clampText } from '../text/graphemes';
import { usableOwnerEmail } from '$lib/tasks/owner-email';

/** A task as exported: a published task, or a group that would be published. */
export interface ExportTask {
	id?: string;
	groupId: string;
	title: string;
	description: string;
	departmentName: string;
	ownerName: string;
	ownerEmail: string;
	priority: Priority | null;
	due: string | null;
	status: TaskStatus | null;
	noteCount: number;
	boardTitle: string;
	/** Where the task's customer evidence can be read: its dashboard page, or the board. */
	url?: string;
}

/** Jira's Summary field holds at most 255 characters. */
export const JIRA_SUMMARY_MAX = 255;
/** Azure DevOps' Title field holds at most 255 characters. */
export const AZURE_TITLE_MAX = 255;

/**
 * A title cut to `max` characters at a grapheme boundary (an emoji or an accented letter is never
 * split), with "…" when it was cut. Counts UTF-16 code units, as Jira and Azure DevOps do.
 */
export function fitTitle(title: string, max: number): { text: string; cut: boolean } {
	const flat = title.replace(/\s+/g, ' ').trim();
	if (flat.length <= max) return { text: flat, cut: false };
	return { text: `${clampText(flat, max - 1).trimEnd()}…`, cut: true };
}

/** The description a tracker gets: the full title when the summary had to be cut, the evidence link, then the text. */
function trackerDescription(t: ExportTask, cut: boolean): string {
	const head: string[] = [];
	if (cut) head.push(`Full title: ${t.title.replace(/\s+/g, ' ').trim()}`);
	if (t.url) head.push(`Customer evidence: ${t.url}`);
	return head.length ? `${head.join('\n')}\n\n${t.description}` : t.description;
}

export const CSV_FORMATS = ['jira', 'azure', 'generic'] as const;
export type CsvFormat = (typeof CSV_FORMATS)[number];

const JIRA_PRIORITY: Record<Priority, string> = { critical: 'Highest', high: 'High', medium: 'Medium', low: 'Low' };
const AZURE_PRIORITY: Record<Priority, number> = { critical: 1, high: 2, medium: 3, low: 4 };

/** Azure DevOps' Description is an HTML field. */
const htmlText = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>');

/** Labels/tags cannot hold spaces in Jira; Azure DevOps separates tags with `;`. */
const tag = (text: string) => text.trim().replace(/[\s,;]+/g, '-');

/**
 * Columns per target:
 * - jira: Summary (at most 255 characters; the full title then heads the description),
 *   Issue Type (Task), Description (starting with the link to the task's customer evidence),
 *   Priority (Highest/High/Medium/Low), Due Date (yyyy-MM-dd), Assignee (e-mail), Component
 *   (department), Labels (voc + board).
 * - azure: Work Item Type (Task), Title (at most 255), Description (HTML, with the evidence
 *   link), Priority (1-4), Assigned To (e-mail), Due Date (yyyy-MM-dd), Tags (voc; department; board).
 * - generic: every field, one column each, the link in its own column.
 * Tracker files escape formula-like cells with a leading space the trackers trim
 * (`escapeFormulaForTracker`); the generic file, meant for spreadsheets, with an apostrophe.
 */
export function tasksToCsv(tasks: ExportTask[], format: CsvFormat = 'generic'): string {
	let header: string[];
	let rows: Cell[][];
	switch (format) {
		case 'jira':
			header = ['Summary', 'Issue Type', 'Description', 'Priority', 'Due Date', 'Assignee', 'Component', 'Labels', 'Labels'];
			rows = tasks.map((t) => {
				const summary = fitTitle(t.title, JIRA_SUMMARY_MAX);
				return [
				summary.text,
				'Task',
				trackerDescription(t, summary.cut),
				t.priority ? JIRA_PRIORITY[t.priority] : '',
				t.due ?? '',
				usableOwnerEmail(t.ownerEmail),
				t.departmentName,
				'voc',
				tag(t.boardTitle)
				];
			});
			return toCsv(header, rows, { escape: escapeFormulaForTracker });
		case 'azure':
			header = ['Work Item Type', 'Title', 'Description', 'Priority', 'Assigned To', 'Due Date', 'Tags'];
			rows = tasks.map((t) => {
				const title = fitTitle(t.title, AZURE_TITLE_MAX);
				const head = [title.cut ? `Full title: ${htmlText(t.title.replace(/\s+/g, ' ').trim())}` : '', t.url ? `Customer evidence: <a href="${htmlText(t.url)}">${htmlText(t.url)}</a>` : '']
					.filter(Boolean)
					.map((line) => `<p>${line}</p>`)
					.join('');
				return [
					'Task',
					title.text,
					head + htmlText(t.description),
					t.priority ? AZURE_PRIORITY[t.priority] : '',
					usableOwnerEmail(t.ownerEmail),
					t.due ?? '',
					['voc', t.departmentName, t.boardTitle].filter(Boolean).map((s) => s.replace(/;/g, ',')).join('; ')
				];
			});
			return toCsv(header, rows, { escape: escapeFormulaForTracker });
		default:
			header = ['Task ID', 'Group ID', 'Title', 'Department', 'Owner', 'Owner e-mail', 'Priority', 'Due date', 'Status', 'Comments', 'Board', 'Link', 'Description'];
			rows = tasks.map((t) => [
				t.id ?? '',
				t.groupId,
				t.title,
				t.departmentName,
				t.ownerName,
				t.ownerEmail,
				t.priority ? PRIORITY_LABELS[t.priority] : '',
				t.due ?? '',
				t.status ? STATUS_LABELS[t.status] : '',
				t.noteCount,
				t.boardTitle,
				t.url ?? '',
				t.description
			]);
	}
	return toCsv(header, rows);
}
