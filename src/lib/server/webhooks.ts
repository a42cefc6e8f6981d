import { deliverWebhook, type DeliveryOptions, type DeliveryResult } from './webhook-delivery';
import { OutboundRefused, resolveAllowed, type OutboundPolicy } from './outbound';
import { InputError, iso, jsonParam, type Sql } from './sql';

export interface WebhookDelivery {
	id: number;
	event: string;
	state: 'pending' | 'delivered' | 'failed';
	attempts: number;
	lastStatus: number | null;
	lastError: string | null;
	createdAt: string;
	updatedAt: string;
}

export function parseWebhookUrl(raw: unknown): string | null {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!text) return null;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new InputError('Enter the full webhook address, starting with https://', 'url');
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InputError('Webhook addresses start with https:// or http://', 'url');
	if (url.username || url.password) throw new InputError('Put no user name or password in the webhook address.', 'url');
	if (text.length > 2000) throw new InputError('A webhook address has at most 2,000 characters.', 'url');
	return url.toString();
}

/**
 * A webhook address as `parseWebhookUrl` reads it, whose host resolves to public addresses only
 * (or to what the policy allows). Delivery checks again, so a later DNS change cannot turn it inward.
 */
export async function checkWebhookUrl(raw: unknown, policy: OutboundPolicy): Promise<string | null> {
	const url = parseWebhookUrl(raw);
	if (!url) return null;
	try {
		await resolveAllowed(new URL(url).hostname, policy);
	} catch (e) {
		if (e instanceof OutboundRefused) throw new InputError(e.message, 'url');
		throw new InputError(`The host of this address could not be found: ${new URL(url).hostname}.`, 'url');
	}
	return url;
}

export async function getWebhookUrl(db: Sql, boardId: string): Promise<string | null> {
	const [row] = await db.query<{ url: string }>('select url from board_webhooks where board_id = $1', [boardId]);
	return row?.url ?? null;
}

/** Sets or (with null) removes the board's webhook. */
export async function setWebhookUrl(db: Sql, boardId: string, url: string | null): Promise<void> {
	if (url === null) {
		await db.query('delete from board_webhooks where board_id = $1', [boardId]);
		return;
	}
	await db.query(
		`insert into board_webhooks (board_id, url, workspace_id) select $1, $2, workspace_id from boards where id = $1
		 on conflict (board_id) do update set url = excluded.url, updated_at = now()`,
		[boardId, url]
	);
}

export async function listDeliveries(db: Sql, boardId: string, limit = 10): Promise<WebhookDelivery[]> {
	const rows = await db.query<Record<string, unknown>>(
		// A delivery still pending long after its last attempt was cut off by a restart: say so.
		`select id, event, attempts, last_status, created_at, updated_at,
			case when state = 'pending' and updated_at < now() - interval '5 minutes' then 'failed' else state end as state,
			case when state = 'pending' and updated_at < now() - interval '5 minutes'
				then 'delivery was interrupted by a server restart; publish again to send it' else last_error end as last_error
		 from webhook_deliveries where board_id = $1 order by id desc limit $2`,
		[boardId, limit]
	);
	return rows.map((r) => ({
		id: Number(r.id),
		event: String(r.event),
		state: r.state as WebhookDelivery['state'],
		attempts: Number(r.attempts),
		lastStatus: r.last_status === null ? null : Number(r.last_status),
		lastError: (r.last_error as string | null) ?? null,
		createdAt: iso(r.created_at),
		updatedAt: iso(r.updated_at)
	}));
}

/**
 * Posts an event to the board's webhook, recording every attempt so the facilitator sees
 * failures. Resolves when delivery has succeeded or finally failed; callers that answer an HTTP
 * request do not wait for it.
 */
export async function sendWebhook(db: Sql, boardId: string, event: string, payload: unknown, options: DeliveryOptions = {}): Promise<DeliveryResult | null> {
	const url = await getWebhookUrl(db, boardId);
	if (!url) return null;
	const [{ id }] = await db.query<{ id: number }>(
		'insert into webhook_deliveries (board_id, url, event, payload) values ($1, $2, $3, $4::jsonb) returning id',
		[boardId, url, event, jsonParam(payload)]
	);
	return deliverWebhook(url, payload, {
		...options,
		async onAttempt(a) {
			await db.query(
				'update webhook_deliveries set attempts = $2, last_status = $3, last_error = $4, state = $5, updated_at = now() where id = $1',
				[id, a.attempt, a.status, a.error, a.ok ? 'delivered' : a.willRetry ? 'pending' : 'failed']
			);
			await options.onAttempt?.(a);
		}
	});
}
