import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { escapeFormulaForTracker } from './csv';
import { fitTitle, JIRA_SUMMARY_MAX, tasksToCsv, type ExportTask } from './tasks-csv';

const task = (over: Partial<ExportTask>): ExportTask => ({
	groupId: 'grp_1',
	title: 'Late deliveries',
	description: '12 customer comments.',
	departmentName: 'Logistics',
	ownerName: 'Lena',
	ownerEmail: 'lena@example.com',
	priority: 'high',
	due: '2027-01-31',
	status: 'open',
	noteCount: 12,
	boardTitle: 'Spring survey',
	url: 'https://gb.example.com/departments/dept_1/tasks/task_1',
	...over
});

const parse = (csv: string) => {
	const [header, ...rows] = Papa.parse<string[]>(csv.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
	return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
};

describe('tracker CSVs', () => {
	it('cuts a Jira Summary to 255 characters at a grapheme and puts the full title in the description', () => {
		const long = `${'Waiting times for patient transport '.repeat(7)}👩🏽‍⚕️ and more`;
		const [row] = parse(tasksToCsv([task({ title: long })], 'jira'));
		expect(row.Summary.length).toBeLessThanOrEqual(JIRA_SUMMARY_MAX);
		expect(row.Summary.endsWith('…')).toBe(true);
		expect(row.Description.startsWith(`Full title: ${long.trim()}\nCustomer evidence: https://gb.example.com/departments/dept_1/tasks/task_1\n\n`)).toBe(true);
		// The emoji is one grapheme: it is kept whole or left out whole.
		expect(fitTitle('a'.repeat(250) + '👩🏽‍⚕️👩🏽‍⚕️', 255).text).toBe('a'.repeat(250) + '…');
	});

	it('has no apostrophe in Jira or Azure titles: a leading space the tracker trims protects formula-like names', () => {
		for (const target of ['jira', 'azure'] as const) {
			const rows = parse(tasksToCsv([task({ title: '-20% refund promised' }), task({ title: '@support never answered' }), task({ title: '=HYPERLINK("x")' })], target));
			const titles = rows.map((r) => r[target === 'jira' ? 'Summary' : 'Title']);
			expect(titles).toEqual([' -20% refund promised', ' @support never answered', ' =HYPERLINK("x")']);
			expect(titles.map((t) => t.trim())).toEqual(['-20% refund promised', '@support never answered', '=HYPERLINK("x")']);
			for (const t of titles) expect(t).not.toMatch(/^'/);
		}
		expect(escapeFormulaForTracker('\t=1')).toBe(' =1');
		expect(escapeFormulaForTracker('Plain title')).toBe('Plain title');
	});

	it('links every tracker row to the task’s customer evidence', () => {
		const [jira] = parse(tasksToCsv([task({})], 'jira'));
		expect(jira.Description).toContain('Customer evidence: https://gb.example.com/departments/dept_1/tasks/task_1');
		const [azure] = parse(tasksToCsv([task({})], 'azure'));
		expect(azure.Description).toContain('<a href="https://gb.example.com/departments/dept_1/tasks/task_1">');
		const [generic] = parse(tasksToCsv([task({})], 'generic'));
		expect(generic.Link).toBe('https://gb.example.com/departments/dept_1/tasks/task_1');
	});

	it('leaves an owner e-mail stored before addresses were checked out of the trackers’ assignee, and keeps it in the generic file', () => {
		const [jira] = parse(tasksToCsv([task({ ownerEmail: 'dana@example' })], 'jira'));
		expect(jira.Assignee).toBe('');
		const [azure] = parse(tasksToCsv([task({ ownerEmail: 'dana@example' })], 'azure'));
		expect(azure['Assigned To']).toBe('');
		const [generic] = parse(tasksToCsv([task({ ownerEmail: 'dana@example' })], 'generic'));
		expect(generic['Owner e-mail']).toBe('dana@example');
		expect(parse(tasksToCsv([task({})], 'jira'))[0].Assignee).toBe('lena@example.com');
	});
});
