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

export async function deliverWebhook(url: string, body: unknown, options: DeliveryOptions = {}): Promise<DeliveryResult> {
	const { attempts = 4, backoffMs = defaultBackoff, timeoutMs = 10_000, onAttempt, signal } = options;
	let last: AttemptResult = { attempt: 0, ok: false, status: null, error: 'not attempted', willRetry: false };
	for (let attempt = 1; attempt <= attempts; attempt++) {
		let status: number | null = null;
		let error: string | null = null;
		try {
			const res = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'user-agent': 'Gistboard-Webhook/1' },
				body: JSON.stringify(body),
				signal: AbortSignal.timeout(timeoutMs),
				redirect: 'manual'
			});
			status = res.status;
			await res.body?.cancel();
			if (!res.ok) error = `the receiver answered HTTP ${res.status}`;
		} catch (e) {
			const cause = (e as { cause?: { code?: string } }).cause?.code;
			error = (e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : `could not connect (${cause ?? (e as Error).message})`;
		}
		const ok = error === null;
		const retryable = !ok && (status === null || status === 429 || status >= 500);
		const willRetry = retryable && attempt < attempts && !signal?.aborted;
		last = { attempt, ok, status, error, willRetry };
		await onAttempt?.(last);
		if (!willRetry) break;
		await sleep(backoffMs(attempt), signal);
	}
	return { ok: last.ok, attempts: last.attempt, status: last.status, error: last.error };
}
