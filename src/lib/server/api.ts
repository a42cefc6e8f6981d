import { error, json } from '@sveltejs/kit';
import { InputError } from './sql';

export async function readJson(request: Request, example: string): Promise<Record<string, unknown>> {
	try {
		const body = await request.json();
		if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
	} catch {
		// answered below
	}
	error(400, { message: `Send a JSON object such as ${example}.` });
}

/** Runs an action; a mistake in the input becomes 400 with its message and field. */
export async function answer<T>(fn: () => Promise<T>, status = 200): Promise<Response> {
	try {
		return json(await fn(), { status });
	} catch (e) {
		if (e instanceof InputError) return json({ message: e.message, field: e.field ?? null }, { status: 400 });
		throw e;
	}
}
