import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import { readBoard, type BoardData } from '$lib/export/board-data';

/**
 * The board as plain data for the tasks panel: re-read after each change to the document,
 * lazily, only while something reads it.
 */
export class BoardDataState {
	readonly #subscribe: () => void;
	#data: BoardData | null = null;

	constructor(readonly doc: Y.Doc) {
		this.#subscribe = createSubscriber((update) => {
			// Live drags change the document many times a second; the panel catches up a moment later.
			let timer: ReturnType<typeof setTimeout> | null = null;
			const changed = () => {
				timer ??= setTimeout(() => {
					timer = null;
					this.#data = null;
					update();
				}, 150);
			};
			doc.on('afterTransaction', changed);
			return () => {
				doc.off('afterTransaction', changed);
				if (timer) clearTimeout(timer);
			};
		});
	}

	get data(): BoardData {
		this.#subscribe();
		this.#data ??= readBoard(this.doc);
		return this.#data;
	}
}
