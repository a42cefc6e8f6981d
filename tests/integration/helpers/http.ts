/** What `call` answers: the status, the body as text and, when it is JSON, parsed (else null). */
export interface CallResult {
	status: number;
	text: string;
	// Answers of many shapes; each test reads the fields it checks.
	json: any;
	headers: Headers;
}

/**
 * One HTTP request to the server at `base`, as a script or another program would send it:
 * `token` as `Authorization: Bearer …`, `cookie` as is; `body` bytes go as `text/csv`, a string as
 * written and anything else as JSON (both `application/json`). Redirects are not followed, so a
 * test sees them.
 */
export async function call(
	base: string,
	path: string,
	{ token, cookie, method = 'GET', body }: { token?: string; cookie?: string; method?: string; body?: unknown } = {}
): Promise<CallResult> {
	const res = await fetch(`${base}${path}`, {
		method,
		redirect: 'manual',
		headers: {
			...(token ? { authorization: `Bearer ${token}` } : {}),
			...(cookie ? { cookie } : {}),
			'content-type': body instanceof Uint8Array ? 'text/csv' : 'application/json'
		},
		body: body === undefined ? undefined : body instanceof Uint8Array || typeof body === 'string' ? (body as BodyInit) : JSON.stringify(body)
	});
	const text = await res.text();
	let json = null;
	try {
		json = JSON.parse(text);
	} catch {
		json = null;
	}
	return { status: res.status, text, json, headers: res.headers };
}
