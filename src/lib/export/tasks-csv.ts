import { PRIORITY_LABELS, STATUS_LABELS, type Priority, type TaskStatus } from '$lib/tasks/types';
import { toCsv, type Cell } from './csv';
import { clampText } from '../text/graphemes';
import { ELLIPSIS } from '../text/width';

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
	url?: string;
}

export const CSV_FORMATS = ['jira', 'azure', 'generic'] as const;
export type CsvFormat = (typeof CSV_FORMATS)[number];

const JIRA_PRIORITY: Record<Priority, string> = { critical: 'Highest', high: 'High', medium: 'Medium', low: 'Low' };
const AZURE_PRIORITY: Record<Priority, number> = { critical: 1, high: 2, medium: 3, low: 4 };

/** Azure DevOps' Description is an HTML field. */
const htmlText = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>');

/**
 * Jira's Summary and Azure DevOps' Title take at most 255 characters (UTF-16 code units, as Java
 * and .NET count): a longer group name is cut between characters and ends in an ellipsis, instead
 * of failing the whole import.
 */
export function trackerTitle(title: string, max = 255): string {
	return title.length <= max ? title : clampText(title, max - 1).trimEnd() + ELLIPSIS;
}

/** Labels/tags cannot hold spaces in Jira; Azure DevOps separates tags with `;`. */
const tag = (text: string) => text.trim().replace(/[\s,;]+/g, '-');

/**
 * Columns per target:
 * - jira: Summary, Issue Type (Task), Description, Priority (Highest/High/Medium/Low),
 *   Due Date (yyyy-MM-dd), Assignee (e-mail), Component (department), Labels (voc + board).
 * - azure: Work Item Type (Task), Title, Description, Priority (1-4), Assigned To (e-mail),
 *   Due Date (yyyy-MM-dd), Tags (voc; department; board).
 * - generic: every field, one column each.
 */
export function tasksToCsv(tasks: ExportTask[], format: CsvFormat = 'generic'): string {
	let header: string[];
	let rows: Cell[][];
	switch (format) {
		case 'jira':
			header = ['Summary', 'Issue Type', 'Description', 'Priority', 'Due Date', 'Assignee', 'Component', 'Labels', 'Labels'];
			rows = tasks.map((t) => [
				trackerTitle(t.title),
				'Task',
				t.description,
				t.priority ? JIRA_PRIORITY[t.priority] : '',
				t.due ?? '',
				t.ownerEmail,
				t.departmentName,
				'voc',
				tag(t.boardTitle)
			]);
			break;
		case 'azure':
			header = ['Work Item Type', 'Title', 'Description', 'Priority', 'Assigned To', 'Due Date', 'Tags'];
			rows = tasks.map((t) => [
				'Task',
				trackerTitle(t.title),
				htmlText(t.description),
				t.priority ? AZURE_PRIORITY[t.priority] : '',
				t.ownerEmail,
				t.due ?? '',
				['voc', t.departmentName, t.boardTitle].filter(Boolean).map((s) => s.replace(/;/g, ',')).join('; ')
			]);
			break;
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
