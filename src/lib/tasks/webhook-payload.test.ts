import { describe, expect, it } from 'vitest';
import { publishedPayload } from './webhook-payload';
import type { Task } from './types';

const task = (over: Partial<Task>): Task & { url: string } => ({
	id: 'task_1',
	boardId: 'b1',
	boardTitle: 'Spring <survey>',
	groupId: 'grp_1',
	title: 'Late & lost parcels',
	description: '',
	departmentId: 'dept_1',
	departmentName: 'Logistics',
	ownerName: 'Lena',
	ownerEmail: 'lena@example.com',
	priority: 'high',
	due: '2027-01-31',
	status: 'open',
	noteCount: 12,
	dissatisfiedCount: 9,
	publishedAt: '',
	updatedAt: '',
	url: 'https://gb.example.com/departments/dept_1/tasks/task_1',
	...over
});

describe('webhook payload', () => {
	it('carries the tasks and a Slack text with links and escaped names', () => {
		const p = publishedPayload({ id: 'b1', title: 'Spring <survey>', url: 'https://gb.example.com/b/b1' }, [task({}), task({ id: 'task_2', title: 'Invoices', priority: null, due: null, ownerName: '' })]);
		expect(p.event).toBe('tasks.published');
		expect(p.tasks).toHaveLength(2);
		expect(p.text.split('\n')).toEqual([
			'*2 tasks published from <https://gb.example.com/b/b1|Spring &lt;survey&gt;>*',
			'• <https://gb.example.com/departments/dept_1/tasks/task_1|Late &amp; lost parcels> (Logistics, Lena, High, due 2027-01-31, 12 comments)',
			'• <https://gb.example.com/departments/dept_1/tasks/task_1|Invoices> (Logistics, lena@example.com, 12 comments)'
		]);
	});
});
