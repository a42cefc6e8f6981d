import type { Task, TaskStatus } from '$lib/tasks/types';

/** Changes a task's status through the API; the dashboard cookie (or a sign-in token) authorises it. */
export async function changeStatus(taskId: string, status: TaskStatus): Promise<Task> {
	const res = await fetch(`/api/tasks/${taskId}`, {
		method: 'PATCH',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ status })
	});
	const body = await res.json().catch(() => ({}));
	if (!res.ok) throw new Error(body.message ?? `Could not save the status (HTTP ${res.status}). Try again.`);
	return body as Task;
}
