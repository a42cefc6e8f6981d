import { createHash } from 'node:crypto';
import { error, type RequestEvent } from '@sveltejs/kit';
import * as Y from 'yjs';
import { boardTitle, readBoard } from '$lib/export/board-data';
import { makeBackup } from '$lib/export/backup';
import { boardReport } from '$lib/export/markdown';
import { boardImagePages, stackPages, IMAGE_SCOPES, PAPERS, type ImageScope, type Paper } from '$lib/export/svg';
import { CSV_FORMATS, tasksToCsv, type CsvFormat, type ExportTask } from '$lib/export/tasks-csv';
import { requireBoardRole } from '$lib/server/auth';
import { listDepartmentsPublic } from '$lib/server/departments';
import { ExportCache, withinTimeBudget } from '$lib/server/export-budget';
import { loadControls } from '$lib/server/board-state';
import { boardExtras } from '$lib/server/imports';
import { services } from '$lib/server/services';
import { listTasks } from '$lib/server/tasks';
import { listImports } from '$lib/server/imports';
import { draftTasks, publicInsights } from '$lib/tasks/derive';

const FORMATS = ['json', 'csv', 'md', 'svg', 'tasks.json'] as const;

/** Board images made lately, by what they were made from. */
const images = new ExportCache<string[]>();

function fileName(title: string, ext: string): string {
	const base = title.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'board';
	return `${base}.${ext}`;
}

/**
 * GET /api/boards/:id/export?format=json|csv|md|svg|tasks.json
 * json: full board backup (facilitator only: it holds private columns); csv: tasks, with
 * `target=jira|azure|generic`; md: workshop report; tasks.json: tasks; svg: the board as an image,
 * with `scope=board|groups` (every note, or one card per group), `paper=screen|a4|letter` and
 * optionally `page=n` (one page of a paper image); the answer's `x-page-count` says how many pages
 * the image has. Unknown values are a 400 that lists the accepted ones.
 */
export async function GET(event) {
	const format = (event.url.searchParams.get('format') ?? 'json') as (typeof FORMATS)[number];
	if (!FORMATS.includes(format)) error(400, { message: `Unknown format "${format}". Use one of: ${FORMATS.join(', ')}.` });
	const access = await requireBoardRole(event, event.params.id, format === 'json' ? 'facilitator' : 'viewer');
	return withinTimeBudget(event, 'Too many exports from this address in a short time.', () => exportBoard(event, format, access));
}

async function exportBoard(event: RequestEvent<{ id: string }>, format: (typeof FORMATS)[number], access: Awaited<ReturnType<typeof requireBoardRole>>): Promise<Response> {
	const { db, rooms } = services();
	const download = (body: string, type: string, ext: string, title: string) =>
		new Response(body, {
			headers: {
				'content-type': `${type}; charset=utf-8`,
				'content-disposition': `attachment; filename="${fileName(title, ext)}"`,
				'cache-control': 'no-store'
			}
		});
	if (format === 'json') {
		const extras = await boardExtras(db, event.params.id);
		const backup = await rooms.read(event.params.id, (doc) => makeBackup(doc, extras));
		if (!backup) error(404, { message: 'This board does not exist or was deleted.' });
		return download(JSON.stringify(backup), 'application/json', 'gistboard.json', boardTitle(backup.board));
	}
	const extras = await boardExtras(db, event.params.id);
	// Vote totals reach editors and viewers once the facilitator reveals them, as on the board.
	if (access.role !== 'facilitator' && !(await loadControls(db, event.params.id)).votesRevealed) extras.votes = {};
	const departments = await listDepartmentsPublic(db, access.board.workspace_id);
	const imports = await listImports(db, event.params.id);
	if (format === 'svg') {
		const scope = (event.url.searchParams.get('scope') ?? 'board') as ImageScope;
		const paper = (event.url.searchParams.get('paper') ?? 'screen') as Paper;
		if (!IMAGE_SCOPES.includes(scope)) error(400, { message: `Unknown image scope "${scope}". Use one of: ${IMAGE_SCOPES.join(', ')}.` });
		if (!PAPERS.includes(paper)) error(400, { message: `Unknown paper "${paper}". Use one of: ${PAPERS.join(', ')}.` });
		// The same image is made once: the print view asks for it once per page. A snapshot (state
		// vector and deletions) names the document's content exactly.
		const made = await rooms.read(event.params.id, (doc) => {
			const inputs = [event.params.id, scope, paper, Buffer.from(Y.encodeSnapshot(Y.snapshot(doc))).toString('base64'), extras, departments, imports];
			const cacheKey = createHash('sha256').update(JSON.stringify(inputs)).digest('base64url');
			let pages = images.get(cacheKey);
			if (!pages) {
				const board = readBoard(doc, extras);
				pages = boardImagePages(board, { scope, paper, insights: publicInsights(board, imports) });
				images.set(cacheKey, pages);
			}
			return pages;
		});
		if (!made) error(404, { message: 'This board does not exist or was deleted.' });
		const pages = made;
		const title = boardTitle(extras);
		const pageParam = event.url.searchParams.get('page');
		let body: string;
		if (pageParam === null) body = stackPages(pages, paper);
		else {
			const page = /^\d{1,5}$/.test(pageParam) ? Number(pageParam) : NaN;
			if (!(page >= 1 && page <= pages.length)) error(400, { message: `This image has ${pages.length} page${pages.length === 1 ? '' : 's'}; ask for page=1 to page=${pages.length}.` });
			body = pages[page - 1];
		}
		const response = download(body, 'image/svg+xml', `${scope === 'groups' ? 'groups.' : ''}${paper === 'screen' ? '' : `${paper}.`}svg`, title);
		response.headers.set('x-page-count', String(pages.length));
		// The image is a file to save, never a page of this site: no script runs even if one got in.
		response.headers.set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
		return response;
	}
	const board = await rooms.read(event.params.id, (doc) => readBoard(doc, extras));
	if (!board) error(404, { message: 'This board does not exist or was deleted.' });
	const title = boardTitle(board);
	const insights = publicInsights(board, imports);
	if (format === 'md') return download(boardReport(board, { departments, insights }), 'text/markdown', 'md', title);

	const published = new Map((await listTasks(db, { boardId: event.params.id })).map((t) => [t.groupId, t]));
	const names = new Map(departments.map((d) => [d.id, d.name]));
	const tasks: ExportTask[] = draftTasks(board, insights).map((d) => {
		const t = published.get(d.groupId);
		return {
			...d,
			id: t?.id,
			departmentName: names.get(d.departmentId) ?? '',
			status: t?.status ?? null,
			boardTitle: title,
			// Every tracker row links to the comments behind it: the published task's page, or the board.
			url: t ? `${event.url.origin}/departments/${d.departmentId}/tasks/${t.id}` : `${event.url.origin}/b/${event.params.id}`
		};
	});
	if (format === 'tasks.json') return download(JSON.stringify({ board: { id: event.params.id, title }, tasks }, null, 2), 'application/json', 'tasks.json', title);
	const target = (event.url.searchParams.get('target') ?? 'generic') as CsvFormat;
	if (!CSV_FORMATS.includes(target)) error(400, { message: `Unknown CSV target "${target}". Use one of: ${CSV_FORMATS.join(', ')}.` });
	return download(tasksToCsv(tasks, target), 'text/csv', target === 'generic' ? 'tasks.csv' : `${target}.csv`, title);
}
