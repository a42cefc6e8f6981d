import { layoutBoard, layoutNotesOf } from '$lib/board/layout';
import { shortLabel } from '$lib/context/label';
import { describeLevels, type BoardInsights, type SatisfactionBreakdown } from '$lib/insights';
import { counted } from '$lib/labels';
import { groupTitle, publicInsights } from '$lib/tasks/derive';
import type { BoardData } from './board-data';
import { boardTitle, voteTotals } from './board-data';
import { firstStrongDirection, stripBidiControls } from '../text/direction';
import { columnsIn, estimatedWidth, truncateWidth, wrapWidth } from '../text/width';

/**
 * Board images for people to read, on a screen or on paper. Not the canvas at its own scale (a
 * 5,000-note board is 20,000 px across: speckle when fitted to a page) but the same content, in the
 * same order, set as a document: each group a section with its name, comment count and a
 * satisfaction bar for each scale its notes answer (several when the file had several scale
 * columns, each named by its column), then its notes as cards in a grid; nested groups follow their parent; a group
 * collapsed on the board stays collapsed (its header and count only); notes not in a group come
 * last. Membership, order, nesting, collapsing and duplicate stacks come from the board's layout
 * module (`layoutBoard`), so the image shows what the canvas shows.
 *
 * Sizes are CSS pixels (96 per inch). A page is A4 or US Letter in landscape, or a screen image
 * 1,200 px wide with no page breaks. Text is wrapped by display width (`wrapWidth`: CJK and emoji
 * count two columns, long words and URLs break between characters) and ends in an ellipsis when it
 * is cut; every card is its own nested `<svg>` viewport, so even a font wider than the estimate
 * below can never draw text outside its card.
 */

export type ImageScope = 'board' | 'groups';
export type Paper = 'screen' | 'a4' | 'letter';
export const IMAGE_SCOPES: readonly ImageScope[] = ['board', 'groups'];
export const PAPERS: readonly Paper[] = ['screen', 'a4', 'letter'];

/** Page sizes in CSS px, landscape: A4 is 297 × 210 mm, Letter 11 × 8.5 in (ISO 216, ANSI/ASME Y14.1). */
export const PAPER_SIZE: Record<Paper, { w: number; h: number | null; margin: number }> = {
	screen: { w: 1200, h: null, margin: 32 },
	a4: { w: 1123, h: 794, margin: 38 },
	letter: { w: 1056, h: 816, margin: 38 }
};


const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, DejaVu Sans, sans-serif';
const INK = '#0f172a';
const MUTED = '#475569';
const GAP = 10;

/** A note card's text: 12 px on 16 px lines on a screen, 11 on 15 on paper (8 pt), at most 6 lines. */
const NOTE_FONT_SCREEN = 12;
const NOTE_FONT_PAPER = 11;
const NOTE_LINES = 6;
const NOTE_PAD = 10;
/** A group's name: 17 px bold on 22 px lines, at most 2 lines in a section, 3 on a card. */
const NAME_FONT = 17;
const NAME_LINE = 22;
const META_FONT = 12;
const BAR_H = 10;

/** Satisfaction colours, colour-blind safe (Okabe–Ito vermillion, grey, bluish green). */
const SAT_COLORS = { dissatisfied: '#d55e00', neutral: '#a3a3a3', satisfied: '#009e73' } as const;

export interface ImageOptions {
	scope?: ImageScope;
	paper?: Paper;
	/** The board's insights (satisfaction per group); by default computed from `board` without private columns. */
	insights?: BoardInsights;
	/** Generation date printed in the footer of paper pages. */
	now?: Date;
}

