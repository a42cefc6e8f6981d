import type { ImportSummary } from '$lib/context/summary';
import type { ProblemGroup } from '$lib/context/problems';
import type { Problem } from '$lib/import/errors';
import type { Mapping } from '$lib/import/mapping';
import type { RecurringTheme } from '$lib/insights/recurring';
import type { Department, PublishedTask, Task, TaskStatus } from '$lib/tasks/types';

/**
 * The browser's client of Gistboard's HTTP API: one typed function per endpoint the pages call,
 * and one error type. The endpoints and their answers are DESIGN.md's; this module only names them.
 */

/**
 * An answer that is not a success, or no answer at all. `message` is the server's own (its
 * `error(status, { message })` body), so the page can show it as it is; `status` is the HTTP
 * status, 0 when the server could not be reached. `hint` and `code` are the server's when it sent
 * them; `body` is the whole parsed answer (an import's refusal carries its problems there).
 */
export class ApiError extends Error {
	override readonly name = 'ApiError';
	constructor(
		readonly status: number,
		message: string,
		readonly hint?: string,
		readonly code?: string,
		readonly body?: unknown
	) {
		super(message);
	}
}

/** The message when no answer came: the request never reached the server or its answer was lost. */
export const UNREACHABLE = 'The server could not be reached. Check your connection and try again.';

/**
 * The `ApiError` for an answer that is not 2xx: the server's message when its JSON body has one,
 * or its short plain-text body (SvelteKit's own refusals, such as its cross-site check, are text);
 * else its status in a sentence (an HTML page or an empty answer says nothing a person can use).
 */
export async function errorOf(res: Response): Promise<ApiError> {
	const text = await res.text().catch(() => '');
	let body: unknown = null;
	try {
		body = JSON.parse(text);
	} catch {
		body = null;
	}
	const fields = (body && typeof body === 'object' ? body : {}) as { message?: unknown; hint?: unknown; code?: unknown };
	const type = res.headers.get('content-type') ?? '';
	const plain = (type === '' || type.startsWith('text/plain')) && text.trim().length > 0 && text.length <= 300 ? text.trim() : null;
	const message =
		typeof fields.message === 'string' && fields.message.trim() ? fields.message : (plain ?? `The server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}.`);
	return new ApiError(res.status, message, typeof fields.hint === 'string' ? fields.hint : undefined, typeof fields.code === 'string' ? fields.code : undefined, body ?? undefined);
}

export type ShareRole = 'facilitator' | 'editor' | 'viewer';
/** A board's share links, full URLs carrying their tokens; null where the link's token is not kept. */
export type BoardLinks = Record<ShareRole, string | null>;

export interface WebhookDelivery {
	id: number;
	state: string;
	attempts: number;
	lastStatus: number | null;
	lastError: string | null;
	updatedAt: string;
}

export interface BoardTasks {
	/** This board's tasks, each with the ids of the comments it links to. */
	tasks: PublishedTask[];
	/** Tasks of earlier boards of the workspace, with the notes behind them. */
	earlier: (Task & { evidence: string[] })[];
	recurring: RecurringTheme[];
}

export interface ImportResult {
	importId: string;
	imported: number;
	skipped: number;
	setAside: number;
	/** Comments longer than a note holds, imported cut to fit. */
	shortened: number;
	problems: Problem[];
	problemKinds: ProblemGroup[];
	warnings: string[];
}

export interface RestoredBoard {
	id: string;
	title: string;
	url: string;
	links: BoardLinks;
	notes: number;
	groups: number;
	problems: string[];
}

export interface PrivateRow {
	row: number;
	fields: Record<string, string>;
}

/** Where the client sends requests, and headers every request carries (a script's `authorization`). */
export interface ApiOptions {
	/** The server's origin; '' (the default) is the page's own. */
	base?: string;
	headers?: Record<string, string>;
}

type Body = { json: unknown } | { form: FormData } | { text: string };

