import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import { labelText, roots, type Note } from '$lib/board';
import { stackedInto, unsortedNotes, visibleNotes, type StackedNote } from '$lib/cluster/board';

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
			const map = roots(this.doc).notes;
			this.#cache.stacks = this.visible
				.map((note) => ({ note, stacked: stackedInto(map.get(note.id)!) }))
				.filter((s) => s.stacked.length > 0);
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
			roots(this.doc).groups.forEach((map, id) => {
				const noteIds = members.get(id);
				if (noteIds) out.push({ id, label: labelText(map)?.toString() ?? '', noteIds });
			});
			out.sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
			this.#cache.groups = out;
		}
		return this.#cache.groups;
	}
}