/** Characters that XML 1.0 does not allow, even escaped (C0 controls but tab, line feed, carriage return; U+FFFE, U+FFFF). */
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** `text` safe as XML character data or as an attribute value in double or single quotes. */
export function xmlText(text: string): string {
	return text
		.replace(XML_INVALID, '')
		.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** User text as drawn: white space collapsed, bidi controls removed. */
function plain(text: string): string {
	return stripBidiControls(text).replace(/\s+/g, ' ').trim();
}

/** A CSS colour from a document, or a neutral grey: group colours are user data too. */
function safeColor(c: string): string {
	return /^#[0-9a-f]{3,8}$/i.test(c) ? c : '#94a3b8';
}

interface TextOpts {
	size: number;
	weight?: number;
	fill?: string;
	anchorEnd?: boolean;
}

/**
 * One line of text at (x, y) in a box `width` wide, cut with an ellipsis to the columns that fit;
 * right-to-left lines are set from the right edge.
 */
function line(full: string, x: number, y: number, width: number, o: TextOpts): string {
	const text = truncateWidth(full, columnsIn(width, o.size));
	const rtl = firstStrongDirection(text) === 'rtl';
	const end = !!o.anchorEnd !== rtl;
	const attrs = [
		`x="${round(end ? x + width : x)}"`,
		`y="${round(y)}"`,
		`font-size="${o.size}"`,
		o.weight ? `font-weight="${o.weight}"` : '',
		`fill="${o.fill ?? INK}"`,
		rtl ? 'direction="rtl"' : '',
		end !== rtl ? 'text-anchor="end"' : ''
	].filter(Boolean);
	return `<text ${attrs.join(' ')}>${xmlText(text)}</text>`;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A block of the document: drawn at a y offset, `h` high. `keepWithNext` blocks never end a page. */
interface Block {
	h: number;
	keepWithNext?: boolean;
	/** Drawn again at the top of a page that continues this block's section. */
	continued?: Block;
	draw(y: number): string[];
	sectionHead?: boolean;
}

/** Whether `sat` has answers on its scale to draw a bar of. */
function drawable(sat: SatisfactionBreakdown | null | undefined): sat is SatisfactionBreakdown {
	return !!sat && sat.answered - sat.notApplicable > 0 && sat.dissatisfied + sat.neutral + sat.satisfied > 0;
}

/**
 * The satisfaction bar: dissatisfied, neutral, satisfied shares of the answers on the scale (on a
 * Net Promoter scale its detractors, passives and promoters), its words in a `<title>`.
 */
function satisfactionBar(x: number, y: number, w: number, sat: SatisfactionBreakdown): string[] {
	const onScale = sat.dissatisfied + sat.neutral + sat.satisfied;
	const out = [`<g data-satisfaction="${sat.dissatisfied},${sat.neutral},${sat.satisfied}" data-scale="${xmlText(sat.field)}"><title>${xmlText(satisfactionWords(sat))}</title>`];
	let cx = x;
	for (const key of ['dissatisfied', 'neutral', 'satisfied'] as const) {
		const part = (sat[key] / onScale) * w;
		if (part > 0) out.push(`<rect x="${round(cx)}" y="${round(y)}" width="${round(part)}" height="${BAR_H}" fill="${SAT_COLORS[key]}"/>`);
		cx += part;
	}
	out.push(`<rect x="${round(x)}" y="${round(y)}" width="${round(w)}" height="${BAR_H}" fill="none" stroke="#334155" stroke-width="0.5"/></g>`);
	return out;
}

/** "12 dissatisfied · 3 satisfied": the parts of the bar that are there, in its order. */
function satisfactionCounts(sat: SatisfactionBreakdown): string {
	return (['dissatisfied', 'neutral', 'satisfied'] as const)
		.filter((k) => sat[k] > 0)
		.map((k) => `${sat[k]} ${k}`)
		.join(' · ');
}

/**
 * One of several scales, `w` px wide: its short name, its bar and its counts under it (at most two
 * lines: "4 dissatisfied · 2 satisfied", or on a Net Promoter scale "NPS −29 · 1 promoter · 3
 * passives · 3 detractors"); `h` in px.
 */
function scaleBlock(sat: SatisfactionBreakdown, w: number): { h: number; draw: (x: number, y: number) => string[] } {
	const words = sat.nps ? describeLevels(sat).replace(': ', ' · ').replace(/, /g, ' · ') : satisfactionCounts(sat);
	const counts = wrapped(words, w, 11, 2);
	return {
		h: 14 + BAR_H + 4 + counts.length * 14 + 6,
		draw: (x, y) => [
			`<g data-scale-block="${xmlText(sat.field)}">`,
			line(truncateWidth(shortLabel(plain(sat.label)), columnsIn(w, 11)), x, y + 11, w, { size: 11, weight: 600 }),
			...satisfactionBar(x, y + 15, w, sat),
			...counts.map((c, i) => line(c, x, y + 15 + BAR_H + 13 + i * 14, w, { size: 11, fill: MUTED })),
			'</g>'
		]
	};
}

function satisfactionWords(sat: SatisfactionBreakdown): string {
	return `${plain(sat.label)}: ${describeLevels(sat)}`;
}

/** Wrapped lines of `text` for a box `width` px wide at `font` px, at most `maxLines`, the last ending in "…" when cut. */
function wrapped(text: string, width: number, font: number, maxLines: number): string[] {
	const lines = wrapWidth(plain(text), columnsIn(width, font), maxLines);
	return lines.length ? lines : [''];
}

interface GroupFacts {
	id: string;
	name: string;
	count: number;
	depth: number;
	collapsed: boolean;
	parents: string[];
	color: string;
	votes: number;
	/** The group's scales with answers on them, the first scale first; empty on a board without one. */
	scales: SatisfactionBreakdown[];
}

/**
 * The board's groups in reading order (depth-first, as the outline lists them) with what each image
 * shows. `byVotes`: siblings the room voted for most come first (ties keep the board's order), as
 * the workshop report lists them; the board image keeps the board's order.
 */
function groupFacts(board: BoardData, insights: BoardInsights, layout: ReturnType<typeof layoutBoard>, byVotes = false): GroupFacts[] {
	const byId = new Map(board.groups.map((g) => [g.id, g]));
	const votes = voteTotals(board);
	const ranked = (ids: readonly string[]) => (byVotes ? [...ids].sort((a, b) => (votes.get(b) ?? 0) - (votes.get(a) ?? 0)) : ids);
	const out: GroupFacts[] = [];
	const visit = (id: string, parents: string[], hiddenBy: boolean) => {
		const g = byId.get(id);
		if (!g || hiddenBy) return;
		const gi = insights.group(id);
		const name = groupTitle(plain(g.label));
		out.push({
			id,
			name,
			count: gi?.noteCount ?? layout.members.get(id)?.length ?? 0,
			depth: parents.length,
			collapsed: g.collapsed,
			parents,
			color: safeColor(g.color),
			votes: votes.get(id) ?? 0,
			scales: (gi?.scales?.length ? gi.scales : gi?.satisfaction ? [gi.satisfaction] : []).filter(drawable)
		});
		for (const k of ranked(layout.children.get(id) ?? [])) visit(k, [...parents, name], g.collapsed);
	};
	for (const id of ranked(layout.topGroups)) visit(id, [], false);
	return out;
}

function countLine(f: GroupFacts): string {
	const parts = [counted(f.count, 'comment')];
	if (f.votes) parts.push(counted(f.votes, 'vote'));
	if (f.collapsed) parts.push('collapsed on the board');
	return parts.join(' · ');
}

/**
 * A section header for a group: name (2 lines), count, path of parent groups and a satisfaction
 * bar. With one scale its counts follow the comment count and its bar sits on the right; with
 * several, the right column holds each scale's name, counts and bar, one under another.
 */
function sectionHead(f: GroupFacts, x0: number, width: number, continued = false): Block {
	const indent = Math.min(f.depth, 4) * 20;
	const x = x0 + indent;
	const w = width - indent;
	const several = f.scales.length > 1;
	const barW = Math.min(several ? 300 : 220, w * (several ? 0.36 : 0.3));
	const textW = w - barW - 24 - 12;
	const label = continued ? `${f.name} (continued)` : f.name;
	const lines = wrapped(label, textW, NAME_FONT, 2);
	const path = f.parents.length ? truncateWidth(`In ${f.parents.join(' › ')}`, columnsIn(textW, META_FONT)) : null;
	const scaleBlocks = several ? f.scales.map((sat) => scaleBlock(sat, barW)) : [];
	const h = Math.max(10 + lines.length * NAME_LINE + (path ? 16 : 0) + 18 + 8, 8 + scaleBlocks.reduce((s, b) => s + b.h, 0) + 4);
	return {
		h,
		keepWithNext: !f.collapsed,
		sectionHead: true,
		draw: (y) => {
			const out = [`<g data-group-head="${xmlText(f.id)}">`, `<rect x="${x}" y="${y}" width="${w}" height="${h - 4}" rx="8" fill="${f.color}" fill-opacity="0.28" stroke="${f.color}"/>`];
			out.push(`<svg data-card="group-head" x="${x + 12}" y="${y}" width="${round(textW)}" height="${h - 4}" overflow="hidden">`);
			let ty = 10 + NAME_FONT;
			for (const l of lines) {
				out.push(line(l, 0, ty, textW, { size: NAME_FONT, weight: 650 }));
				ty += NAME_LINE;
			}
			if (path) {
				out.push(line(path, 0, ty - 4, textW, { size: META_FONT, fill: MUTED }));
				ty += 16;
			}
			const one = f.scales.length === 1 ? ` · ${satisfactionCounts(f.scales[0])}` : '';
			out.push(line(countLine(f) + one, 0, ty - 2, textW, { size: META_FONT, fill: MUTED }), '</svg>');
			const bx = x + w - barW - 12;
			if (!several) {
				if (f.scales[0]) out.push(...satisfactionBar(bx, y + 14, barW, f.scales[0]));
			} else {
				out.push(`<svg data-card="scales" x="${round(bx)}" y="${y}" width="${round(barW)}" height="${h - 4}" overflow="hidden">`);
				let top = 8;
				for (const b of scaleBlocks) {
					out.push(...b.draw(0, top));
					top += b.h;
				}
				out.push('</svg>');
			}
			out.push('</g>');
			return out;
		}
	};
}

interface NoteFacts {
	id: string;
	text: string;
	stack: number;
}

/**
 * Lays `items` out as rows of cards `cols` across in `width` px from `x0`, `GAP` px apart. Each
 * card is measured once (`measure(item, cardW)`, its height in px among its other facts); a row is
 * as tall as its tallest card, and every card of the row is drawn that tall by
 * `draw(measured, x, y, cardW, rowHeight)`, which returns the card's SVG lines.
 */
function cardRows<T, M extends { h: number }>(
	items: T[],
	x0: number,
	width: number,
	cols: number,
	measure: (item: T, cardW: number) => M,
	draw: (card: M, x: number, y: number, cardW: number, h: number) => string[]
): Block[] {
	const cardW = (width - GAP * (cols - 1)) / cols;
	const rows: Block[] = [];
	for (let i = 0; i < items.length; i += cols) {
		const row = items.slice(i, i + cols).map((item) => measure(item, cardW));
		const h = Math.max(...row.map((r) => r.h));
		rows.push({ h: h + GAP, draw: (y) => row.flatMap((r, k) => draw(r, round(x0 + k * (cardW + GAP)), y, cardW, h)) });
	}
	return rows;
}

/** Rows of note cards `cols` across: the note's text (6 lines at most) and its duplicate count. */
function noteRows(notes: NoteFacts[], x0: number, width: number, cols: number, noteFont: number): Block[] {
	const noteLine = noteFont + 4;
	return cardRows(
		notes,
		x0,
		width,
		cols,
		(n, cardW) => {
			const textW = cardW - NOTE_PAD * 2;
			const badge = n.stack > 1 ? `×${n.stack}` : '';
			const lines = wrapped(n.text, textW - (badge ? 28 : 0), noteFont, NOTE_LINES);
			return { n, lines, badge, textW, h: NOTE_PAD * 2 + lines.length * noteLine };
		},
		(r, x, y, cardW, h) => {
			const out = [
				`<svg data-note="${xmlText(r.n.id)}" data-card="note" x="${x}" y="${y}" width="${round(cardW)}" height="${h}" overflow="hidden">`,
				`<rect x="0.5" y="0.5" width="${round(cardW - 1)}" height="${h - 1}" rx="5" fill="#fef9c3" stroke="#cbd5e1"/>`
			];
			r.lines.forEach((l, j) => out.push(line(l, NOTE_PAD, NOTE_PAD + noteFont + j * noteLine - 2, r.textW - (r.badge ? 28 : 0), { size: noteFont, fill: '#1e293b' })));
			if (r.badge) out.push(line(r.badge, NOTE_PAD, NOTE_PAD + noteFont - 2, r.textW, { size: 11, weight: 600, fill: MUTED, anchorEnd: true }));
			out.push('</svg>');
			return out;
		}
	);
}

/** Group cards for the groups-only image: name (3 lines), count, a satisfaction bar per scale (named when several), `cols` across. */
function groupCards(groups: GroupFacts[], x0: number, width: number, cols: number): Block[] {
	return cardRows(
		groups,
		x0,
		width,
		cols,
		(f, cardW) => {
			const textW = cardW - 28;
			const lines = wrapped(f.name, textW, NAME_FONT, 3);
			const path = f.parents.length ? truncateWidth(`In ${f.parents.join(' › ')}`, columnsIn(textW, META_FONT)) : null;
			const scales = f.scales.length > 1 ? f.scales.map((sat) => scaleBlock(sat, textW)) : [];
			const scalesH = f.scales.length > 1 ? scales.reduce((s, b) => s + b.h, 0) + 10 : f.scales.length * (BAR_H + 22);
			return { f, lines, path, textW, scales, h: 14 + lines.length * NAME_LINE + (path ? 16 : 0) + 18 + scalesH + 8 };
		},
		(r, x, y, cardW, h) => {
			const out = [
				`<svg data-group="${xmlText(r.f.id)}" data-card="group" x="${x}" y="${y}" width="${round(cardW)}" height="${h}" overflow="hidden">`,
				`<rect x="0.5" y="0.5" width="${round(cardW - 1)}" height="${h - 1}" rx="8" fill="#ffffff" stroke="#cbd5e1"/>`,
				`<rect x="0.5" y="0.5" width="6" height="${h - 1}" fill="${r.f.color}"/>`
			];
			let ty = 14 + NAME_FONT - 2;
			for (const l of r.lines) {
				out.push(line(l, 16, ty, r.textW, { size: NAME_FONT, weight: 650 }));
				ty += NAME_LINE;
			}
			if (r.path) {
				out.push(line(r.path, 16, ty - 4, r.textW, { size: META_FONT, fill: MUTED }));
				ty += 16;
			}
			out.push(line(countLine(r.f), 16, ty - 2, r.textW, { size: META_FONT, fill: MUTED }));
			if (r.scales.length) {
				ty += 8;
				for (const b of r.scales) {
					out.push(...b.draw(16, ty));
					ty += b.h;
				}
			} else if (r.f.scales[0]) {
				out.push(...satisfactionBar(16, ty + 6, r.textW, r.f.scales[0]));
				out.push(line(satisfactionCounts(r.f.scales[0]), 16, ty + 6 + BAR_H + 15, r.textW, { size: 11, fill: MUTED }));
			}
			out.push('</svg>');
			return out;
		}
	);
}

function caption(text: string, x0: number, width: number): Block {
	return { h: 30, keepWithNext: true, draw: (y) => [line(truncateWidth(text, columnsIn(width, 15)), x0, y + 20, width, { size: 15, weight: 650, fill: MUTED })] };
}

/** The document's blocks for `scope`, `width` px wide starting at `x0`. */
function blocks(board: BoardData, scope: ImageScope, insights: BoardInsights, x0: number, width: number, paper: Paper): Block[] {
	const layout = layoutBoard(layoutNotesOf(board.notes), board.groups);
	const groups = groupFacts(board, insights, layout, scope === 'groups');
	if (scope === 'groups') {
		if (!groups.length) return [caption('No groups yet.', x0, width)];
		return groupCards(groups, x0, width, paper === 'screen' ? 4 : 3);
	}
	const text = new Map(board.notes.map((n) => [n.id, n.text]));
	const facts = (id: string): NoteFacts => ({ id, text: text.get(id) ?? '', stack: layout.stackCount.get(id) ?? 1 });
	const cols = 5;
	const font = paper === 'screen' ? NOTE_FONT_SCREEN : NOTE_FONT_PAPER;
	const out: Block[] = [];
	for (const f of groups) {
		const indent = Math.min(f.depth, 4) * 20;
		const head = sectionHead(f, x0, width);
		out.push(head);
		if (f.collapsed) continue;
		const rows = noteRows((layout.members.get(f.id) ?? []).map(facts), x0 + indent, width - indent, cols, font);
		const again = sectionHead(f, x0, width, true);
		for (const r of rows) r.continued = again;
		out.push(...rows);
		if (rows.length) out.push({ h: 8, draw: () => [] });
	}
	const loose = layout.ungrouped.filter((id) => layout.notes.has(id));
	if (loose.length) {
		out.push(caption(`Not in a group: ${counted(loose.length, 'comment')}`, x0, width));
		const rows = noteRows(loose.map(facts), x0, width, cols, font);
		const again = caption(`Not in a group (continued)`, x0, width);
		for (const r of rows) r.continued = again;
		out.push(...rows);
	}
	if (!out.length) out.push(caption('This board has no notes yet.', x0, width));
	return out;
}

/** Splits blocks into pages whose content area is `room` px high; a section head never ends a page. */
function paginate(list: Block[], room: number | null): Block[][] {
	if (room === null) return [list];
	const pages: Block[][] = [[]];
	let used = 0;
	for (let i = 0; i < list.length; i++) {
		const b = list[i];
		// A head and its first row move to the next page together.
		const need = b.keepWithNext && list[i + 1] ? b.h + list[i + 1].h : b.h;
		if (used > 0 && used + need > room) {
			pages.push([]);
			used = 0;
			if (b.continued) {
				pages[pages.length - 1].push(b.continued);
				used += b.continued.h;
			}
		}
		pages[pages.length - 1].push(b);
		used += b.h;
	}
	return pages;
}

/**
 * The board as images for people to read: a list of pages, each a complete SVG document.
 * `scope` 'board' draws every group with its notes (collapsed groups as a header only) and the
 * notes not in a group; 'groups' draws one card per group, those voted for most first (name, comment count, votes,
 * satisfaction bar). `paper` 'screen' gives one page 1,200 px wide and as tall as needed; 'a4' and
 * 'letter' give landscape pages of that size (CSS px at 96 dpi) numbered "Page n of m".
 * All user text is escaped, cut between grapheme clusters and drawn inside its card.
 */
export function boardImagePages(board: BoardData, opts: ImageOptions = {}): string[] {
	const scope = opts.scope ?? 'board';
	const paper = opts.paper ?? 'screen';
	const size = PAPER_SIZE[paper];
	const insights = opts.insights ?? publicInsights(board);
	const m = size.margin;
	const width = size.w - m * 2;
	const title = truncateWidth(plain(boardTitle(board)), columnsIn(width * 0.7, 22));
	const groupsCount = board.groups.length;
	const subtitle = `${scope === 'groups' ? 'Groups' : 'Board'} · ${counted(board.notes.filter((n) => !n.stackedOn).length, 'comment')} · ${counted(groupsCount, 'group')}`;
	const HEAD = 64;
	const FOOT = size.h === null ? 0 : 28;
	const list = blocks(board, scope, insights, m, width, paper);
	const pages = paginate(list, size.h === null ? null : size.h - m * 2 - HEAD - FOOT);
	const date = (opts.now ?? new Date()).toISOString().slice(0, 10);
	return pages.map((page, p) => {
		const contentH = page.reduce((s, b) => s + b.h, 0);
		const h = size.h ?? m * 2 + HEAD + contentH;
		const out = [
			`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size.w} ${h}" width="${size.w}" height="${h}" font-family="${FONT}">`,
			`<title>${xmlText(title)}</title>`,
			`<rect width="${size.w}" height="${h}" fill="#ffffff"/>`,
			line(title, m, m + 22, width, { size: 22, weight: 700 }),
			line(subtitle, m, m + 44, width, { size: 13, fill: MUTED })
		];
		if (size.h !== null) {
			out.push(line(`Page ${p + 1} of ${pages.length}`, m, m + 22, width, { size: 13, fill: MUTED, anchorEnd: true }));
			out.push(line(`Gistboard · ${date}`, m, h - m + 8, width, { size: 11, fill: MUTED }));
		}
		let y = m + HEAD;
		for (const b of page) {
			out.push(...b.draw(y));
			y += b.h;
		}
		out.push('</svg>');
		return out.join('\n');
	});
}

/**
 * One SVG file of the whole image: the screen image, or every paper page one under the other
 * (each page a nested `<svg data-page>` of the paper's size, 24 px apart) so a single file holds
 * them all. `page` (1-based) picks one page instead; out of range is a RangeError.
 */
export function boardToSvg(board: BoardData, opts: ImageOptions & { page?: number } = {}): string {
	const pages = boardImagePages(board, opts);
	if (opts.page !== undefined) {
		if (!Number.isInteger(opts.page) || opts.page < 1 || opts.page > pages.length) throw new RangeError(`page ${opts.page} of ${pages.length}`);
		return pages[opts.page - 1];
	}
	return stackPages(pages, opts.paper ?? 'screen');
}

/** Pages made by `boardImagePages` for `paper` as one SVG document, one page under the other. */
export function stackPages(pages: string[], paper: Paper): string {
	if (pages.length === 1) return pages[0];
	const size = PAPER_SIZE[paper];
	const h = size.h ?? 0;
	const total = pages.length * h + (pages.length - 1) * 24;
	const body = pages.map((p, i) => p.replace(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, `<svg data-page="${i + 1}" x="0" y="${i * (h + 24)}"`));
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size.w} ${total}" width="${size.w}" height="${total}">`,
		`<rect width="${size.w}" height="${total}" fill="#e2e8f0"/>`,
		...body,
		'</svg>'
	].join('\n');
}

/** How many pages `boardImagePages` makes. */
export function imagePageCount(board: BoardData, opts: ImageOptions = {}): number {
	return boardImagePages(board, opts).length;
}
