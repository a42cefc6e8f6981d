import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ApiError, UNREACHABLE, type ShareRole } from '../../src/lib/api';
import { startServer, TEST_WORKSPACE_TOKEN, workspaceHeaders, type RunningServer } from './helpers/server';
import { freshDatabase, usePostgres } from './helpers/services';

// The browser's API client against the real server: what it answers, and how each refusal
// reaches the page (the server's own message, its status, its hint).
const pgAvailable = await usePostgres();
let server: RunningServer;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let boardId: string;
let facilitator: ApiClient;
let viewer: ApiClient;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const tokenOf = (link: string) => new URL(link.replace('#', '?')).searchParams.get('token')!;

/** The error a call rejects with (the test fails if it resolves). */
async function refusal(call: Promise<unknown>): Promise<ApiError> {
	const outcome = await call.then(
		() => null,
		(err: unknown) => err
	);
	expect(outcome).toBeInstanceOf(ApiError);
	return outcome as ApiError;
}

beforeAll(async () => {
	if (!pgAvailable) return;
	database = await freshDatabase();
	server = await startServer({ DATABASE_URL: database.url, PORT: process.env.API_TEST_PORT ?? '4405' });
	const res = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: workspaceHeaders(), body: JSON.stringify({ title: 'Client board' }) });
	const created = (await res.json()) as { id: string; links: Record<ShareRole, string> };
	boardId = created.id;
	// A browser's form posts carry the page's origin, which SvelteKit's cross-site check wants.
	facilitator = new ApiClient({ base: server.url, headers: { ...bearer(tokenOf(created.links.facilitator)), origin: server.url } });
	viewer = new ApiClient({ base: server.url, headers: bearer(tokenOf(created.links.viewer)) });
});

afterAll(async () => {
	await server?.stop();
	await database?.drop();
});

describe.skipIf(!pgAvailable)('the API client against the server', () => {
	it('answers the typed bodies of the endpoints', async () => {
		const links = await facilitator.boardLinks(boardId);
		expect(Object.keys(links).sort()).toEqual(['editor', 'facilitator', 'viewer']);
		expect(links.editor).toContain(boardId);
		const replaced = await facilitator.replaceBoardLink(boardId, 'editor');
		expect(replaced.links.editor).not.toBe(links.editor);
		expect(await facilitator.imports(boardId)).toEqual([]);
		expect(await facilitator.boardTasks(boardId)).toMatchObject({ tasks: [] });
		const workspace = new ApiClient({ base: server.url, headers: bearer(TEST_WORKSPACE_TOKEN) });
		const department = await workspace.addDepartment('Customer Care');
		expect(department.name).toBe('Customer Care');
		expect((await facilitator.departments(boardId)).map((d) => d.name)).toContain('Customer Care');
		expect(await facilitator.rememberedMapping(boardId, 'no-such-headers')).toBeNull();
		const image = await facilitator.boardImage(boardId, 'groups');
		expect(image.svg).toMatch(/^<\?xml|^<svg/);
		expect(image.disposition).toContain('.svg');
	});

	it("shows a workspace member a board's links, never the workspace link as one of them", async () => {
		const res = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: workspaceHeaders(), body: JSON.stringify({ title: 'Member board' }) });
		const { id } = (await res.json()) as { id: string };
		const member = new ApiClient({ base: server.url, headers: { ...bearer(TEST_WORKSPACE_TOKEN), origin: server.url } });
		// Without the facilitator link the member cannot see the others: each needs replacing.
		const seen = await member.boardLinks(id);
		expect(JSON.stringify(seen)).not.toContain(TEST_WORKSPACE_TOKEN);
		expect(seen).toEqual({ facilitator: null, editor: null, viewer: null });
		// A link the member replaces is shown to them once, and opens the board.
		const replaced = await member.replaceBoardLink(id, 'editor');
		expect(JSON.stringify(replaced.links)).not.toContain(TEST_WORKSPACE_TOKEN);
		expect(replaced.links.facilitator).toBeNull();
		expect((await fetch(replaced.links.editor!, { redirect: 'manual' })).status).toBe(303);
	});

	it("carries the server's message and status when it refuses", async () => {
		// A bad argument: 400 with the server's sentence.
		const bad = await refusal(facilitator.replaceBoardLink(boardId, 'owner' as ShareRole));
		expect(bad.status).toBe(400);
		expect(bad.message).toMatch(/Say which link to replace/);

		// No credential: 401 with the server's message and its hint.
		const anonymous = new ApiClient({ base: server.url });
		const unauthorised = await refusal(anonymous.addDepartment('Billing'));
		expect(unauthorised.status).toBe(401);
		expect(unauthorised.message).toMatch(/Managing departments/);
		expect(unauthorised.hint).toBeTruthy();

		// A role too low: the viewer's link may not see the share links.
		const forbidden = await refusal(viewer.boardLinks(boardId));
		expect(forbidden.status).toBe(403);
		expect(forbidden.message).not.toMatch(/^The server answered/);

		// Something that is not there: 404 with the server's sentence.
		const missing = await refusal(facilitator.undoImport(boardId, 'imp_missing', 'user_test'));
		expect(missing.status).toBe(404);
		expect(missing.message).toBe('This board has no such import.');
	});

	it("keeps an import's refusal whole: message, code and the body with its counts", async () => {
		const form = new FormData();
		form.set('file', new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01])], 'broken.xlsx'));
		const refused = await refusal(facilitator.importFile(boardId, form));
		expect(refused.status).toBeGreaterThanOrEqual(400);
		expect(refused.status).toBeLessThan(500);
		expect(refused.code).toBeTruthy();
		expect(refused.message).not.toMatch(/^The server answered/);
		expect(refused.body).toMatchObject({ imported: 0, skipped: 0 });
	});

	it("shows SvelteKit's own refusal of a form posted from another site", async () => {
		const form = new FormData();
		form.set('file', new File(['text\nA comment'], 'comments.csv'));
		const crossSite = new ApiClient({ base: server.url, headers: { ...bearer(TEST_WORKSPACE_TOKEN), origin: 'https://elsewhere.example' } });
		const refused = await refusal(crossSite.importFile(boardId, form));
		expect(refused.status).toBe(403);
		expect(refused.message).toMatch(/Cross-site/);
	});

	it('says so in words when an answer has no message, and when no answer comes at all', async () => {
		// Not JSON (the app's HTML "not found" page): the status, in a sentence.
		const elsewhere = new ApiClient({ base: `${server.url}/nowhere`, headers: bearer(TEST_WORKSPACE_TOKEN) });
		const page = await refusal(elsewhere.boardTasks(boardId));
		expect(page.status).toBe(404);
		expect(page.message).toBe('The server answered 404 Not Found.');

		// Nothing listens there: status 0 and what to do.
		const down = new ApiClient({ base: `http://127.0.0.1:${process.env.API_TEST_CLOSED_PORT ?? '4419'}` });
		const unreachable = await refusal(down.boardLinks(boardId));
		expect(unreachable.status).toBe(0);
		expect(unreachable.message).toBe(UNREACHABLE);
	});
});
