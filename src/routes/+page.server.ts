import { fail, redirect } from '@sveltejs/kit';
import { createBoard, getBoards, MAX_TITLE } from '$lib/server/boards';
import { services } from '$lib/server/services';
import { roleForToken, tokenCookie } from '$lib/server/tokens';
import { boardCookieOptions } from '$lib/server/cookies';

/** The boards this browser has a link for: their tokens are in per-board cookies. */
export async function load({ cookies }) {
	const { db } = services();
	const ids = cookies
		.getAll()
		.filter((c) => c.name.startsWith('gb_'))
		.map((c) => c.name.slice(3));
	const rows = await getBoards(db, ids);
	const boards = [];
	for (const row of rows) {
		const role = await roleForToken(db, row.id, cookies.get(tokenCookie(row.id)));
		if (role) boards.push({ id: row.id, title: row.title, createdAt: row.created_at.toISOString(), role });
	}
	return { boards };
}

export const actions = {
	async create({ request, cookies, url }) {
		const title = String((await request.formData()).get('title') ?? '').trim();
		if (!title) return fail(400, { title, error: 'Give the board a title, for example "Q3 NPS survey".' });
		if (title.length > MAX_TITLE) return fail(400, { title, error: `A title has at most ${MAX_TITLE} characters.` });
		const board = await createBoard(services().db, title);
		cookies.set(tokenCookie(board.id), board.tokens.facilitator, boardCookieOptions(url));
		redirect(303, `/b/${board.id}`);
	}
};