export class ApiClient {
	readonly #base: string;
	readonly #headers: Record<string, string>;

	constructor({ base = '', headers = {} }: ApiOptions = {}) {
		this.#base = base;
		this.#headers = headers;
	}

	/** One request; resolves with the parsed JSON answer, rejects with an `ApiError`. */
	async #request<T>(method: string, path: string, body?: Body, headers: Record<string, string> = {}): Promise<T> {
		const res = await this.#send(method, path, body, headers);
		const text = await res.text();
		return (text ? JSON.parse(text) : null) as T;
	}

	async #send(method: string, path: string, body?: Body, headers: Record<string, string> = {}): Promise<Response> {
		// JSON is what every endpoint answers, refusals included (SvelteKit's own checks answer in JSON when asked to).
		const init: RequestInit = { method, headers: { accept: 'application/json', ...this.#headers, ...headers } };
		if (body && 'json' in body) {
			init.body = JSON.stringify(body.json);
			(init.headers as Record<string, string>)['content-type'] = 'application/json';
		} else if (body && 'form' in body) init.body = body.form;
		else if (body) {
			init.body = body.text;
			(init.headers as Record<string, string>)['content-type'] = 'application/json';
		}
		let res: Response;
		try {
			res = await fetch(`${this.#base}${path}`, init);
		} catch {
			throw new ApiError(0, UNREACHABLE);
		}
		if (!res.ok) throw await errorOf(res);
		return res;
	}

	// ---- boards -----------------------------------------------------------------------------------

	/** `GET /api/boards/:id/links`: the board's share links (facilitator). */
	async boardLinks(boardId: string): Promise<BoardLinks> {
		return (await this.#request<{ links: BoardLinks }>('GET', `/api/boards/${boardId}/links`)).links;
	}

	/** `POST /api/boards/:id/links {role}`: a new link for `role`; the old one stops working and its connections close. */
	replaceBoardLink(boardId: string, role: ShareRole): Promise<{ links: BoardLinks; disconnected?: number }> {
		return this.#request('POST', `/api/boards/${boardId}/links`, { json: { role } });
	}

	/** `POST /api/boards/restore`: a backup (the JSON export, as text) becomes a new board (workspace credential). */
	restoreBoard(backup: string): Promise<RestoredBoard> {
		return this.#request('POST', '/api/boards/restore', { text: backup });
	}

	/** `GET /api/boards/:id/export?format=svg`: a board image as SVG text, with the file name the server gives it. */
	async boardImage(boardId: string, scope: 'board' | 'groups', paper = 'screen'): Promise<{ svg: string; disposition: string | null }> {
		const res = await this.#send('GET', exportPath(boardId, { format: 'svg', scope, paper }), undefined, { accept: 'image/svg+xml, application/json' });
		return { svg: await res.text(), disposition: res.headers.get('content-disposition') };
	}

	// ---- imports ----------------------------------------------------------------------------------

	/** `GET /api/boards/:id/imports`: the board's imports, newest first. */
	async imports(boardId: string): Promise<ImportSummary[]> {
		return (await this.#request<{ imports: ImportSummary[] }>('GET', `/api/boards/${boardId}/imports`)).imports;
	}

	/** `POST /api/boards/:id/imports`: a file and its mapping (form fields `file`, `mapping`, …) become notes (facilitator). */
	importFile(boardId: string, form: FormData): Promise<ImportResult> {
		return this.#request('POST', `/api/boards/${boardId}/imports`, { form });
	}

	/** `DELETE /api/boards/:id/imports/:importId`: takes an import's notes off the board again; answers how many. */
	async undoImport(boardId: string, importId: string, by: string): Promise<number> {
		return (await this.#request<{ removed: number }>('DELETE', `/api/boards/${boardId}/imports/${importId}?by=${encodeURIComponent(by)}`)).removed;
	}

	/** `GET /api/boards/:id/imports/private?import=`: an import's private values by row (facilitator). */
	async privateRows(boardId: string, importId: string): Promise<PrivateRow[]> {
		return (await this.#request<{ rows: PrivateRow[] }>('GET', `/api/boards/${boardId}/imports/private?import=${encodeURIComponent(importId)}`)).rows;
	}

	/** `GET /api/boards/:id/imports/mapping?signature=`: the mapping the workspace last used for these headers, or null. */
	async rememberedMapping(boardId: string, signature: string): Promise<Mapping | null> {
		return (await this.#request<{ mapping: Mapping | null }>('GET', `/api/boards/${boardId}/imports/mapping?signature=${encodeURIComponent(signature)}`)).mapping;
	}

	// ---- tasks and departments --------------------------------------------------------------------

	/** `GET /api/boards/:id/tasks`: the board's tasks, with earlier tasks and recurring themes of its workspace. */
	boardTasks(boardId: string): Promise<BoardTasks> {
		return this.#request('GET', `/api/boards/${boardId}/tasks`);
	}

	/**
	 * `POST /api/boards/:id/publish`: assigned groups become tasks, once the server has `stateVector`
	 * (base64 Yjs state vector); with `groups`, only those groups (publishing them again).
	 */
	publish(boardId: string, stateVector: string, groups?: string[]): Promise<{ tasks: Task[]; skipped: { title: string; reason: string }[] }> {
		return this.#request('POST', `/api/boards/${boardId}/publish`, { json: groups ? { stateVector, groups } : { stateVector } });
	}

	/** `GET /api/boards/:id/webhook`: the board's webhook URL and its recent deliveries (facilitator). */
	webhook(boardId: string): Promise<{ url: string | null; deliveries: WebhookDelivery[] }> {
		return this.#request('GET', `/api/boards/${boardId}/webhook`);
	}

	/** `PUT /api/boards/:id/webhook {url}`: sets the webhook (an empty URL removes it). */
	saveWebhook(boardId: string, url: string): Promise<{ url: string | null }> {
		return this.#request('PUT', `/api/boards/${boardId}/webhook`, { json: { url } });
	}

	/** `GET /api/departments?board=`: the departments a board's groups can be assigned to. */
	departments(boardId: string): Promise<Department[]> {
		return this.#request('GET', `/api/departments?board=${encodeURIComponent(boardId)}`);
	}

	/** `POST /api/departments {name}`: a new department of the workspace (workspace credential). */
	addDepartment(name: string): Promise<Department> {
		return this.#request('POST', '/api/departments', { json: { name } });
	}

	/** `POST /api/departments/:id/session`: a Supabase sign-in's access token opens the department's dashboard (sets its cookie). */
	async openDepartmentSession(departmentId: string, accessToken: string): Promise<void> {
		await this.#request('POST', `/api/departments/${departmentId}/session`, undefined, { authorization: `Bearer ${accessToken}` });
	}

	/** `PATCH /api/tasks/:id {status}`: a task's new status (department link, head's sign-in or workspace credential). */
	changeTaskStatus(taskId: string, status: TaskStatus): Promise<Task> {
		return this.#request('PATCH', `/api/tasks/${taskId}`, { json: { status } });
	}
}

/** Query of `GET /api/boards/:id/export`: `format` json, csv, tasks.json, md or svg, and the image's or CSV's options. */
export interface ExportQuery {
	format: string;
	target?: string;
	scope?: 'board' | 'groups';
	paper?: string;
}

/** The path of a board export, for a download link. */
export function exportPath(boardId: string, query: ExportQuery): string {
	const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'));
	return `/api/boards/${boardId}/export?${params}`;
}

/** The path of an import's problem rows as CSV, all of them or one `kind`, for a download link. */
export function importProblemsPath(boardId: string, importId: string, kind?: string): string {
	return `/api/boards/${boardId}/imports/${importId}/problems?format=csv${kind ? `&kind=${encodeURIComponent(kind)}` : ''}`;
}

/** The client the pages use: the page's own origin, its cookies. */
export const api = new ApiClient();
