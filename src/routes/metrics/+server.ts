import type { RequestHandler } from './$types';
import { services } from '$lib/server/services';

/** Prometheus text: rooms, connections, messages and bytes, persistence, fan-out and Redis latency. */
export const GET: RequestHandler = async () => {
	const { metrics } = services();
	return new Response(await metrics.render(), {
		headers: { 'content-type': metrics.contentType, 'cache-control': 'no-store' }
	});
};
