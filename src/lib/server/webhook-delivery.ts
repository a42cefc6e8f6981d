import http from 'node:http';
import https from 'node:https';
import { OutboundRefused, PUBLIC_ONLY, resolveAllowed, type OutboundPolicy } from './outbound.ts';

/**
 * Delivery of one webhook POST with retries: network errors, timeouts, 429 and 5xx answers are
 * retried with exponential backoff; other 4xx answers are permanent (the receiver refused it).
 */
export interface DeliveryOptions {
	attempts?: number;
	/** Delay before retry n (1-based). */
	backoffMs?: (retry: number) => number;
	timeoutMs?: number;
	onAttempt?: (attempt: AttemptResult) => void | Promise<void>;
	signal?: AbortSignal;
	/** Which addresses may be reached; public ones only unless WEBHOOK_ALLOW says otherwise. */
	policy?: OutboundPolicy;
}

export interface AttemptResult {
	attempt: number;
	ok: boolean;
	status: number | null;
	error: string | null;
	willRetry: boolean;
}

export interface DeliveryResult {
	ok: boolean;
	attempts: number;
	status: number | null;
	error: string | null;
}

export const defaultBackoff = (retry: number) => Math.min(60_000, 1000 * 4 ** (retry - 1));

const sleep = (ms: number, signal?: AbortSignal) =>
	new Promise<void>((resolve) => {
		const t = setTimeout(resolve, ms);
		signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
	});

class Timeout extends Error {}

/**
 * One POST to an address resolved and checked just before connecting: the connection goes to the
 * checked address itself, so a name that resolves to a public address when the webhook is set and
 * to an internal one later (DNS rebinding) is refused at delivery. Resolves with the status code.
 */
async function post(url: URL, body: string, timeoutMs: number, policy: OutboundPolicy): Promise<number> {
	const [target] = await resolveAllowed(url.hostname, policy);
	const client = url.protocol === 'https:' ? https : http;
	return new Promise((resolve, reject) => {
		const req = client.request(
			url,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', 'user-agent': 'Gistboard-Webhook/1', 'content-length': Buffer.byteLength(body) },
				timeout: timeoutMs,
				// Connect to the address that was checked, never to what a second lookup might answer.
				lookup: ((_host: string, opts: { all?: boolean }, callback: (err: null, address: unknown, family?: number) => void) =>
					opts?.all ? callback(null, [{ address: target.address, family: target.family }]) : callback(null, target.address, target.family)) as unknown as import('node:net').LookupFunction
			},
			(res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			}
		);
		req.on('timeout', () => req.destroy(new Timeout()));
		req.on('error', reject);
		req.end(body);
	});
}

export async function deliverWebhook(url: string, body: unknown, options: DeliveryOptions = {}): Promise<DeliveryResult> {
	const { attempts = 4, backoffMs = defaultBackoff, timeoutMs = 10_000, onAttempt, signal, policy = PUBLIC_ONLY } = options;
	const payload = JSON.stringify(body);
	let last: AttemptResult = { attempt: 0, ok: false, status: null, error: 'not attempted', willRetry: false };
	for (let attempt = 1; attempt <= attempts; attempt++) {
		let status: number | null = null;
		let error: string | null = null;
		let refused = false;
		try {
			status = await post(new URL(url), payload, timeoutMs, policy);
			if (status < 200 || status >= 300) error = `the receiver answered HTTP ${status}`;
		} catch (e) {
			refused = e instanceof OutboundRefused;
			// What is recorded names no address, port or network error code: the log must not map the network.
			error = refused ? (e as Error).message : e instanceof Timeout ? `no answer within ${timeoutMs / 1000} s` : 'could not connect to the receiver';
		}
		const ok = error === null;
		const retryable = !ok && !refused && (status === null || status === 429 || status >= 500);
		const willRetry = retryable && attempt < attempts && !signal?.aborted;
		last = { attempt, ok, status, error, willRetry };
		await onAttempt?.(last);
		if (!willRetry) break;
		await sleep(backoffMs(attempt), signal);
	}
	return { ok: last.ok, attempts: last.attempt, status: last.status, error: last.error };
}
