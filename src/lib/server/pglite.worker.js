// The embedded database on its own thread. PGlite runs PostgreSQL compiled to WebAssembly
// synchronously on the thread that calls it: on the main thread, every INSERT of the update log,
// every compaction and every page's query would stop the event loop that relays live edits.
// Here it runs beside that loop, which only posts messages and awaits the answers.
//
// Plain JavaScript so that it starts under any loader: `npm start` (the compiled server, which
// copies this file beside it), tests (tsx), `vite dev`.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';

// WebAssembly is compiled by V8's baseline compiler (Liftoff) and hot functions again by its
// optimising one (TurboFan); for PostgreSQL's 9 MB module the second copy is about 50 MB of
// resident code. The database's work here is small statements and copying bytes, for which the
// baseline code does as well (BENCHMARKS.md, "Memory"). The flag is read when a module is
// compiled: it is set before PGlite is loaded, and nothing else in the process compiles WebAssembly.
setFlagsFromString('--liftoff-only');
const { PGlite } = await import('@electric-sql/pglite');

/**
 * PostgreSQL settings for a server that holds one embedded database for its whole life. PGlite
 * starts PostgreSQL with shared_buffers of 160 MB and 100 connection slots, and this process would
 * keep that resident. The working set here is the boards' update logs and snapshots (a
 * 10,000-note board is a 2.6 MB snapshot, read once when the board is loaded) and a few small
 * tables; the operating system's page cache is behind the buffers either way.
 * - shared_buffers=4MB (512 pages of 8 kB; PostgreSQL's minimum is 128 kB, "Resource Consumption"
 *   in its documentation): an append touches a few pages of the log and its index. Measured on
 *   the compiled server holding a 10,000-note board: 11 MB less resident at idle and about 16 MB
 *   less holding the board than with 16 MB (BENCHMARKS.md, "Memory"). wal_buffers follows it
 *   (1/32 of shared_buffers, at least 64 kB: PostgreSQL's "Write Ahead Log" settings).
 * - max_connections=5: PGlite has one connection (single-user mode), and PostgreSQL reserves
 *   memory per connection slot.
 */
const START_PARAMS = [
	...PGlite.defaultStartParams,
	'-c',
	'shared_buffers=4MB',
	'-c',
	'max_connections=5'
];

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

/**
 * Runs PGlite's initdb for a new data directory in a child process (pglite-init.js): initdb's
 * memory is given back when that process exits, while this thread keeps only the database.
 * @param {string} dataDir
 * @returns {Promise<void>}
 */
function initialise(dataDir) {
	const script = fileURLToPath(new URL('./pglite-init.js', import.meta.url));
	return new Promise((resolve, reject) => {
		// Liftoff alone compiles PostgreSQL's WebAssembly several times faster, and this runs once.
		execFile(process.execPath, ['--liftoff-only', script, dataDir], { maxBuffer: 1 << 20 }, (err, _stdout, stderr) => {
			if (err) reject(new Error(`Could not create the embedded database in ${dataDir}: ${stderr.trim() || err.message}`));
			else resolve();
		});
	});
}

let db;
try {
	if (!existsSync(join(workerData.dataDir, 'PG_VERSION'))) await initialise(workerData.dataDir);
	db = await PGlite.create(workerData.dataDir, { serializers, parsers, startParams: START_PARAMS });
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
