import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import { readGroups, readNotes, type Note } from '$lib/board';
import { unsortedNotes, visibleNotes, type StackedNote } from '$lib/cluster/board';

export interface GroupSummary {
	id: string;
	label: string;
	noteIds: string[];
}

/** The parts of the board document the clustering panel reads, as runes. */
export class ClusterBoardState {
	readonly #subscribe: () => void;
	#cache: { unsorted?: Note[]; visible?: Note[]; groups?: GroupSummary[]; stacks?: { note: Note; stacked: StackedNote[] }[] } = {};

	constructor(readonly doc: Y.Doc) {
		this.#subscribe = createSubscriber((update) => {
			const changed = () => {
				this.#cache = {};
				update();
			};
			doc.on('afterTransaction', changed);
			return () => doc.off('afterTransaction', changed);
		});
	}

	/** Notes in no group: what "Suggest groups" sorts. */
	get unsorted(): Note[] {
		this.#subscribe();
		return (this.#cache.unsorted ??= unsortedNotes(this.doc));
	}

	/** Every note on the board that is not hidden. */
	get visible(): Note[] {
		this.#subscribe();
		return (this.#cache.visible ??= visibleNotes(this.doc));
	}

	/** Notes that duplicates were stacked into, with the comments they carry. */
	get stacks(): { note: Note; stacked: StackedNote[] }[] {
		this.#subscribe();
		if (!this.#cache.stacks) {
			const byKeeper = new Map<string, StackedNote[]>();
			for (const n of readNotes(this.doc).notes) {
				if (n.stackedOn) byKeeper.set(n.stackedOn, [...(byKeeper.get(n.stackedOn) ?? []), n]);
			}
			this.#cache.stacks = this.visible.flatMap((note) => (byKeeper.has(note.id) ? [{ note, stacked: byKeeper.get(note.id)! }] : []));
		}
		return this.#cache.stacks;
	}

	/** Groups that hold notes, with their current names, in board order. */
	get groups(): GroupSummary[] {
		this.#subscribe();
		if (!this.#cache.groups) {
			const members = new Map<string, string[]>();
			for (const note of this.visible) {
				if (!note.groupId) continue;
				const list = members.get(note.groupId);
				if (list) list.push(note.id);
				else members.set(note.groupId, [note.id]);
			}
			const out: GroupSummary[] = [];
			for (const g of readGroups(this.doc).groups) {
				const noteIds = members.get(g.id);
				if (noteIds) out.push({ id: g.id, label: g.label, noteIds });
			}
			out.sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
			this.#cache.groups = out;
		}
		return this.#cache.groups;
	}
}
