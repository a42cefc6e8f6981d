import { error, json } from '@sveltejs/kit';
import { isImportError, MAX_IMPORT_BYTES, type Layout } from '$lib/import';
import { requireBoardRole } from '$lib/server/auth';
import { listImports, runImport } from '$lib/server/imports';
import { services } from '$lib/server/services';
import { readBody } from '$lib/server/upload';
import { credentialKey } from '$lib/server/rate-limit';
import { busyResponse, isWorkersBusy } from '$lib/server/workers-busy';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// Multipart framing adds a little to the file itself.
const MULTIPART_SLACK = 64 * 1024;

function fileNameFor(contentType: string, given: string | null): string {
	if (given) return given;
	if (contentType.includes('tab-separated')) return 'import.tsv';
	if (contentType.includes(XLSX_TYPE)) return 'import.xlsx';
	return 'import.csv';
}

function parseJson(value: string | null, what: string): unknown {
	if (value === null || value === '') return undefined;
	try {
		return JSON.parse(value);
	} catch {
		error(400, { message: `The ${what} is not valid JSON.`, hint: 'Send it as a JSON object, URL-encoded in a query parameter or as a form field.' });
	}
}

function parseLayout(kind: string | null, by: string | null): Layout | undefined {
	if (!kind || kind === 'grid') return kind ? { kind: 'grid' } : undefined;
	if (kind === 'stack' && by) return { kind: 'stack', by };
	error(400, { message: 'layout is "grid" or "stack" (with by=<column>).' });
}

/**
 * POST /api/boards/:id/imports — imports a CSV, TSV or .xlsx file (facilitator token).
 * Body: the file itself (with ?filename=, ?mapping=<JSON>, ?mask=false, ?layout=stack&by=<column>,
 * ?sheet=<name>), or multipart/form-data with a `file` field and the same names as fields.
 * Answers 201 {importId, imported, skipped, setAside, shortened, rows, problems: [{row, line, kind, message, column?}],
 * problemKinds: [{kind, label, count, columns}], mapping, warnings, summary}. The mapping's
 * satisfaction column carries its `scale` with `best` ('min' | 'max') and `notApplicable`.
 * When every worker thread and its queue are taken the file is not read: 503 with Retry-After and
 * `{message, code: 'busy', retryAfter}`; 429 the same way when this link already has two files
 * being read or waiting.
 */
export async function POST(event) {
	const { params, request, url } = event;
	const access = await requireBoardRole(event, params.id, 'facilitator');
	const contentType = request.headers.get('content-type') ?? '';
	let bytes: Uint8Array;
	let fileName: string;
	let field: (name: string) => string | null;
	if (contentType.startsWith('multipart/form-data')) {
		const body = await readBody(request, MAX_IMPORT_BYTES + MULTIPART_SLACK);
		const form = await new Request(request.url, { method: 'POST', headers: { 'content-type': contentType }, body: body as BodyInit }).formData();
		const file = form.get('file');
		if (!(file instanceof File)) error(400, { message: 'Send the file in a form field named "file".' });
		if (file.size > MAX_IMPORT_BYTES) error(413, { message: `The file is larger than the import limit of ${MAX_IMPORT_BYTES / 1024 / 1024} MB.` });
		bytes = new Uint8Array(await file.arrayBuffer());
		fileName = file.name || fileNameFor(file.type, null);
		field = (name) => {
			const v = form.get(name);
			return typeof v === 'string' ? v : url.searchParams.get(name);
		};
	} else {
		bytes = await readBody(request, MAX_IMPORT_BYTES);
		fileName = fileNameFor(contentType, url.searchParams.get('filename'));
		field = (name) => url.searchParams.get(name);
	}
	try {
		const outcome = await runImport({
			boardId: access.board.id,
			workspaceId: access.board.workspace_id,
			bytes,
			fileName,
			mapping: parseJson(field('mapping'), 'mapping'),
			maskContacts: field('mask') !== 'false',
			layout: parseLayout(field('layout'), field('by')),
			sheet: field('sheet') ?? undefined,
			by: field('by_user') ?? `${access.role}`,
			// A board link counts for itself; a workspace member without one, for the workspace.
			credential: access.token ? credentialKey(access.token) : `workspace:${access.board.workspace_id}`
		});
		return json(
			{
				importId: outcome.importId,
				imported: outcome.imported,
				skipped: outcome.skipped,
				setAside: outcome.setAside,
				shortened: outcome.shortened,
				rows: outcome.rows,
				problems: outcome.problems,
				problemKinds: outcome.problemKinds,
				mapping: outcome.mapping,
				warnings: outcome.warnings,
				summary: outcome.summary
			},
			{ status: 201 }
		);
	} catch (err) {
		if (isWorkersBusy(err)) return busyResponse(err, { imported: 0, skipped: 0, problems: [] });
		if (isImportError(err)) {
			const status = err.code === 'too-large' || err.code === 'too-large-unpacked' ? 413 : err.code === 'bad-mapping' ? 400 : 422;
			return json({ message: err.message, code: err.code, imported: 0, skipped: 0, problems: [] }, { status });
		}
		throw err;
	}
}

/** GET /api/boards/:id/imports — the board's imports, newest first (facilitator token). */
export async function GET(event) {
	const access = await requireBoardRole(event, event.params.id, 'facilitator');
	return json({ imports: await listImports(services().db, access.board.id) });
}
