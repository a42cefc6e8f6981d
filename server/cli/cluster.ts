/**
 * Clusters the comments of a file offline, with the importer's own detection and mapping.
 *
 *   npm run cluster -- <file> [--text <column>] [--clusters <n>]
 *
 * Prints one JSON line per imported row, in file order:
 *   {"row": <0-based data row>, "cluster": <group number or null when left unclustered>, "title": "..."}
 * Rows the importer skips (empty comment, unreadable row) print nothing; a summary goes to stderr.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ClusterModel } from '../../src/lib/cluster/model';
import { newId } from '../../src/lib/board/ids';
import { buildNotes, guessMapping, isImportError, parseFile, reconcileMapping } from '../../src/lib/import/index';

const USAGE = `Usage: npm run cluster -- <file> [--text <column>] [--clusters <n>]

  <file>            a CSV, TSV or .xlsx export of customer comments
  --text <column>   the column that holds the comments (detected when absent)
  --clusters <n>    how many groups to propose (chosen from the comments when absent)`;

class UsageError extends Error {}

interface Args {
	file: string;
	text?: string;
	clusters?: number;
}

export function parseArgs(argv: string[]): Args {
	let file: string | undefined;
	let text: string | undefined;
	let clusters: number | undefined;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => {
			const v = argv[++i];
			if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value.`);
			return v;
		};
		if (arg === '--text') text = value();
		else if (arg === '--clusters') {
			const v = value();
			clusters = Number(v);
			if (!Number.isInteger(clusters) || clusters < 1) throw new UsageError(`--clusters must be a whole number of 1 or more, not “${v}”.`);
		} else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}.`);
		else if (file === undefined) file = arg;
		else throw new UsageError(`Only one file at a time; “${arg}” is one too many.`);
	}
	if (!file) throw new UsageError('Which file? Give the path of a CSV, TSV or .xlsx export.');
	return { file, text, clusters };
}

async function readInput(file: string): Promise<Uint8Array> {
	let info;
	try {
		info = await stat(file);
	} catch {
		throw new Error(`File not found: ${file}. Check the path (it is relative to ${process.cwd()}).`);
	}
	if (info.isDirectory()) throw new Error(`${file} is a folder. Give the path of a CSV, TSV or .xlsx file inside it.`);
	return new Uint8Array(await readFile(file));
}

export async function run(argv: string[], out: (line: string) => void, log: (line: string) => void): Promise<void> {
	const args = parseArgs(argv);
	const bytes = await readInput(args.file);
	const table = await parseFile(bytes, basename(args.file));
	if (args.text && !table.columns.some((c) => c.name.toLowerCase() === args.text!.toLowerCase())) {
		throw new Error(
			`--text “${args.text}”: ${basename(args.file)} has no such column. Its columns are: ${table.columns.map((c) => `“${c.name}”`).join(', ')}.`
		);
	}
	const mapping = args.text
		? reconcileMapping(table, { columns: [{ column: args.text, role: 'comment', private: false }] })
		: guessMapping(table);
	const { notes, skipped } = buildNotes(table, mapping, { importId: newId('imp'), createdBy: 'cli' });

	// A row with several comment columns gives several notes; the row is clustered as one text.
	const byRow = new Map<number, string[]>();
	for (const note of notes) {
		const row = note.source?.row ?? 0;
		const texts = byRow.get(row);
		if (texts) texts.push(note.text);
		else byRow.set(row, [note.text]);
	}
	const rows = [...byRow.keys()].sort((a, b) => a - b);
	const model = new ClusterModel(rows.map((r) => byRow.get(r)!.join('\n')));
	const suggestion = model.suggest(args.clusters ? { clusters: args.clusters } : {});

	const cluster = new Array<number | null>(rows.length).fill(null);
	suggestion.groups.forEach((g, id) => g.members.forEach((i) => (cluster[i] = id)));
	rows.forEach((row, i) => {
		const id = cluster[i];
		out(JSON.stringify({ row, cluster: id, title: id === null ? '' : suggestion.groups[id].title }));
	});
	const comments = mapping.columns.filter((c) => c.role === 'comment').map((c) => `“${c.column}”`);
	log(
		`${rows.length} rows clustered from ${comments.join(' + ')} into ${suggestion.groups.length} groups; ` +
			`${suggestion.unclustered.length} left unclustered; ${skipped.length} rows skipped by the import (no comment or unreadable).`
	);
	if (args.clusters && args.clusters !== suggestion.groups.length) {
		log(`Asked for ${args.clusters} groups; ${suggestion.groups.length} is what these comments allow.`);
	}
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
	// Piping into `head` closes stdout early; that is not an error.
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(0);
		throw error;
	});
	run(
		process.argv.slice(2),
		(line) => process.stdout.write(line + '\n'),
		(line) => process.stderr.write(line + '\n')
	).catch((error: unknown) => {
		if (error instanceof UsageError) {
			process.stderr.write(`${error.message}\n\n${USAGE}\n`);
			process.exit(2);
		}
		const message = isImportError(error) || error instanceof Error ? error.message : String(error);
		process.stderr.write(`Cannot cluster: ${message}\n`);
		process.exit(1);
	});
}
