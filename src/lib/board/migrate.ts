import * as Y from 'yjs';
import { roots, SCHEMA_VERSION, schemaVersionOf, type Origin } from './schema';

/**
 * Named, ordered, up-only migrations of a board document. Each step takes a document at
 * `from` and leaves it at `from + 1`. Old boards and old backups keep opening.
 */
interface Migration {
	from: number;
	name: string;
	up: (doc: Y.Doc) => void;
}

export const migrations: Migration[] = [
	{
		from: 0,
		name: 'add-meta-defaults',
		up(doc) {
			const { meta } = roots(doc);
			if (!meta.has('phase')) meta.set('phase', 'import');
			if (!meta.has('locked')) meta.set('locked', false);
			if (!meta.has('votesPerPerson')) meta.set('votesPerPerson', 5);
			if (!meta.has('privateColumns')) meta.set('privateColumns', []);
		}
	}
];

/** Brings a document up to the current schema version. Returns the names of the steps applied. */
export function migrateBoard(doc: Y.Doc, origin: Origin = { kind: 'server' }): string[] {
	const applied: string[] = [];
	let version = schemaVersionOf(doc);
	if (version >= SCHEMA_VERSION) return applied;
	doc.transact(() => {
		for (const step of migrations) {
			if (step.from !== version) continue;
			step.up(doc);
			version = step.from + 1;
			applied.push(step.name);
		}
		roots(doc).meta.set('schemaVersion', version);
	}, origin);
	return applied;
}
