import { json } from '@sveltejs/kit';
import { taskPageData } from '$lib/server/department-pages';

/**
 * GET /departments/:id/tasks/:taskId asking for JSON (`accept: application/json`; a browser opening
 * the address gets the page) → {task, evidence, changes}: the task page's refresh (`LiveRefresh`).
 * 404 JSON {message, hint} when the task was deleted or moved, 401/403/404 for the department.
 */
export async function GET(event) {
	const { task, evidence, changes } = await taskPageData(event);
	return json({ task, evidence, changes: await changes }, { headers: { 'cache-control': 'no-store' } });
}
