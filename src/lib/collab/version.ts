/**
 * The sync protocol version this code speaks. A client announces it with `?protocol=` and the board
 * document schema it understands with `?schema=`; the server tells a tab that is too old to reload
 * instead of letting it write a document it does not understand. Raise it when messages change
 * incompatibly.
 */
export const PROTOCOL_VERSION = 2;

/**
 * The oldest client protocol the server still accepts. Version 1 tabs wrote the facilitator's
 * controls and votes into the document; they must reload.
 */
export const MIN_CLIENT_PROTOCOL = 2;

/**
 * Whether a client that announced `params` is too old for a board whose document is at
 * `boardSchema`. Clients that announce nothing (scripts, the stock y-websocket provider) are
 * accepted: the role and the write checks still apply to them.
 */
export function clientTooOld(params: URLSearchParams, boardSchema: number): boolean {
	const protocol = params.get('protocol');
	const schema = params.get('schema');
	if (protocol !== null && !(Number(protocol) >= MIN_CLIENT_PROTOCOL)) return true;
	if (schema !== null && !(Number(schema) >= boardSchema)) return true;
	return false;
}

/**
 * Whether a client's offline copy belongs to an older document of the board: the tab announces
 * the board's `doc_epoch` it named its copy after (`?epoch=`), and a board migrated or replaced
 * since has a higher one. Clients that announce none are not asked.
 */
export function staleEpoch(params: URLSearchParams, boardEpoch: number): boolean {
	const epoch = params.get('epoch');
	return epoch !== null && Number(epoch) !== boardEpoch;
}

/** Whether a client announced a protocol with the board channel (2 and later); stock y-websocket clients announce none. */
export function speaksChannel(params: URLSearchParams): boolean {
	return Number(params.get('protocol')) >= 2;
}
