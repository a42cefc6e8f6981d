import { json } from '@sveltejs/kit';

/** GET /api/time → {now}: the server clock, so every tab counts a timer down to the same second. */
export function GET() {
	return json({ now: Date.now() }, { headers: { 'cache-control': 'no-store' } });
}
