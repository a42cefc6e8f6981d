/**
 * How many levels groups nest below a top-level group at most. The server puts a change that
 * nests deeper (or makes a loop of parents) back at the top level (`repairContent`), the app
 * refuses to make one, and readers take a group deeper than this as a top-level group: a chain
 * of thousands of nested groups cost every tab seconds of layout per change, then overflowed its
 * stack.
 */
export const MAX_NESTING = 10;

/**
 * The parent every reader of the group tree gives each group, whatever the document stores: a
 * parent that is missing, the group itself, or a loop of parents (two people nesting crosswise, a
 * hand-made client, a board stored before the server repaired self-loops) makes a group
 * top-level; a loop is cut at the group with the smallest id, the same on every client. A group
 * deeper than MAX_NESTING is top-level, with what is nested in it (its depth follows from the
 * groups above it only, so every client cuts the same ones). Linear in the number of groups:
 * a board may hold thousands in one chain.
 *
 * @param groups every group of the board, `{id, parentId}` as stored
 * @returns group id → its parent's id, or null for a top-level group; every given id is a key
 */
export function effectiveParents(groups: Iterable<{ id: string; parentId: string | null }>): Map<string, string | null> {
	const stored = new Map<string, string | null>();
	for (const g of groups) stored.set(g.id, g.parentId);
	const parent = new Map<string, string | null>();
	for (const [id, p] of stored) parent.set(id, p && p !== id && stored.has(p) ? p : null);

	const walked = new Set<string>();
	for (const id of stored.keys()) {
		const path: string[] = [];
		const onPath = new Map<string, number>();
		let cur: string | null = id;
		while (cur !== null && !walked.has(cur)) {
			walked.add(cur);
			onPath.set(cur, path.length);
			path.push(cur);
			cur = parent.get(cur) ?? null;
		}
		if (cur !== null && onPath.has(cur)) {
			const loop = path.slice(onPath.get(cur));
			const cut = loop.reduce((a, b) => (a < b ? a : b));
			parent.set(cut, null);
		}
	}

	const depthOf = new Map<string, number>();
	for (const id of stored.keys()) {
		const chain: string[] = [];
		let cur: string | null = id;
		while (cur !== null && !depthOf.has(cur)) {
			chain.push(cur);
			cur = parent.get(cur) ?? null;
		}
		let d = cur === null ? -1 : depthOf.get(cur)!;
		for (let i = chain.length - 1; i >= 0; i--) {
			d++;
			if (d > MAX_NESTING) {
				parent.set(chain[i], null);
				d = 0;
			}
			depthOf.set(chain[i], d);
		}
	}
	return parent;
}

/**
 * The groups nested directly in each group, and the top-level ones under the key `null`, each
 * list in the order `groups` gives them; built from `effectiveParents`, so every group is in
 * exactly one list and walking down from `null` reaches every group once.
 */
export function childrenByParent<G extends { id: string; parentId: string | null }>(groups: Iterable<G>): Map<string | null, G[]> {
	const list = [...groups];
	const parents = effectiveParents(list);
	const out = new Map<string | null, G[]>();
	for (const g of list) {
		const p = parents.get(g.id) ?? null;
		let kids = out.get(p);
		if (!kids) out.set(p, (kids = []));
		kids.push(g);
	}
	return out;
}
