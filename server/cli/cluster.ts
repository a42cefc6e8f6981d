/**
 * Clusters the comments of a file offline, with the importer's own detection and mapping.
 *
 *   npm run cluster -- <file> [--text <column>] [--clusters <n>] [--seeds <seeds.csv>]
 *
 * Prints one JSON line per imported row, in file order:
 *   {"row": <0-based data row>, "cluster": <group number or null when left unclustered>, "title": "..."}
 * With --seeds (a CSV with columns row,group: 0-based data rows and group names), it sorts the
 * rest into those groups instead:
 *   {"row": …, "cluster": <group name, or null when unsure>, "score": <0..1>}
 * and seed rows print their own group with "score": 1 and "seed": true.
 * Rows the importer skips (empty comment, unreadable row) print nothing; a summary goes to stderr.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { QuestionModels } from '../../src/lib/cluster/questions';
import { SATISFACTION_POSITION } from '../../src/lib/cluster/sentiment';
import { BoardContext } from '../../src/lib/context/board';
import { representationFromEnv } from '../../src/lib/cluster/representation';
import { sortRest } from '../../src/lib/cluster/sort';
import type { Dense } from '../../src/lib/cluster/svd';
import { newId } from '../../src/lib/board/ids';
import { buildNotes, guessMapping, isImportError, parseFile, reconcileMapping } from '../../src/lib/import/index';

const USAGE = `Usage: npm run cluster -- <file> [--text <column>] [--clusters <n>] [--seeds <seeds.csv>]

  <file>            a CSV, TSV or .xlsx export of customer comments
  --text <column>   the column that holds the comments (detected when absent)
  --clusters <n>    how many groups to propose (chosen from the comments when absent)
  --seeds <csv>     sort the rest into groups people made: a CSV with the columns row,group
                    (0-based data rows of <file>, group names); at least two groups

  Vectors come from the comments themselves unless one of these is set:
  EMBEDDINGS=local  a sentence encoder run on this machine (npm run embeddings:install first)
  EMBEDDINGS_URL    an OpenAI-compatible embeddings server the comments are sent to`;

class UsageError extends Error {}

interface Args {
	file: string;
	text?: string;
	clusters?: number;
	seeds?: string;
}

/** The most rows a seeds file may list; sorting needs a few per group, not a second copy of the data. */
const MAX_SEEDS = 100_000;

/**
 * Reads a seeds file: CSV with a header naming the columns `row` and `group` (any order, any case;
 * other columns ignored), one hand-sorted row per line. Answers row -> group name. Throws an
 * Error saying what to fix for an empty file, missing columns, a row that is not a whole number of
 * 0 or more, an empty group, a row given two different groups, or fewer than two groups.
 */
export function parseSeeds(text: string, source = 'the seeds file'): Map<number, string> {
	const content = text.replace(/^\ufeff/, '');
	if (!content.trim()) throw new Error(`${source} is empty. Give a CSV with the columns row,group, e.g.\nrow,group\n0,Lost luggage\n7,Delays`);
	const parsed = Papa.parse<string[]>(content.trim(), { skipEmptyLines: 'greedy' });
	const [header, ...lines] = parsed.data;
	const names = header.map((h) => h.trim().toLowerCase());
	const rowAt = names.indexOf('row');
	const groupAt = names.indexOf('group');
	if (rowAt < 0 || groupAt < 0) {
		throw new Error(`${source} needs a header with the columns row and group; its first line is “${header.join(',')}”.`);
	}
	if (lines.length === 0) throw new Error(`${source} has a header but no rows. Add one line per hand-sorted row: <row>,<group>.`);
	if (lines.length > MAX_SEEDS) throw new Error(`${source} has ${lines.length} rows; at most ${MAX_SEEDS} are read.`);
	const seeds = new Map<number, string>();
	lines.forEach((cells, i) => {
		const line = i + 2;
		const rawRow = (cells[rowAt] ?? '').trim();
		const group = (cells[groupAt] ?? '').trim();
		if (!/^\d+$/.test(rawRow)) throw new Error(`${source}, line ${line}: row “${rawRow}” is not a 0-based data row number.`);
		if (!group) throw new Error(`${source}, line ${line}: the group is empty.`);
		if (group.length > 200) throw new Error(`${source}, line ${line}: the group name is longer than 200 characters.`);
		const row = Number(rawRow);
		const earlier = seeds.get(row);
		if (earlier !== undefined && earlier !== group) {
			throw new Error(`${source}, line ${line}: row ${row} is given two groups, “${earlier}” and “${group}”.`);
		}
		seeds.set(row, group);
	});
	const groups = new Set(seeds.values());
	if (groups.size < 2) {
		throw new Error(`${source} names one group only (“${[...groups][0]}”). Sorting needs at least two groups to choose between.`);
	}
	return seeds;
}

