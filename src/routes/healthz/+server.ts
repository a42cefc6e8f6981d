import { json } from '@sveltejs/kit';
import { services } from '$lib/server/services';

export async function GET() {
	try {
		await services().db.query('SELECT 1');
		return json({ ok: true });
	} catch (err) {
		return json({ ok: false, error: err instanceof Error ? err.message : String(err) }, { status: 503 });
	}
}
