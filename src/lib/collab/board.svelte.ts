import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import { readNote, roots, type Note } from '$lib/board';

/**
 * The board document as runes: components read `notes` and `title` and re-render when the
 * document changes. Observing Yjs happens here and nowhere else.
 */
export class BoardState {
	readonly #subscribe: () => void;
	#notes: Note[] | null = null;

	constructor(readonly doc: Y.Doc) {
		this.#subscribe = createSubscriber((update) => {
			const changed = () => {
				this.#notes = null;
				update();
			};
			doc.on('afterTransaction', changed);
			return () => doc.off('afterTransaction', changed);
		});
	}

	get notes(): Note[] {
		this.#subscribe();
		if (!this.#notes) {
			const notes: Note[] = [];
			roots(this.doc).notes.forEach((map, id) => notes.push(readNote(id, map)));
			notes.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
			this.#notes = notes;
		}
		return this.#notes;
	}

	get title(): string {
		this.#subscribe();
		return String(roots(this.doc).meta.get('title') ?? '');
	}
}
