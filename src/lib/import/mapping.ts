import { z } from 'zod';
import { looksLikeBracket } from '../context/age';
import { isNonAnswer } from '../context/nonanswer';
import { DERIVED_FIELDS, PRIVATE_BY_DEFAULT, RESERVED_FIELD_KEYS, ROLE_FIELD, ROLES, type Role } from '../context/roles';
import { MAX_FIELD_KEY, MAX_FIELDS } from '../board/note';
import { clampText } from '../text/graphemes';
import { formatCount } from '../labels/count';
import { answerKey, describeScale, detectScale, directionFromLabels, parseNumber, polarity, scalePosition, splitCodedLabel, type Direction, type Scale } from '../context/scale';
import { NON_ANSWER_CHOICES, scaleSchema, type NonAnswerChoice } from '../context/summary';
import { analyzeDates, looksLikeDate, type DateColumn, type DayOrder } from './dates';
import { guessDirection, type DirectionEvidence } from './direction';
import { ImportError } from './errors';
import { headerSignature } from './signature';
import type { ParsedTable, TableColumn } from './table';

export interface ColumnMapping {
	/** The column's name in the table (`TableColumn.name`). */
	column: string;
	role: Role;
	/** Private columns never enter the shared board document; facilitators see them. */
	private: boolean;
	/** Satisfaction: the ordered scale its answers are read on. */
	scale?: Scale;
	/** Date columns: whether 03/04/2021 is March 4 (mdy) or 3 April (dmy). */
	dayOrder?: DayOrder;
}

export interface Mapping {
	/** Header signature of the table this mapping was made for. */
	signature: string;
	columns: ColumnMapping[];
	/** What happens to comments that are non-answers ("N/A", "Nothing"); skipped when absent. */
	nonAnswers?: NonAnswerChoice;
}

export const mappingSchema = z.object({
	signature: z.string().max(100).default(''),
	columns: z
		.array(
			z.object({
				column: z.string().max(1000),
				role: z.enum(ROLES),
				private: z.boolean().default(false),
				scale: scaleSchema.optional(),
				dayOrder: z.enum(['mdy', 'dmy']).optional()
			})
		)
		.max(2000),
	nonAnswers: z.enum(NON_ANSWER_CHOICES).optional()
});

interface ColumnStats {
	filled: number;
	avgLength: number;
	distinctRatio: number;
	numeric: number;
	dates: number;
	emails: number;
	phones: number;
	idLike: number;
	brackets: number;
	polar: number;
	statusWords: number;
	touchpoints: number;
	countries: number;
	/** Values that read as yes/no, 0/1, true/false, x. */
	binary: number;
	/** Distinct values (case-insensitive) among the sample. */
	distinct: number;
	/** Values written as a code and a label ("1 - Very good"). */
	coded: number;
	values: string[];
}

const SAMPLE = 3000;
/**
 * Distinct values of a column are counted over every row up to this many: enough to tell a
 * column of a few answers from one of free text, without holding a file's every comment twice.
 */
