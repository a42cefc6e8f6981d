import { error, json } from '@sveltejs/kit';
import { createBoard, MAX_TITLE, shareLinks } from '$lib/server/boards';
import { services } from '$lib/server/services';

/** POST /api/boards {title} → 201 {id, url, links: {facilitator, editor, viewer}} */
export async function POST({ request, url }) {
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		error(400, { message: 'Send a JSON body such as {"title": "Q3 survey"}.' });
	}
	const title = (body as { title?: unknown })?.title;
	if (typeof title !== 'string' || title.trim() === '') {
		error(400, { message: 'A board needs a title: send {"title": "…"}.' });
	}
	if (title.length > MAX_TITLE) error(400, { message: `A title has at most ${MAX_TITLE} characters.` });
	const board = await createBoard(services().db, title);
	const links = shareLinks(url.origin, board.id, board.tokens);
	return json({ id: board.id, title: board.title, url: `${url.origin}/b/${board.id}`, links }, { status: 201 });
}
