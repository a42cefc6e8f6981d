import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateNKeysBetween } from 'fractional-indexing';
import Papa from 'papaparse';
import * as Y from 'yjs';
import { addGroups, addNotes, GROUP_COLORS, initBoard, makeGroup, makeNote, roots, type Group, type Note } from '../../src/lib/board';
import type { BoardExtras } from '../../src/lib/export/board-data';
import { applyImport, buildNotes, guessMapping, parseFile } from '../../src/lib/import';

/** A board made from a fixture: its content document and what the server keeps beside it. */
export interface FixtureBoard {
	doc: Y.Doc;
	extras: BoardExtras;
}

/**
 * The shared customer-comment fixtures (not in the repository: some are non-commercial). Suites
 * that need them skip when the folder is absent, except under CI where that is a failure.
 */
export const FIXTURES_DIR = process.env.GISTBOARD_FIXTURES ?? '/work/shared/fixtures';
export const haveFixtures = existsSync(FIXTURES_DIR);
if (!haveFixtures && process.env.CI === 'true') {
	throw new Error(`Customer-comment fixtures not found at ${FIXTURES_DIR}; set GISTBOARD_FIXTURES.`);
}

const origin = { kind: 'import' as const };

function layout(groups: Group[], notes: Note[]): void {
	groups.forEach((g, i) => {
		g.x = (i % 4) * 1500;
		g.y = Math.floor(i / 4) * 2400;
		g.color = GROUP_COLORS[i % GROUP_COLORS.length];
	});
	const keys = generateNKeysBetween(null, null, notes.length);
	const inGroup = new Map<string, number>();
	for (const n of notes) {
		if (!n.groupId) continue;
		const k = inGroup.get(n.groupId) ?? 0;
		inGroup.set(n.groupId, k + 1);
		n.order = keys[k];
	}
}

function build(title: string, notes: Note[], groups: Group[], privateColumns: string[] = []): FixtureBoard {
	layout(groups, notes);
	const doc = new Y.Doc();
	initBoard(doc);
	addGroups(doc, groups, origin);
	addNotes(doc, notes, origin);
	return { doc, extras: { title, privateColumns } };
}

/**
 * The SurveyMonkey-style export (real reviews, 5-point satisfaction labels, country, customer
 * status): notes grouped by product class, the four largest classes assigned to two departments.
 */
export function surveyBoard(departments: [string, string] = ['dept_product', 'dept_service']): FixtureBoard {
	const text = readFileSync(join(FIXTURES_DIR, 'derived/surveymonkey-style-two-header-rows.csv'), 'utf8');
	const rows = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data.slice(2);
	const byClass = new Map<string, Group>();
	const notes: Note[] = [];
	rows.forEach((r, i) => {
		const comment = r[15]?.trim();
		if (!comment) return;
		const cls = r[13]?.trim() || 'Other';
		let group = byClass.get(cls);
		if (!group) byClass.set(cls, (group = makeGroup({ label: cls })));
		notes.push(
			makeNote({
				text: comment,
				source: { row: i + 3, importId: 'imp_survey' },
				fields: { age: Number(r[9]) || null, country: r[10] || null, customerStatus: r[11] || null, product: r[12] || null, satisfaction: r[14] || null, name: `Respondent ${r[0]}` },
				groupId: group.id,
				createdAt: 1_700_000_000_000 + i
			})
		);
	});
	const counts = new Map<string, number>();
	for (const n of notes) counts.set(n.groupId!, (counts.get(n.groupId!) ?? 0) + 1);
	const groups = [...byClass.values()].sort((a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0));
	groups.slice(0, 4).forEach((g, i) => {
		g.department = departments[i % 2];
		g.owner = { name: ['Ana Silva', 'Ben Okafor', 'Chloé Martin', 'Dev Patel'][i], email: `owner${i}@example.com` };
		g.priority = (['high', 'medium', 'critical', 'low'] as const)[i];
		g.due = `2027-0${i + 1}-15`;
	});
	const groupKeys = generateNKeysBetween(null, null, groups.length);
	groups.forEach((g, i) => (g.order = groupKeys[i]));
	return build('Spring survey review', notes, groups, ['name']);
}

/**
 * The airline tweets: the first `limit` negative tweets with a known reason, grouped by reason.
 * Every tweet starts with `@airline`, and the first group is named by its first tweet the way a
 * participant pastes one, so exports meet real cells that start with `@`.
 */
export function airlineBoard(limit = 400): FixtureBoard {
	const text = readFileSync(join(FIXTURES_DIR, 'airline-tweets-original/Tweets.csv'), 'utf8');
	const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
	const byReason = new Map<string, Group>();
	const notes: Note[] = [];
	for (const [i, r] of rows.entries()) {
		if (r.airline_sentiment !== 'negative' || !r.negativereason || r.negativereason === "Can't Tell") continue;
		let group = byReason.get(r.negativereason);
		if (!group) byReason.set(r.negativereason, (group = makeGroup({ label: r.negativereason })));
		notes.push(
			makeNote({
				text: r.text,
				source: { row: i + 2, importId: 'imp_tweets' },
				fields: { product: r.airline, region: r.user_timezone || null, satisfaction: r.airline_sentiment, name: r.name },
				groupId: group.id,
				createdAt: 1_700_000_000_000 + i
			})
		);
		if (notes.length === limit) break;
	}
	const groups = [...byReason.values()];
	groups[0].label = notes.find((n) => n.groupId === groups[0].id)!.text;
	const groupKeys = generateNKeysBetween(null, null, groups.length);
	groups.forEach((g, i) => {
		g.order = groupKeys[i];
		g.department = i % 3 === 2 ? null : i % 2 ? 'dept_ops' : 'dept_care';
		g.owner = { name: rows[i].name, email: `${rows[i].name}@example.com` };
		g.priority = 'high';
		g.due = '2027-03-01';
	});
	return build('Airline complaints', notes, groups);
}

/**
 * A fixture imported the way the app imports it (the importer's own column guesses), with its
 * notes grouped by the value of one field, as a workshop would cluster them.
 */
export async function importedBoard(path: string, groupByField: string, maxGroups = 6): Promise<FixtureBoard> {
	const bytes = new Uint8Array(readFileSync(join(FIXTURES_DIR, path)));
	const table = await parseFile(bytes, path.split('/').pop()!);
	const result = buildNotes(table, guessMapping(table), { importId: 'imp_fixture', createdBy: 'test' });
	const doc = new Y.Doc();
	initBoard(doc);
	applyImport(doc, result, origin);
	const byValue = new Map<string, number>();
	for (const n of result.notes) {
		const v = n.fields[groupByField];
		if (v !== null && v !== undefined && v !== '') byValue.set(String(v), (byValue.get(String(v)) ?? 0) + 1);
	}
	const top = [...byValue].sort((a, b) => b[1] - a[1]).slice(0, maxGroups);
	const groups = top.map(([label], i) => makeGroup({ label, order: `a${i}`, department: i % 2 ? 'dept_b' : 'dept_a', owner: { name: `Owner ${i}`, email: `owner${i}@example.com` } }));
	addGroups(doc, groups, origin);
	const ids = new Map(top.map(([label], i) => [label, groups[i].id]));
	doc.transact(() => {
		for (const n of result.notes) {
			const groupId = ids.get(String(n.fields[groupByField] ?? ''));
			if (groupId) roots(doc).place.set(n.id, { groupId, order: 'a0' });
		}
	}, origin);
	return {
		doc,
		extras: { title: path.split('/')[0], imports: { imp_fixture: result.summary }, privateColumns: result.privateFields.columns }
	};
}
