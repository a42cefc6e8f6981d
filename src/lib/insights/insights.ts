import type { Group, Note } from '$lib/board';
import { detectFieldRoles, roleValue, ROLE_LABELS, SEGMENT_ROLES, type FieldRoles, type SegmentRole } from './fields';
import { buildScale, type DeclaredScale, type Scale } from './satisfaction';
import { tokens } from './text';

export interface AnswerCount {
	value: string;
	count: number;
	/** Share of the group's notes that answered. */
	share: number;
	/** Share of the whole board's notes that answered. */
	boardShare: number;
}

export interface SegmentRow extends AnswerCount {
	boardCount: number;
	/** group share / board share: 1 is "as on the whole board", 2 is "twice as common here". */
	lift: number;
	overRepresented: boolean;
}

export interface SegmentBreakdown {
	role: SegmentRole;
	label: string;
	field: string;
	answered: number;
	rows: SegmentRow[];
}

export interface Quote {
	noteId: string;
	text: string;
	fields: Note['fields'];
}

export interface SatisfactionBreakdown {
	field: string;
	answered: number;
	dissatisfied: number;
	answers: AnswerCount[];
}

export interface GroupInsights {
	groupId: string;
	label: string;
	noteCount: number;
	/** Share of all notes on the board. */
	share: number;
	noteIds: string[];
	satisfaction: SatisfactionBreakdown | null;
	segments: SegmentBreakdown[];
	quotes: Quote[];
}

export interface BoardSummary {
	noteCount: number;
	groupedCount: number;
	ungroupedCount: number;
	roles: FieldRoles;
	satisfaction: SatisfactionBreakdown | null;
	segments: SegmentBreakdown[];
	/** Top-level groups, largest first. */
	groups: GroupInsights[];
}

/**
 * A note's text never changes after import, so its words are worked out once per note and kept:
 * the panel rebuilds insights after every edit, and re-tokenising thousands of notes each time
 * would make it lag.
 */
const tokenCache = new Map<string, { text: string; tokens: string[] }>();
const TOKEN_CACHE_MAX = 100_000;
function noteTokens(note: Note): string[] {
	const hit = tokenCache.get(note.id);
	if (hit && hit.text === note.text) return hit.tokens;
	const toks = [...new Set(tokens(note.text))];
	if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
	tokenCache.set(note.id, { text: note.text, tokens: toks });
	return toks;
}

/** A segment counts as over-represented when it is at least this much more common than on the board... */
export const LIFT_THRESHOLD = 1.5;
/** ...and carries at least this many of the group's notes, so one comment does not make a trend. */
export const MIN_SEGMENT_NOTES = 3;

const label = (g: Group) => g.label.trim() || 'Untitled group';

/**
 * Insights over one board. Board-wide counts are computed once; each group is then compared with
 * them. Notes in nested groups count for every group above them.
 */
export class BoardInsights {
	readonly roles: FieldRoles;
	readonly scale: Scale | null;
	private readonly notes: Note[];
	private readonly groups: Map<string, Group>;
	private readonly children = new Map<string, string[]>();
	private readonly boardCounts = new Map<string, Map<string, number>>();
	private readonly boardAnswered = new Map<string, number>();
	private readonly docFreq = new Map<string, number>();
	private readonly noteTokens = new Map<string, string[]>();

	constructor(notes: Note[], groups: Group[], roles: Partial<FieldRoles> = {}, declaredScale?: DeclaredScale) {
		this.notes = notes;
		this.groups = new Map(groups.map((g) => [g.id, g]));
		for (const g of groups) {
			if (g.parentId && this.groups.has(g.parentId)) {
				this.children.set(g.parentId, [...(this.children.get(g.parentId) ?? []), g.id]);
			}
		}
		this.roles = detectFieldRoles(this.notes, roles);
		const satField = this.roles.satisfaction;
		const seen: string[] = [];
		for (const note of this.notes) {
			for (const role of ['satisfaction', ...SEGMENT_ROLES] as const) {
				const field = this.roles[role];
				if (!field) continue;
				const value = roleValue(role, note.fields[field]);
				if (value === null) continue;
				if (role === 'satisfaction') seen.push(value);
				const counts = this.boardCounts.get(role) ?? new Map<string, number>();
				counts.set(value, (counts.get(value) ?? 0) + 1);
				this.boardCounts.set(role, counts);
				this.boardAnswered.set(role, (this.boardAnswered.get(role) ?? 0) + 1);
			}
			const toks = noteTokens(note);
			this.noteTokens.set(note.id, toks);
			for (const t of toks) this.docFreq.set(t, (this.docFreq.get(t) ?? 0) + 1);
		}
		this.scale = satField ? buildScale(seen, declaredScale) : null;
	}

	get noteCount(): number {
		return this.notes.length;
	}

	/** The group and every group nested inside it. */
	private subtree(groupId: string): Set<string> {
		const ids = new Set<string>([groupId]);
		const stack = [groupId];
		while (stack.length) {
			for (const child of this.children.get(stack.pop()!) ?? []) {
				if (!ids.has(child)) {
					ids.add(child);
					stack.push(child);
				}
			}
		}
		return ids;
	}

	notesOf(groupId: string): Note[] {
		const ids = this.subtree(groupId);
		return this.notes.filter((n) => n.groupId !== null && ids.has(n.groupId));
	}

	isDissatisfied(note: Pick<Note, 'fields'>): boolean {
		const field = this.roles.satisfaction;
		if (!field || !this.scale) return false;
		const value = roleValue('satisfaction', note.fields[field]);
		return value !== null && this.scale.isDissatisfied(value);
	}

