import { json } from '@sveltejs/kit';
import { dashboardData } from '$lib/server/department-pages';

/**
 * GET /departments/:id asking for JSON (`accept: application/json`; a browser opening the address
 * gets the page) → {tasks, scorecard, changes}: the dashboard's refresh (`LiveRefresh`), with the
 * comparison with the boards awaited. A refusal answers JSON {message, hint} with its status
 * (401/403/404), so an open dashboard can say what happened instead of losing its page.
 */
export async function GET(event) {
	const { tasks, scorecard, changes } = await dashboardData(event);
	return json({ tasks, scorecard, changes: await changes }, { headers: { 'cache-control': 'no-store' } });
}
