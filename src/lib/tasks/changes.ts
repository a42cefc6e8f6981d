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

/** Whether a group's comments differ from its task's evidence, or (for a `TaskChange`) its name from the task's title. */
export const hasChanged = (c: EvidenceChange & { renamed?: Renamed }): boolean => c.added > 0 || c.removed > 0 || !!c.renamed;

/** A published group's name on its board when it is no longer its task's title. */
export interface Renamed {
	/** The task's title: the group's name when it was published. */
	from: string;
	/** The group's name on the board now, as publishing would title it (`groupTitle`). */
	to: string;
}

/** How a published group's comments differ from its task's evidence, and how many it holds now. */
export interface TaskChange extends EvidenceChange {
	/** Comments in the group now. */
	now: number;
	/** Set only when the group was renamed on the board since publishing. */
	renamed?: Renamed;
}

/**
 * What changed since publishing for each task (task id -> change), as the Publish tab, the
 * department's dashboard and the task's page show it: `tasks` with their title and the note ids of
 * their evidence, `notesOf` the comments each group would publish now (`BoardInsights.notesOf` of
 * the task's board; a group no longer on the board has none), `titleOf` the title publishing would
 * give each group now (`groupTitle` of its label; undefined for a group no longer on the board,
 * which is then not called renamed).
 */
export function taskChanges(
	tasks: Iterable<{ id: string; groupId: string; title: string; noteIds: readonly string[] }>,
	notesOf: (groupId: string) => readonly { id: string }[],
	titleOf: (groupId: string) => string | undefined
): Map<string, TaskChange> {
	const out = new Map<string, TaskChange>();
	for (const t of tasks) {
		const now = notesOf(t.groupId).map((n) => n.id);
		const change: TaskChange = { ...evidenceChange(t.noteIds, now), now: now.length };
		const title = titleOf(t.groupId);
		if (title !== undefined && title !== t.title) change.renamed = { from: t.title, to: title };
		out.set(t.id, change);
	}
	return out;
}