export function parseArgs(argv: string[]): Args {
	let file: string | undefined;
	let text: string | undefined;
	let clusters: number | undefined;
	let seeds: string | undefined;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => {
			const v = argv[++i];
			if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value.`);
			return v;
		};
		if (arg === '--text') text = value();
		else if (arg === '--seeds') seeds = value();
		else if (arg === '--clusters') {
			const v = value();
			clusters = Number(v);
			if (!Number.isInteger(clusters) || clusters < 1) throw new UsageError(`--clusters must be a whole number of 1 or more, not “${v}”.`);
		} else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}.`);
		else if (file === undefined) file = arg;
		else throw new UsageError(`Only one file at a time; “${arg}” is one too many.`);
	}
	if (!file) throw new UsageError('Which file? Give the path of a CSV, TSV or .xlsx export.');
	if (seeds !== undefined && clusters !== undefined) throw new UsageError('--seeds sorts into the groups it names; leave out --clusters.');
	return { file, text, clusters, seeds };
}

async function readInput(file: string, what = 'File'): Promise<Uint8Array> {
	let info;
	try {
		info = await stat(file);
	} catch {
		throw new Error(`${what} not found: ${file}. Check the path (it is relative to ${process.cwd()}).`);
	}
	if (info.isDirectory()) throw new Error(`${file} is a folder. Give the path of a CSV, TSV or .xlsx file inside it.`);
	return new Uint8Array(await readFile(file));
}

/**
 * Runs the command. `env` decides the representation: with `EMBEDDINGS_URL` set, the comments
 * are sent to that OpenAI-compatible endpoint for vectors (and stderr says so); with
 * `EMBEDDINGS=local` a sentence encoder from optional packages computes them here; otherwise the
 * built-in TF-IDF and LSA vectors are used. Only with `EMBEDDINGS_URL` does anything leave the
 * machine.
 */
