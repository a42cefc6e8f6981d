import * as idb from 'lib0/indexeddb';
import * as Y from 'yjs';

/** Adds one update under the next key (lib0's `addAutoKey` is typed for keys, not values). */
function append(store: IDBObjectStore, update: Uint8Array): Promise<void> {
	return new Promise((resolve, reject) => {
		const request = store.add(update);
		request.onsuccess = () => resolve();
		request.onerror = () => reject(request.error);
	});
}

/**
 * The name of a board's offline copy: the board and its document epoch (`boards.doc_epoch`), so a
 * copy of an older document of the board (before a migration replaced it) is never read into the
 * new one. Board ids are lower-case letters and digits, so the name cannot be another board's.
 */
export function copyName(boardId: string, epoch: number): string {
	return `gistboard-${boardId}-${epoch}`;
}

/**
 * Deletes this board's copies of other epochs, and the copy named without an epoch by earlier
 * versions of the app (whose document may be older than the board's). Best effort: browsers
 * without `indexedDB.databases()` keep other epochs' copies, which are never read.
 */
export async function dropOtherCopies(boardId: string, epoch: number): Promise<void> {
	const keep = copyName(boardId, epoch);
	const names = new Set([`gistboard-${boardId}`]);
	if (typeof indexedDB.databases === 'function') {
		for (const info of await indexedDB.databases()) {
			if (info.name?.startsWith(`gistboard-${boardId}-`) && info.name !== keep) names.add(info.name);
		}
	}
	await Promise.all([...names].map((name) => idb.deleteDB(name).catch(() => {})));
}

/** Stored updates beyond which the copy is rewritten as one (when the browser is idle). */
const COMPACT_AFTER = 200;

/**
 * A board's offline copy in IndexedDB: the document's updates, appended as they happen and
 * rewritten as one state now and then, in a database named by `copyName` (the board and its
 * document epoch). The database layout is y-indexeddb's (an auto-increment `updates` store, a
 * `custom` store).
 *
 * Unlike y-indexeddb, the copy is read into the document before anything listens to the
 * document's updates and before the connection opens: Yjs then does not re-encode the whole
 * board for listeners (about as long as reading it), nothing stores the whole board again on
 * every visit, and the server is asked only for what the copy lacks.
 *
 * Errors of IndexedDB (private windows, quota) make the copy a no-op; the board works online.
 */
export class LocalCopy {
	#db: Promise<IDBDatabase>;
	#updates: Promise<Uint8Array[]> | null = null;
	#stored = 0;
	#compacting = false;
	#destroyed = false;
	#doc: Y.Doc | null = null;
	#paused = false;
	readonly #onUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin === this || this.#paused) return;
		this.store(update);
	};

	constructor(readonly name: string) {
		this.#db = idb.openDB(name, (db) =>
			idb.createStores(db, [['updates', { autoIncrement: true }], ['custom']])
		);
	}

	/**
	 * The stored updates, read once: a tab starts reading while its page is still being set up,
	 * and `load` applies them when the document is ready to take them.
	 */
	read(): Promise<Uint8Array[]> {
		this.#updates ??= this.#db.then((db) => {
			const [store] = idb.transact(db, ['updates'], 'readonly');
			return idb.getAll(store) as Promise<Uint8Array[]>;
		});
		return this.#updates;
	}

	/**
	 * Applies every stored update to `doc` in one transaction (origin: this copy), then keeps
	 * storing the document's updates. Resolves with the number of stored updates read.
	 */
	async load(doc: Y.Doc): Promise<number> {
		const updates = await this.read();
		if (this.#destroyed) return 0;
		if (updates.length) {
			doc.transact(() => {
				for (const u of updates) Y.applyUpdate(doc, u);
			}, this);
		}
		this.#doc = doc;
		this.#stored = updates.length;
		if (!this.#paused) doc.on('update', this.#onUpdate);
		if (updates.length > 1) this.#compactSoon();
		return updates.length;
	}

	/** Appends an update of the document to the copy. */
	store(update: Uint8Array): void {
		if (this.#destroyed || !this.#doc) return;
		void this.#db
			.then((db) => {
				const [store] = idb.transact(db, ['updates']);
				return append(store, update);
			})
			.catch(() => {});
		if (++this.#stored > COMPACT_AFTER) this.#compactSoon();
	}

	/**
	 * Stops storing the document's updates until `resume`: while an update whose bytes the caller
	 * stores itself (`store`) is applied (see `LARGE_UPDATE_BYTES` in provider.ts). The listener is
	 * taken off the document, not only muted: while any `update` listener is attached, Yjs encodes
	 * every applied update again for it (0.2 s of a 10,000-note import on the receiving side).
	 */
	pause(): void {
		if (this.#paused) return;
		this.#paused = true;
		this.#doc?.off('update', this.#onUpdate);
	}

	resume(): void {
		if (!this.#paused) return;
		this.#paused = false;
		if (this.#doc && !this.#destroyed) this.#doc.on('update', this.#onUpdate);
	}

	/** Rewrites the copy as the document's whole state, once the page is idle. */
	#compactSoon() {
		if (this.#compacting) return;
		this.#compacting = true;
		const run = () => void this.#compact().finally(() => (this.#compacting = false));
		if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 10_000 });
		else setTimeout(run, 1000);
	}

	async #compact() {
		const doc = this.#doc;
		if (!doc || this.#destroyed) return;
		const db = await this.#db;
		const [store] = idb.transact(db, ['updates']);
		// In one IndexedDB transaction: the state as it is now replaces every update stored before.
		const last = await idb.getLastKey(store);
		await append(store, Y.encodeStateAsUpdate(doc));
		if (typeof last === 'number') await idb.del(store, IDBKeyRange.upperBound(last));
		this.#stored = 1;
	}

	destroy(): Promise<void> {
		this.#destroyed = true;
		this.#doc?.off('update', this.#onUpdate);
		return this.#db.then((db) => db.close()).catch(() => {});
	}

	/** Stops storing and deletes the stored copy (a tab whose change the server refused starts again from the server's). */
	async clearData(): Promise<void> {
		await this.destroy();
		await idb.deleteDB(this.name);
	}
}
