import { json, type RequestHandler } from '@sveltejs/kit';

/** Any other address under /api answers as the API does: a JSON 404, never the HTML page. */
export const fallback: RequestHandler = ({ url }) =>
	json({ message: `There is no API route ${url.pathname}.`, hint: 'See the HTTP API table in DESIGN.md.' }, { status: 404 });
