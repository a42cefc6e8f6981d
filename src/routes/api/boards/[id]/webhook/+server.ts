import { json } from '@sveltejs/kit';
import { answer, readJson } from '$lib/server/api';
import { requireBoardRole } from '$lib/server/auth';
import { services } from '$lib/server/services';
import { checkWebhookUrl, getWebhookUrl, listDeliveries, setWebhookUrl } from '$lib/server/webhooks';

/** GET /api/boards/:id/webhook → {url, deliveries}: the webhook and its latest deliveries. */
export async function GET(event) {
	await requireBoardRole(event, event.params.id, 'facilitator');
	const { db } = services();
	return json({ url: await getWebhookUrl(db, event.params.id), deliveries: await listDeliveries(db, event.params.id) });
}

/**
 * PUT /api/boards/:id/webhook {url} sets the webhook; an empty url removes it. Addresses that
 * resolve to loopback, private, link-local (cloud metadata) or reserved networks are refused
 * (400) unless WEBHOOK_ALLOW names them.
 */
export async function PUT(event) {
	await requireBoardRole(event, event.params.id, 'facilitator');
	const body = await readJson(event.request, '{"url": "https://hooks.slack.com/services/…"}');
	return answer(async () => {
		const url = await checkWebhookUrl(body.url, services().config.outbound);
		await setWebhookUrl(services().db, event.params.id, url);
		return { url };
	});
}
