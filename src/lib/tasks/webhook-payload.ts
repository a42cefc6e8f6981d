import { PRIORITY_LABELS, type Task } from './types';

export interface PublishedPayload {
	event: 'tasks.published';
	board: { id: string; title: string; url: string };
	tasks: (Task & { url: string })[];
	/** Slack-compatible summary, so the URL of a Slack incoming webhook works as it is. */
	text: string;
}

const slack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function publishedPayload(board: PublishedPayload['board'], tasks: PublishedPayload['tasks']): PublishedPayload {
	const lines = [`*${tasks.length} task${tasks.length === 1 ? '' : 's'} published from <${board.url}|${slack(board.title)}>*`];
	for (const t of tasks) {
		const facts = [t.departmentName, t.ownerName || t.ownerEmail, t.priority && PRIORITY_LABELS[t.priority], t.due && `due ${t.due}`, `${t.noteCount} comments`]
			.filter(Boolean)
			.map((f) => slack(String(f)));
		lines.push(`• <${t.url}|${slack(t.title)}> (${facts.join(', ')})`);
	}
	return { event: 'tasks.published', board, tasks, text: lines.join('\n') };
}