export const DISTINCT_CAP = 3000;
const FLAG_VALUES = new Set(['0', '1', 'yes', 'no', 'true', 'false', 'x', 'y', 'n', '✓', '✔', 'checked', 'ja', 'nein', 'oui', 'non', 'sí', 'si', 'sim', 'não']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;
const PHONE = /^\+?[\d\s().\/-]{7,20}$/;
const ID_LIKE = /^[\w.:@/+#-]+$/;
const STATUS_WORDS = /customer|client|former|competitor|current|prospect|returning|lapsed|churn|member|subscriber|kunde|cliente/i;
const TOUCHPOINTS = /^(sales?|delivery|shipping|invoice|invoicing|billing|payment|returns?|usage|use|support|service|onboarding|installation|repair|website|checkout|order(ing)?)$/i;
const COUNTRIES = new Set(
	(
		'argentina,australia,austria,belgium,brazil,brasil,bulgaria,canada,chile,china,colombia,croatia,czechia,' +
		'czech republic,denmark,egypt,estonia,finland,france,germany,deutschland,greece,hungary,iceland,india,' +
		'indonesia,ireland,israel,italy,japan,kenya,latvia,lithuania,luxembourg,malaysia,mexico,morocco,netherlands,' +
		'new zealand,nigeria,norway,pakistan,peru,philippines,poland,portugal,romania,russia,saudi arabia,serbia,' +
		'singapore,slovakia,slovenia,south africa,south korea,spain,españa,sweden,switzerland,schweiz,taiwan,' +
		'thailand,turkey,ukraine,united arab emirates,united kingdom,uk,united states,usa,vietnam,österreich'
	).split(',')
);

function stats(table: ParsedTable, column: TableColumn): ColumnStats {
	const values: string[] = [];
	// The first rows, not a spread: how often values repeat is what tells a hotel from a person.
	const end = Math.min(table.rows.length, SAMPLE);
	for (let r = 0; r < end; r++) {
		const v = table.rows[r][column.index]?.trim();
		if (v) values.push(v);
	}
	const n = values.length || 1;
	// Value shapes are clear from a few hundred answers; repetition needs the longer sample.
	const head = values.slice(0, 400);
	const ratio = (test: (v: string) => boolean) => head.filter(test).length / (head.length || 1);
	return {
		filled: values.length / Math.max(1, end),
		avgLength: values.reduce((s, v) => s + v.length, 0) / n,
		distinctRatio: new Set(values.map((v) => v.toLowerCase())).size / n,
		numeric: ratio((v) => parseNumber(v) !== null),
		dates: ratio(looksLikeDate),
		emails: ratio((v) => EMAIL.test(v)),
		phones: ratio((v) => PHONE.test(v) && v.replace(/\D/g, '').length >= 7),
		idLike: ratio((v) => ID_LIKE.test(v)),
		brackets: ratio(looksLikeBracket),
		polar: ratio((v) => polarity(v) !== null),
		statusWords: ratio((v) => STATUS_WORDS.test(v)),
		touchpoints: ratio((v) => TOUCHPOINTS.test(v)),
		countries: ratio((v) => COUNTRIES.has(v.toLowerCase())),
		binary: ratio((v) => FLAG_VALUES.has(v.toLowerCase())),
		distinct: new Set(values.map((v) => v.toLowerCase())).size,
		coded: ratio((v) => splitCodedLabel(v) !== null),
		values
	};
}

const COMMENT_HEADER = /comment|feedback|review|text|message|verbatim|experience|why|improve|suggest|open-ended|tell us|anything else|kommentar|coment|mensagem|avis/i;

/** Free-text columns, best first: long, varied, worded answers. */
function commentScore(s: ColumnStats, header: string): number {
	if (s.values.length === 0 || s.numeric > 0.8 || s.dates > 0.8 || s.emails > 0.5 || s.idLike > 0.6) return 0;
	let score = s.avgLength * Math.min(1, s.distinctRatio * 1.25);
	if (COMMENT_HEADER.test(header)) score *= 1.5;
	return score;
}

const has = (re: RegExp, text: string) => re.test(text);

/**
 * Headers of contact details in the languages the import reads ("Contact", "Kontakt", "Contacto",
 * "Contato", "Coordonnées", "Contact details"), but not what a contact was about ("Contact
 * reason", "Kontaktgrund", "Contact channel").
 */
const CONTACT_HEADER = /^(contact|kontakt|contacto|contato|contatto|coordonn[ée]es)(\s*(info|information|details|daten|datos|dados|e-?mail|number|nummer|n[úu]mero))?\s*$/i;

/** Headers kept private whatever role they get: network addresses and contact details. */
const PRIVATE_HEADER = /\bip\b|ip.?address|ipaddress/i;

/** Guesses a role from the header words and the values. */
function guessRole(header: string, s: ColumnStats): Role {
	const h = header.toLowerCase();
	if (has(/e-?mail/, h) || s.emails > 0.5) return 'email';
	if (has(/phone|telephone|\btel\b|mobile|telefon|handy|celular|\bcell\b|whats ?app|m[óo]vil|telem[óo]vel|t[ée]l[ée]phone|tel[ée]fono|telefone|\bgsm\b|natel|rufnummer|mobilnummer/, h)) return 'phone';
	// Contact columns hold an e-mail, a phone number or both; a postcode narrows a customer down to a few streets.
	if (CONTACT_HEADER.test(h)) return s.emails > 0.3 ? 'email' : 'phone';
	if (has(/post ?code|postal|\bzip\b|zip ?code|\bplz\b|postleitzahl|c[óo]digo postal|\bcep\b|code postal|cap postale/, h)) return 'address';
	if (has(/\bip\b|ip.?address|ipaddress|ip-adresse/, h)) return 'other';
	if (has(/address|street|adresse|straße|strasse|endereço/, h)) return 'address';
	if (has(/birth|\bdob\b|geburt|nascimento/, h)) return 'birthDate';
	if (has(/\bage\b|how old|age group|age range|\balter\b|idade|edad/, h) && (s.numeric > 0.8 || s.brackets > 0.5)) return 'age';
	if (has(/(customer|client|respondent|account|member|kunden|cliente)[ _.-]?(id|number|no\b|nr|#)|response ?id|\brespondent\b|user[ _.-]?id/, h)) {
		return 'customerId';
	}
	if (has(/(customer|client|full|first|last|sur|user|respondent|reviewer|kunden|recipient)[ _.-]?name|username|vorname|nachname|\bnome\b/, h)) {
		return 'customerName';
	}
	if (has(/^(reviews?\.)?name( |$)/, h)) return s.values.length > 20 && s.distinctRatio < 0.4 ? 'product' : 'customerName';
	if (s.values.length === 0) return 'other';
	if (has(/sentiment|confidence|_gold|reason/, h)) return 'other';
	// A tick box or theme code: set (1, yes, x) or blank, never a scale.
	if (s.binary >= 0.98 && s.distinct <= 2) return 'flag';
	if (s.distinct === 1 && s.filled < 0.5 && s.avgLength <= 60) return 'flag';
	if (has(/question|prompt|\basked\b|frage|pregunta|pergunta/, h) && s.distinct <= 30 && s.distinctRatio < 0.3 && s.avgLength >= 6 && s.numeric < 0.5) return 'question';
	if (has(/purchase|order.?date|bought on|date of (purchase|order)|kaufdatum|data da compra/, h) && s.dates > 0.5) return 'purchaseDate';
	if (has(/satisf|rating|(^|[^a-z])score|stars?\b|csat|\bnps\b|\bfft\b|\boverall\b|rate (us|your)|friends (and|&) family|likel(y|ihood).*recommend|zufrieden|bewertung|avalia|note globale/, h) && !has(/confidence|count/, h)) {
		if (detectScale(s.values, header)) return 'satisfaction';
	}
	// Codes with words ("1 - Very good", "5 - Very poor"): a scale whatever its header says.
	if (s.coded >= 0.6 && s.distinct <= 12) {
		const scale = detectScale(s.values, header);
		if (scale && directionFromLabels(scale)) return 'satisfaction';
	}
	if (s.polar > 0.9 && s.distinctRatio < 0.2 && s.numeric < 0.5 && detectScale(s.values, header)?.kind === 'labels') {
		if (has(/satisf|how (happy|pleased)|overall/, h)) return 'satisfaction';
	}
	if (has(/customer.?(status|type|segment)|segment|describes you|relationship|kundenstatus|kundentyp/, h) || (s.statusWords > 0.5 && s.distinctRatio < 0.2)) {
		return 'customerStatus';
	}
	if (has(/touch.?point|journey|stage|contact reason|reason for contact/, h) || (s.touchpoints > 0.6 && s.distinctRatio < 0.2)) return 'touchpoint';
	if (has(/channel|\bsource\b|medium|kanal/, h)) return 'channel';
	if (has(/country|nation|\bland\b|pays|país|where do you live|where are you (from|based)/, h) || s.countries > 0.6) return 'country';
	if (has(/region|state|province|county|time.?zone|bundesland|territory/, h)) return 'region';
	if (has(/city|town|stadt|ville|cidade|ciudad/, h)) return 'city';
	// A product is a name: a column of numbers (an id, a count, a rating) never is one.
	if (s.numeric < 0.5 && has(/product|item|sku|model|article|airline|hotel|brand|division|department|\bclass\b|class name|produkt|produto|plan\b|clothing|(buy|bought|purchase)/, h)) return 'product';
	if (s.dates > 0.8 && has(/date|time|created|timestamp|datum|\bdata\b|submitted|recorded|added|day/, h)) return 'date';
	if (s.dates > 0.95) return 'date';
	if (looksLikeSegment(s)) return 'segment';
	return 'other';
}

/**
 * Whether a column holds one value, the same in every row of the file (a survey tool's collector
 * id, a batch name): it tells no note from another, so as a field it would only put the same chip
 * on every note. Read over every row, not the sample: a value that changes after the sample is kept.
 * At least 10 rows: in a short file one value may be chance.
 */
function sameInEveryRow(table: ParsedTable, column: TableColumn): boolean {
	if (table.rows.length < 10) return false;
	const first = table.rows[0][column.index]?.trim().toLowerCase();
	if (!first) return false;
	return table.rows.every((row) => row[column.index]?.trim().toLowerCase() === first);
}

/** Most distinct values a column may have to be a segment. */
export const MAX_SEGMENT_VALUES = 40;

/** A few short values, each repeated: a trust, a service type, a plan, a channel. */
function looksLikeSegment(s: ColumnStats): boolean {
	return s.values.length >= 10 && s.distinct >= 2 && s.distinct <= MAX_SEGMENT_VALUES && s.distinctRatio <= 0.2 && s.avgLength <= 60 && s.numeric < 0.5 && s.dates < 0.5;
}

/** Guesses what each column is. The result is a starting point the user corrects in the dialog. */
export function guessMapping(table: ParsedTable): Mapping {
	const all = table.columns.map((column) => {
		const extra = column.labels.filter((l) => l && l !== column.name && !/^(V\d+|Q\d+[\w.-]*|\{")/.test(l));
		const header = [column.name, ...extra].join(' ');
		return { column, header, stats: stats(table, column) };
	});
	const scored = all
		.map((c) => ({ ...c, score: commentScore(c.stats, c.header) }))
		.filter((c) => c.score > 0)
		.sort((a, b) => b.score - a.score);
	const comments = new Set<string>();
	const primary = scored.find((c) => c.stats.distinctRatio >= 0.5) ?? scored[0];
	if (primary) {
		comments.add(primary.column.name);
		for (const c of scored) {
			if (c === primary) continue;
			const openEnded = c.column.labels.some((l) => /^open-ended response$/i.test(l));
			const longToo = c.stats.avgLength >= 30 && c.stats.avgLength >= primary.stats.avgLength * 0.35 && c.stats.distinctRatio >= 0.6;
			if (openEnded || longToo) comments.add(c.column.name);
		}
	}
	const columns: ColumnMapping[] = all.map(({ column, header, stats: s }) => {
		if (comments.has(column.name)) return { column: column.name, role: 'comment', private: false };
		// A spreadsheet's own row numbers (pandas writes them under a blank header) say nothing.
		const rowNumbers = !column.labels.some(Boolean) && s.values.length > 0 && s.values.every((v, i) => v === String(i) || v === String(i + 1));
		const guessed = rowNumbers ? 'ignore' : guessRole(header, s);
		const role = guessed === 'other' && sameInEveryRow(table, column) ? 'ignore' : guessed;
		const mapping: ColumnMapping = {
			column: column.name,
			role,
			private: PRIVATE_BY_DEFAULT.has(role) || PRIVATE_HEADER.test(header) || CONTACT_HEADER.test(header.toLowerCase())
		};
		if (role === 'satisfaction') mapping.scale = detectScale(s.values, header) ?? undefined;
		if (role === 'date' || role === 'purchaseDate' || role === 'birthDate') mapping.dayOrder = analyzeDates(s.values).order;
		return mapping;
	});
	const mapping: Mapping = { signature: headerSignature(table.columns.map((c) => c.name)), columns, nonAnswers: 'skip' };
	// A column of small whole numbers whose comments clearly get happier (or unhappier) along it is
	// a rating, whatever its header says ("Q7", "Overall experience", "FFT answer").
	for (const c of columns) {
		if (c.role !== 'other' && c.role !== 'segment') continue;
		const s = all.find((a) => a.column.name === c.column)!.stats;
		if (s.numeric < 0.95 || s.distinct < 3 || s.distinct > 11) continue;
		const scale = detectScale(s.values, c.column);
		if (!scale || scale.kind !== 'numeric' || scale.max > 10) continue;
		const evidence = directionOf(table, mapping, c.column, scale);
		if (!evidence.best) continue;
		c.role = 'satisfaction';
		c.scale = { ...scale, best: evidence.best };
	}
	// A scale whose own words do not say which end is best takes the direction its comments show.
	for (const c of columns) {
		if (c.role !== 'satisfaction' || !c.scale || directionFromLabels(c.scale)) continue;
		const evidence = scaleEvidence(table, mapping, c.column);
		if (evidence?.best) c.scale = { ...c.scale, best: evidence.best };
	}
	capFieldColumns(columns);
	return mapping;
}

/**
 * Most columns one import may keep on its notes: a note holds at most `MAX_FIELDS` fields, and
 * the importer may add its derived ones (`DERIVED_FIELDS`: question, age, NPS group).
 */
export const MAX_FIELD_COLUMNS = MAX_FIELDS - Object.keys(DERIVED_FIELDS).length;

/** Columns a mapping keeps on every note as shared customer context (not comments, private or ignored). */
export function fieldColumns(mapping: Pick<Mapping, 'columns'>): ColumnMapping[] {
	return mapping.columns.filter((c) => c.role !== 'comment' && c.role !== 'ignore' && !c.private);
}

/**
 * Sets the least telling kept columns of a wide export (a Qualtrics file can have 400) to
 * `ignore` until at most `MAX_FIELD_COLUMNS` remain: columns of a known role stay first, then
 * `other` columns in file order; columns `chosen` by the person (a saved mapping) are never set
 * aside. Changes `columns` in place; returns how many were set aside.
 */
function capFieldColumns(columns: ColumnMapping[], chosen: (c: ColumnMapping) => boolean = () => false): number {
	const over = fieldColumns({ columns }).length - MAX_FIELD_COLUMNS;
	if (over <= 0) return 0;
	const kept = fieldColumns({ columns }).filter((c) => !chosen(c));
	const drop = [...kept.filter((c) => c.role === 'other')].reverse().slice(0, over);
	if (drop.length < over) drop.push(...kept.filter((c) => c.role !== 'other').reverse().slice(0, over - drop.length));
	for (const c of drop) c.role = 'ignore';
	return drop.length;
}

/** Comments next to each answer of a satisfaction column, for `guessDirection`. */
function answerPairs(table: ParsedTable, mapping: Mapping, column: string): { answer: string; comment: string }[] {
	const at = table.columns.find((c) => c.name === column)?.index;
	const comments = mapping.columns.filter((c) => c.role === 'comment').map((c) => table.columns.find((t) => t.name === c.column)?.index).filter((i): i is number => i !== undefined);
	if (at === undefined || comments.length === 0) return [];
	const pairs: { answer: string; comment: string }[] = [];
	for (const row of table.rows) {
		const answer = row[at]?.trim();
		if (!answer) continue;
		const comment = comments.map((i) => row[i] ?? '').join(' ').trim();
		if (comment) pairs.push({ answer, comment });
	}
	return pairs;
}

/**
 * Directions already read from a table's comments: table → key (column, comment columns, scale
 * without its `best`) → evidence. Reading them scores up to 2,000 comments in their languages, and
 * one import asks for the same column's several times (guessing the mapping, reconciling a saved
 * one, the advice beside it); a table is never changed once parsed.
 */
const directions = new WeakMap<ParsedTable, Map<string, DirectionEvidence>>();

/**
 * `guessDirection` of `column` on `scale`, with the mapping's comment columns as the comments,
 * read once per table: asked again with the same column, comment columns and scale (its `best`
 * aside, which `guessDirection` does not read), it answers the same object.
 */
function directionOf(table: ParsedTable, mapping: Mapping, column: string, scale: Scale): DirectionEvidence {
	const comments = mapping.columns.filter((c) => c.role === 'comment').map((c) => c.column);
	const key = JSON.stringify([column, comments, { ...scale, best: undefined }]);
	let known = directions.get(table);
	if (!known) directions.set(table, (known = new Map()));
	let evidence = known.get(key);
	if (!evidence) known.set(key, (evidence = guessDirection(scale, answerPairs(table, mapping, column))));
	return evidence;
}

/**
 * What the comments say about the direction of a satisfaction column's scale; null when the
 * column has no scale. Read once per table, column, comment columns and scale (`directionOf`):
 * the same question answers the same object.
 */
export function scaleEvidence(table: ParsedTable, mapping: Mapping, column: string): DirectionEvidence | null {
	const scale = mapping.columns.find((c) => c.column === column)?.scale;
	if (!scale) return null;
	return directionOf(table, mapping, column, scale);
}

/** What the mapping step shows next to each column, beyond its role. */
export interface ColumnAdvice {
	column: string;
	/** Share of rows with a value (0-1). */
	filled: number;
	/** Distinct values (case ignored) in every row, counted up to `DISTINCT_CAP`. */
	distinct: number;
	/** More distinct values than `DISTINCT_CAP`: `distinct` stopped there. */
	moreDistinct: boolean;
	/** Almost empty (under 2% of rows): folded away in the mapping table. */
	nearlyEmpty: boolean;
	/** Satisfaction: the scale in words, and what the comments say about its direction. */
	scale?: { description: string; evidence: DirectionEvidence | null; labelsSay: Direction | null };
	/** Dates: how many read day first, month first, or either way. */
	dates?: DateColumn;
	/** Things the facilitator should check, in plain words. */
	warnings: string[];
}

/**
 * How full a column is and how many different values it holds in the whole file, as the mapping
 * step writes it under the column's name: "96% filled · 958 different values", "100% filled ·
 * 1 value", "… · over 3,000 different values". Values differing only in case count once.
 */
export function fillSummary(a: Pick<ColumnAdvice, 'filled' | 'distinct' | 'moreDistinct'>): string {
	const different = a.moreDistinct ? `over ${formatCount(a.distinct)} different values` : a.distinct === 0 ? 'no values' : a.distinct === 1 ? '1 value' : `${formatCount(a.distinct)} different values`;
	return `${Math.round(a.filled * 100)}% filled · ${different}`;
}

export interface MappingAdvice {
	columns: ColumnAdvice[];
	/** Comments that are non-answers ("N/A", "Nothing"), and a few examples. */
	nonAnswers: { count: number; examples: string[] };
	warnings: string[];
}

/**
 * What the facilitator should know about a mapping on this file: nearly empty columns, the
 * scale's direction and whether the comments agree with it, date columns that mix day-first
 * and month-first dates, and how many comments are non-answers.
 */
export function adviseMapping(table: ParsedTable, mapping: Mapping): MappingAdvice {
	const rows = Math.max(1, table.rows.length);
	const warnings: string[] = [];
	const columns: ColumnAdvice[] = mapping.columns.map((c) => {
		const col = table.columns.find((t) => t.name === c.column);
		let filled = 0;
		const distinct = new Set<string>();
		if (col) {
			for (let r = 0; r < table.rows.length; r++) {
				const v = table.rows[r][col.index]?.trim();
				if (!v) continue;
				filled++;
				if (distinct.size <= DISTINCT_CAP) distinct.add(v.toLowerCase());
			}
		}
		const advice: ColumnAdvice = { column: c.column, filled: filled / rows, distinct: Math.min(distinct.size, DISTINCT_CAP), moreDistinct: distinct.size > DISTINCT_CAP, nearlyEmpty: filled / rows < 0.02 && c.role !== 'comment', warnings: [] };
		if (c.role === 'satisfaction' && c.scale) {
			const evidence = scaleEvidence(table, mapping, c.column);
			const labelsSay = directionFromLabels(c.scale);
			advice.scale = { description: describeScale(c.scale), evidence, labelsSay };
			const against = (evidence?.best && evidence.best !== c.scale.best) || (labelsSay && labelsSay !== c.scale.best);
			if (against) {
				const w = `“${c.column}” looks reversed: ${labelsSay && labelsSay !== c.scale.best ? 'its answers’ own words' : 'the comments'} put the best answers at ${
					(labelsSay ?? evidence?.best) === 'min' ? 'the lowest value' : 'the highest value'
				}, but the scale says the best is the ${c.scale.best === 'min' ? 'lowest' : 'highest'}. Check which end is best.`;
				advice.warnings.push(w);
				warnings.push(w);
			}
		}
		if ((c.role === 'date' || c.role === 'purchaseDate' || c.role === 'birthDate') && col) {
			advice.dates = analyzeDates(columnValues(table, c.column, 25_000));
			if (advice.dates.mixed) {
				const d = advice.dates;
				const w = `“${c.column}” mixes day-first dates (${d.dayFirst.toLocaleString('en')}) and month-first dates (${d.monthFirst.toLocaleString('en')}); ${d.ambiguous.toLocaleString('en')} such as 03/04 could be either and are read ${(c.dayOrder ?? d.order) === 'dmy' ? 'day first' : 'month first'}.`;
				advice.warnings.push(w);
				warnings.push(w);
			}
		}
		return advice;
	});
	const comments = mapping.columns.filter((c) => c.role === 'comment').map((c) => table.columns.find((t) => t.name === c.column)?.index).filter((i): i is number => i !== undefined);
	let count = 0;
	const examples = new Map<string, number>();
	for (const row of table.rows) {
		for (const i of comments) {
			const v = row[i]?.trim();
			if (!v || !isNonAnswer(v)) continue;
			count++;
			examples.set(v, (examples.get(v) ?? 0) + 1);
		}
	}
	const kept = fieldColumns(mapping).length;
	if (kept > MAX_FIELD_COLUMNS) {
		warnings.push(
			`${kept.toLocaleString('en')} columns are kept on the notes; a note holds at most ${MAX_FIELD_COLUMNS}. Set ${(kept - MAX_FIELD_COLUMNS).toLocaleString('en')} of them to Ignore (or make them private) to import.`
		);
	} else if (table.columns.length > MAX_FIELD_COLUMNS) {
		const ignored = mapping.columns.filter((c) => c.role === 'ignore').length;
		warnings.push(
			`This file has ${table.columns.length.toLocaleString('en')} columns; a note keeps at most ${MAX_FIELD_COLUMNS}, so ${ignored.toLocaleString('en')} are set to Ignore. Check that the ones you need are kept.`
		);
	}
	return {
		columns,
		nonAnswers: { count, examples: [...examples].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([v]) => v) },
		warnings
	};
}

/**
 * Applies a saved mapping (from last month's export, or from an API caller) to a table: columns
 * it names keep their saved role; columns it does not know get a fresh guess. `guessed` is
 * `guessMapping(table)` when the caller has it already (it is read, never changed); else it is
 * made here.
 */
export function reconcileMapping(table: ParsedTable, saved: Partial<Mapping> & { columns: ColumnMapping[] }, guessed: Mapping = guessMapping(table)): Mapping {
	const byName = new Map(saved.columns.map((c) => [c.column.toLowerCase(), c]));
	const unknown = saved.columns.filter((c) => !table.columns.some((t) => t.name.toLowerCase() === c.column.toLowerCase()));
	if (unknown.length > 0) {
		throw new ImportError(
			'bad-mapping',
			`The mapping names ${unknown.length === 1 ? 'a column' : 'columns'} this file does not have: ${unknown
				.map((c) => `“${c.column}”`)
				.join(', ')}. The file's columns are: ${table.columns.map((c) => `“${c.name}”`).join(', ')}.`
		);
	}
	const columns = guessed.columns.map((g) => {
		const s = byName.get(g.column.toLowerCase());
		// A copy: the columns below are changed in place, and the guess is the caller's.
		if (!s) return { ...g };
		const merged: ColumnMapping = { column: g.column, role: s.role, private: s.private };
		if (s.role === 'satisfaction') {
			const detected = (g.role === 'satisfaction' ? g.scale : undefined) ?? detectScale(columnValues(table, g.column), g.column) ?? undefined;
			merged.scale = s.scale ? withNewNonScaleAnswers(s.scale, detected) : detected;
		}
		if (s.role === 'date' || s.role === 'purchaseDate' || s.role === 'birthDate') {
			merged.dayOrder = s.dayOrder ?? g.dayOrder ?? analyzeDates(columnValues(table, g.column)).order;
		}
		return merged;
	});
	// Saying only which column holds the comment must not leave the guessed comment columns in too.
	if (saved.columns.some((c) => c.role === 'comment')) {
		for (const c of columns) {
			if (c.role === 'comment' && !byName.has(c.column.toLowerCase())) c.role = 'other';
		}
	}
	const result: Mapping = { signature: guessed.signature, columns, nonAnswers: saved.nonAnswers ?? guessed.nonAnswers };
	// A satisfaction column the saved mapping made without a scale gets the direction its comments show.
	for (const c of columns) {
		const s = byName.get(c.column.toLowerCase());
		if (c.role !== 'satisfaction' || !c.scale || s?.scale || directionFromLabels(c.scale)) continue;
		const evidence = scaleEvidence(table, result, c.column);
		if (evidence?.best) c.scale = { ...c.scale, best: evidence.best };
	}
	capFieldColumns(columns, (c) => byName.has(c.column.toLowerCase()));
	return result;
}

/**
 * A saved scale, plus the answers this file has that are plainly not on any scale ("Don't know",
 * a rare 6 and 7 next to 1-5) and that the saved scale neither places nor lists: last month's file
 * may have had none, and they are not answers on the scale the facilitator described.
 */
function withNewNonScaleAnswers(saved: Scale, detected: Scale | undefined): Scale {
	const known = saved.notApplicable ?? [];
	const added = (detected?.notApplicable ?? []).filter(
		(v) => scalePosition(saved, v) === null && !known.some((k) => answerKey(k) === answerKey(v))
	);
	return added.length ? { ...saved, notApplicable: [...known, ...added] } : saved;
}

export function columnValues(table: ParsedTable, name: string, limit = 5000): string[] {
	const column = table.columns.find((c) => c.name === name);
	if (!column) return [];
	const out: string[] = [];
	for (const row of table.rows) {
		const v = row[column.index]?.trim();
		if (v) out.push(v);
		if (out.length >= limit) break;
	}
	return out;
}

/** Changes one column's role, filling in what the new role needs (scale, day order, privacy). */
export function setRole(table: ParsedTable, mapping: Mapping, column: string, role: Role): Mapping {
	const next: Mapping = {
		...mapping,
		columns: mapping.columns.map((c) => {
			if (c.column !== column) return c;
			const next: ColumnMapping = { column, role, private: PRIVATE_BY_DEFAULT.has(role) ? true : c.private && role !== 'comment' };
			if (role === 'date' || role === 'purchaseDate' || role === 'birthDate') next.dayOrder = analyzeDates(columnValues(table, column)).order;
			return next;
		})
	};
	const changed = next.columns.find((c) => c.column === column)!;
	if (role === 'satisfaction') {
		const scale = detectScale(columnValues(table, column), column) ?? undefined;
		changed.scale = scale;
		if (scale && !directionFromLabels(scale)) {
			const evidence = scaleEvidence(table, next, column);
			if (evidence?.best) changed.scale = { ...scale, best: evidence.best };
		}
	}
	return next;
}

/**
 * The `fields` key each mapped column writes on notes (see `ROLE_FIELD`): the first column of a
 * role takes the role's key, the first question column takes `question`, every other kept
 * column its own header ("Trust"), never one of the keys the importer writes itself.
 */
export function fieldKeys(mapping: Mapping): Map<string, string> {
	const keys = new Map<string, string>();
	// A column headed `__proto__` gets `__proto__ (2)`: boards never keep a field of that name.
	const taken = new Set<string>([...RESERVED_FIELD_KEYS, '__proto__']);
	const question = mapping.columns.find((c) => c.role === 'question');
	if (question) keys.set(question.column, 'question');
	for (const c of mapping.columns) {
		const key = ROLE_FIELD[c.role];
		if (key && !taken.has(key) && !keys.has(c.column)) {
			keys.set(c.column, key);
			taken.add(key);
		}
	}
	for (const c of mapping.columns) {
		if (keys.has(c.column) || c.role === 'comment' || c.role === 'ignore') continue;
		// A key is at most MAX_FIELD_KEY long (a Qualtrics question text can be far longer).
		const base = clampText(c.column, MAX_FIELD_KEY - 8);
		let key = base;
		for (let n = 2; taken.has(key); n++) key = `${base} (${n})`;
		keys.set(c.column, key);
		taken.add(key);
	}
	return keys;
}
