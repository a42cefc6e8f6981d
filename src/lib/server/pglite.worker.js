// The embedded database on its own thread. PGlite runs PostgreSQL compiled to WebAssembly
// synchronously on the thread that calls it: on the main thread, every INSERT of the update log,
// every compaction and every page's query would stop the event loop that relays live edits.
// Here it runs beside that loop, which only posts messages and awaits the answers.
//
// Plain JavaScript so that it starts under any loader: `npm start` (tsx), `vite dev`, tests.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** @typedef {{ id: number, op: 'query' | 'exec' | 'begin' | 'commit' | 'rollback' | 'close', sql?: string, params?: unknown[], tx?: number }} Request */

if (!parentPort) throw new Error('pglite.worker.js runs as a worker thread');
const port = parentPort;

/** @param {unknown} err */
function describe(err) {
	if (!(err instanceof Error)) return { message: String(err) };
	// The fields PostgreSQL errors carry, so callers can tell a unique violation from a syntax error.
	const { message, name } = err;
	/** @type {Record<string, unknown>} */
	const out = { message, name };
	for (const key of ['code', 'detail', 'hint', 'constraint', 'table', 'column', 'severity']) {
		const value = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (err))[key];
		if (value !== undefined) out[key] = value;
	}
	return out;
}

/** @param {number} id @param {unknown} result */
const reply = (id, result) => port.postMessage({ id, result });
/** @param {number} id @param {unknown} err */
const fail = (id, err) => port.postMessage({ id, error: describe(err) });

/**
 * Open transactions: PGlite runs a transaction as a callback, so each one here is a callback
 * that waits for the next statement the main thread sends for it, until commit or rollback.
 * @type {Map<number, (request: Request) => void>}
 */
const transactions = new Map();
let nextTx = 1;

const BYTEA = 17;

/**
 * bytea travels as hex text between PGlite and JavaScript. PGlite's own conversion goes through
 * an array of one string per byte, which takes seconds for a board's multi-megabyte update;
 * Node's Buffer converts natively.
 */
const serializers = {
	/** @param {unknown} value */
	[BYTEA]: (value) => {
		if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
		return '\\x' + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
	}
};
const parsers = {
	/** @param {string} text */
	[BYTEA]: (text) => new Uint8Array(Buffer.from(text.slice(2), 'hex'))
};

let db;
try {
	db = await PGlite.create(workerData.dataDir, { serializers, parsers });
	port.postMessage({ ready: true });
} catch (err) {
	port.postMessage({ ready: false, error: describe(err) });
	process.exit(1);
}
const pglite = db;

/** @param {Request} request */
function begin(request) {
	const tx = nextTx++;
	/** @type {Request[]} */
	const inbox = [];
	/** @type {((request: Request) => void) | null} */
	let waiting = null;
	transactions.set(tx, (next) => {
		if (waiting) {
			const wake = waiting;
			waiting = null;
			wake(next);
		} else inbox.push(next);
	});
	/** @returns {Promise<Request>} */
	const nextRequest = () => {
		const queued = inbox.shift();
		return queued ? Promise.resolve(queued) : new Promise((resolve) => (waiting = resolve));
	};
	let finish = /** @type {Request | null} */ (null);
	pglite
		.transaction(async (t) => {
			reply(request.id, tx);
			for (;;) {
				const next = await nextRequest();
				if (next.op === 'commit' || next.op === 'rollback') {
					finish = next;
					if (next.op === 'rollback') await t.rollback();
					return;
				}
				try {
					reply(next.id, (await t.query(/** @type {string} */ (next.sql), next.params)).rows);
				} catch (err) {
					fail(next.id, err);
					// PostgreSQL has aborted the transaction; the caller's rollback ends it.
				}
			}
		})
		.then(
			() => {
				transactions.delete(tx);
				if (finish) reply(finish.id, null);
			},
			(err) => {
				transactions.delete(tx);
				if (finish) fail(finish.id, err);
				else fail(request.id, err);
			}
		);
}

port.on('message', async (/** @type {Request} */ request) => {
	if (request.tx !== undefined) {
		const deliver = transactions.get(request.tx);
		if (deliver) deliver(request);
		else fail(request.id, new Error(`transaction ${request.tx} is not open`));
		return;
	}
	try {
		switch (request.op) {
			case 'query':
				reply(request.id, (await pglite.query(/** @type {string} */ (request.sql), request.params)).rows);
				return;
			case 'exec':
				// Several statements (migration files): the rows of the last one.
				reply(request.id, (await pglite.exec(/** @type {string} */ (request.sql))).at(-1)?.rows ?? []);
				return;
			case 'begin':
				begin(request);
				return;
			case 'close':
				await pglite.close();
				reply(request.id, null);
				port.close();
				return;
			default:
				fail(request.id, new Error(`unknown request ${request.op}`));
		}
	} catch (err) {
		fail(request.id, err);
	}
});