export async function run(
	argv: string[],
	out: (line: string) => void,
	log: (line: string) => void,
	env: Record<string, string | undefined> = process.env
): Promise<void> {
	const args = parseArgs(argv);
	const bytes = await readInput(args.file);
	const seeds = args.seeds ? parseSeeds(new TextDecoder().decode(await readInput(args.seeds, 'Seeds file')), basename(args.seeds)) : null;
	const table = await parseFile(bytes, basename(args.file));
	if (args.text && !table.columns.some((c) => c.name.toLowerCase() === args.text!.toLowerCase())) {
		throw new Error(
			`--text “${args.text}”: ${basename(args.file)} has no such column. Its columns are: ${table.columns.map((c) => `“${c.name}”`).join(', ')}.`
		);
	}
	const mapping = args.text
		? reconcileMapping(table, { columns: [{ column: args.text, role: 'comment', private: false }] })
		: guessMapping(table);
	const { notes, skipped, summary } = buildNotes(table, mapping, { importId: newId('imp'), createdBy: 'cli' });
	const context = new BoardContext([summary]);

	// A row with several comment columns gives several notes; the row is clustered as one text.
	const byRow = new Map<number, string[]>();
	const fieldsOf = new Map<number, (typeof notes)[number]['fields']>();
	for (const note of notes) {
		const row = note.source?.row ?? 0;
		const texts = byRow.get(row);
		if (texts) texts.push(note.text);
		else byRow.set(row, [note.text]);
		// Sentiment reads the satisfaction answer where it falls on its own scale (its direction, its non-answers).
		if (!fieldsOf.has(row)) fieldsOf.set(row, { ...note.fields, [SATISFACTION_POSITION]: context.positionOf(note) });
	}
	const rows = [...byRow.keys()].sort((a, b) => a - b);
	const representation = representationFromEnv(env);
	let vectors: Dense | undefined;
	if (representation) {
		if (representation.sendsTo) log(`Sending ${rows.length} comments to ${env.EMBEDDINGS_URL} for vectors (${representation.name}); unset EMBEDDINGS_URL to stay offline.`);
		else log(`Computing vectors for ${rows.length} comments on this machine (${representation.name}); nothing is sent anywhere.`);
		vectors = await representation.embed(rows.map((r) => byRow.get(r)!.join('\n')));
	}
	if (seeds) return sortRows(rows, byRow, seeds, args, skipped.length, out, log, vectors);
	// A row's comment columns are clustered as one text, so the question a row answers only
	// separates rows when it comes from a question column, not from several comment columns.
	const severalComments = mapping.columns.filter((c) => c.role === 'comment').length > 1;
	const model = new QuestionModels(
		rows.map((r) => byRow.get(r)!.join('\n')),
		{ fields: rows.map((r) => (severalComments ? { ...fieldsOf.get(r), question: null } : fieldsOf.get(r))), vectors }
	);
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

/** --seeds: every row that is not a seed gets a group of the seeds file, or null when unsure. */
function sortRows(
	rows: number[],
	byRow: Map<number, string[]>,
	seeds: Map<number, string>,
	args: Args,
	skipped: number,
	out: (line: string) => void,
	log: (line: string) => void,
	vectors?: Dense
): void {
	const name = basename(args.seeds!);
	const known = new Set(rows);
	const unknown = [...seeds.keys()].filter((r) => !known.has(r)).sort((a, b) => a - b);
	if (unknown.length) {
		const list = unknown.slice(0, 10).join(', ') + (unknown.length > 10 ? `, … (${unknown.length} in all)` : '');
		throw new Error(
			`${name} names rows that ${basename(args.file)} has no comment in: ${list}. Rows are 0-based data rows (the first row under the header is 0) ` +
				`and must have a comment; this file's rows with comments are ${rows[0] ?? '-'} to ${rows[rows.length - 1] ?? '-'}.`
		);
	}
	const groups = [...new Set(seeds.values())];
	const labels = Int32Array.from(rows, (r) => (seeds.has(r) ? groups.indexOf(seeds.get(r)!) : -1));
	const result = sortRest(
		rows.map((r) => byRow.get(r)!.join('\n')),
		labels,
		groups.length,
		{ vectors }
	);
	const answer = new Map(result.notes.map((n) => [n.index, n]));
	rows.forEach((row, i) => {
		if (labels[i] >= 0) return out(JSON.stringify({ row, cluster: groups[labels[i]], score: 1, seed: true }));
		const note = answer.get(i)!;
		out(JSON.stringify({ row, cluster: note.group === null ? null : groups[note.group], score: Math.round(note.score * 1000) / 1000 }));
	});
	const sorted = result.notes.length - result.unsure;
	log(
		`${result.notes.length} rows sorted into ${groups.length} groups from ${seeds.size} seed rows: ${sorted} placed, ${result.unsure} left unsure (null); ` +
			`${skipped} rows skipped by the import (no comment or unreadable).`
	);
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
