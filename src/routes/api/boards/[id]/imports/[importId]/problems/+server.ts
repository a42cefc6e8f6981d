import { error, json } from '@sveltejs/kit';
import { PROBLEM_LABELS } from '$lib/context/problems';
import { toCsv } from '$lib/export/csv';
import { requireBoardRole } from '$lib/server/auth';
import { importProblems } from '$lib/server/imports';
import { services } from '$lib/server/services';

/**
 * GET /api/boards/:id/imports/:importId/problems[?format=csv] — every problem row of an import
 * (facilitator token): JSON `{fileName, kinds: [{kind, label, count, columns}], problems: [{row,
 * line, kind, message, column?}]}`, or a CSV with one row per problem (Line, Kind, Column, Problem).
 */
export async function GET(event) {
	const access = await requireBoardRole(event, event.params.id, 'facilitator');
	const found = await importProblems(services().db, access.board.id, event.params.importId);
	if (!found) error(404, { message: 'This board has no such import.' });
	if (event.url.searchParams.get('format') !== 'csv') return json(found, { headers: { 'cache-control': 'no-store' } });
	const kind = event.url.searchParams.get('kind');
	const rows = found.problems.filter((p) => !kind || p.kind === kind).map((p) => [p.line, PROBLEM_LABELS[p.kind], p.column ?? '', p.message]);
	const base = found.fileName.replace(/\.[^.]+$/, '').replace(/[^\w .-]/g, '').slice(0, 60) || 'import';
	return new Response(toCsv(['Line', 'Kind', 'Column', 'Problem'], rows), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${base}-problems.csv"`,
			'cache-control': 'no-store'
		}
	});
}
