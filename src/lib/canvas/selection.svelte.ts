import { SvelteSet } from 'svelte/reactivity';

/**
 * What this user has selected: notes (any number) and at most one group. Session state: it is
 * never written to the document. Panels read it to show details, insights or suggestions.
 */
export class Selection {
	readonly notes = new SvelteSet<string>();
	group = $state<string | null>(null);

	get size() {
		return this.notes.size + (this.group ? 1 : 0);
	}

	/** The one selected note, when exactly one is selected. */
	get note(): string | null {
		if (this.notes.size !== 1) return null;
		return this.notes.values().next().value ?? null;
	}

	selectNote(id: string, additive = false) {
		if (!additive) {
			this.notes.clear();
			this.group = null;
		}
		this.notes.add(id);
	}

	toggleNote(id: string) {
		if (this.notes.has(id)) this.notes.delete(id);
		else this.notes.add(id);
	}

	selectGroup(id: string | null) {
		this.notes.clear();
		this.group = id;
	}

	setNotes(ids: Iterable<string>, additive = false) {
		if (!additive) {
			this.notes.clear();
			this.group = null;
		}
		for (const id of ids) this.notes.add(id);
	}

	clear() {
		this.notes.clear();
		this.group = null;
	}

	/** Drops ids that no longer exist (deleted by someone else). */
	prune(exists: (id: string) => boolean, groupExists: (id: string) => boolean) {
		for (const id of [...this.notes]) if (!exists(id)) this.notes.delete(id);
		if (this.group && !groupExists(this.group)) this.group = null;
	}
}
