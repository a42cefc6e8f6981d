/** How a published group's comments differ from its task's evidence. */
export interface EvidenceChange {
	/** Comments in the group now that its task does not link to. */
	added: number;
	/** Comments the task links to that are no longer in the group (moved out, trashed, gone). */
	removed: number;
}

/**
 * What changed in a published group since its task was written: `published` are the note ids of
 * the task's evidence, `current` those the group would publish now (`BoardInsights.notesOf`, the
 * comments of its nested groups and stacked duplicates included). Order does not count. Linear in
 * the number of ids.
 */
export function evidenceChange(published: Iterable<string>, current: Iterable<string>): EvidenceChange {
	const before = new Set(published);
	const now = new Set(current);
	let added = 0;
	for (const id of now) if (!before.has(id)) added++;
	let removed = 0;
	for (const id of before) if (!now.has(id)) removed++;
	return { added, removed };
}

/** Whether a group's comments differ from its task's evidence. */
export const hasChanged = (c: EvidenceChange): boolean => c.added > 0 || c.removed > 0;

/** How a published group's comments differ from its task's evidence, and how many it holds now. */
export interface TaskChange extends EvidenceChange {
	/** Comments in the group now. */
	now: number;
}

/**
 * What changed since publishing for each task (task id -> change), as the Publish tab and the
 * department's dashboard show it: `tasks` with the note ids of their evidence, `notesOf` the
 * comments each group would publish now (`BoardInsights.notesOf` of the task's board; a group no
 * longer on the board has none).
 */
export function taskChanges(
	tasks: Iterable<{ id: string; groupId: string; noteIds: readonly string[] }>,
	notesOf: (groupId: string) => readonly { id: string }[]
): Map<string, TaskChange> {
	const out = new Map<string, TaskChange>();
	for (const t of tasks) {
		const now = notesOf(t.groupId).map((n) => n.id);
		out.set(t.id, { ...evidenceChange(t.noteIds, now), now: now.length });
	}
	return out;
}