	satisfactionOf(notes: Note[]): SatisfactionBreakdown | null {
		const field = this.roles.satisfaction;
		if (!field || !this.scale) return null;
		const counts = new Map<string, number>();
		let dissatisfied = 0;
		for (const n of notes) {
			const value = roleValue('satisfaction', n.fields[field]);
			if (value === null) continue;
			counts.set(value, (counts.get(value) ?? 0) + 1);
			if (this.scale.isDissatisfied(value)) dissatisfied++;
		}
		const answered = [...counts.values()].reduce((a, b) => a + b, 0);
		const boardCounts = this.boardCounts.get('satisfaction') ?? new Map();
		const boardAnswered = this.boardAnswered.get('satisfaction') ?? 0;
		return {
			field,
			answered,
			dissatisfied,
			answers: this.scale.answers.map((value) => ({
				value,
				count: counts.get(value) ?? 0,
				share: answered ? (counts.get(value) ?? 0) / answered : 0,
				boardShare: boardAnswered ? (boardCounts.get(value) ?? 0) / boardAnswered : 0
			}))
		};
	}

	segmentsOf(notes: Note[]): SegmentBreakdown[] {
		const out: SegmentBreakdown[] = [];
		for (const role of SEGMENT_ROLES) {
			const field = this.roles[role];
			if (!field) continue;
			const counts = new Map<string, number>();
			for (const n of notes) {
				const value = roleValue(role, n.fields[field]);
				if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
			}
			const answered = [...counts.values()].reduce((a, b) => a + b, 0);
			const boardCounts = this.boardCounts.get(role) ?? new Map<string, number>();
			const boardAnswered = this.boardAnswered.get(role) ?? 0;
			const rows: SegmentRow[] = [...counts].map(([value, count]) => {
				const share = answered ? count / answered : 0;
				const boardCount = boardCounts.get(value) ?? 0;
				const boardShare = boardAnswered ? boardCount / boardAnswered : 0;
				const lift = boardShare ? share / boardShare : 0;
				return {
					value,
					count,
					share,
					boardCount,
					boardShare,
					lift,
					overRepresented: count >= MIN_SEGMENT_NOTES && lift >= LIFT_THRESHOLD && answered < boardAnswered
				};
			});
			rows.sort((a, b) => b.count - a.count || b.lift - a.lift || a.value.localeCompare(b.value));
			out.push({ role, label: ROLE_LABELS[role], field, answered, rows });
		}
		return out;
	}

	/**
	 * The comments that say most of what the group says: each note scores the words it shares
	 * with the rest of the group, weighted by how particular those words are to the group.
	 */
	quotesOf(notes: Note[], count = 3): Quote[] {
		if (notes.length === 0) return [];
		const inGroup = new Map<string, number>();
		for (const n of notes) for (const t of this.noteTokens.get(n.id) ?? []) inGroup.set(t, (inGroup.get(t) ?? 0) + 1);
		const total = Math.max(1, this.notes.length);
		const weight = (t: string) => {
			const g = inGroup.get(t) ?? 0;
			if (g < 2 && notes.length > 1) return 0;
			return (g / notes.length) * Math.log(1 + total / (this.docFreq.get(t) ?? 1));
		};
		const scored = notes.map((n) => {
			const toks = this.noteTokens.get(n.id) ?? [];
			const sum = toks.reduce((s, t) => s + weight(t), 0);
			const length = n.text.trim().length;
			const readable = length < 25 ? 0.5 : length > 400 ? 0.8 : 1;
			return { n, score: (toks.length ? sum / Math.sqrt(toks.length) : 0) * readable };
		});
		scored.sort((a, b) => b.score - a.score || a.n.id.localeCompare(b.n.id));
		const quotes: Quote[] = [];
		const seen = new Set<string>();
		for (const { n } of scored) {
			const key = n.text.trim().toLowerCase();
			if (key === '' || seen.has(key)) continue;
			seen.add(key);
			quotes.push({ noteId: n.id, text: n.text.trim(), fields: n.fields });
			if (quotes.length === count) break;
		}
		return quotes;
	}

	group(groupId: string, quoteCount = 3): GroupInsights | null {
		const group = this.groups.get(groupId);
		if (!group) return null;
		const notes = this.notesOf(groupId);
		return {
			groupId,
			label: label(group),
			noteCount: notes.length,
			share: this.notes.length ? notes.length / this.notes.length : 0,
			noteIds: notes.map((n) => n.id),
			satisfaction: this.satisfactionOf(notes),
			segments: this.segmentsOf(notes),
			quotes: this.quotesOf(notes, quoteCount)
		};
	}

	summary(): BoardSummary {
		const grouped = this.notes.filter((n) => n.groupId !== null && this.groups.has(n.groupId)).length;
		const topLevel = [...this.groups.values()].filter((g) => !g.parentId || !this.groups.has(g.parentId));
		const groups = topLevel
			.map((g) => this.group(g.id)!)
			.filter((g) => g.noteCount > 0)
			.sort((a, b) => b.noteCount - a.noteCount || a.label.localeCompare(b.label));
		return {
			noteCount: this.notes.length,
			groupedCount: grouped,
			ungroupedCount: this.notes.length - grouped,
			roles: this.roles,
			satisfaction: this.satisfactionOf(this.notes),
			segments: this.segmentsOf(this.notes),
			groups
		};
	}
}

export function percent(share: number): string {
	return `${Math.round(share * 100)}%`;
}
