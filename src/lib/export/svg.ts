import { layoutBoard, NOTE_H, NOTE_W } from '$lib/board/layout';
import { groupTitle } from '$lib/tasks/derive';
import type { BoardData } from './board-data';
import { boardTitle } from './board-data';
import { firstStrongDirection } from '../text/direction';
import { truncateWidth, wrapWidth } from '../text/width';

const PAD = 40;

const xml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/**
 * The attributes that place a line of text starting at `left` in a box `width` wide: right-to-left
 * text (Arabic, Hebrew) starts at the right edge and runs leftwards, as `dir="auto"` would show it.
 */
function placed(text: string, left: number, width: number): { x: number; attrs: string } {
	return firstStrongDirection(text) === 'rtl' ? { x: left + width, attrs: ' direction="rtl"' } : { x: left, attrs: '' };
}

/** A group's name above its frame, cut with an ellipsis to the frame's width (16 px text: ~9 px a column). */
function groupLabel(g: { x: number; y: number; w: number; label: string }): string {
	const title = truncateWidth(groupTitle(g.label), Math.max(4, Math.floor((g.w - 8) / 9)));
	const { x, attrs } = placed(title, g.x + 4, g.w - 8);
	return `<text x="${x}" y="${g.y - 8}" font-size="16" font-weight="600" fill="#0f172a"${attrs}>${xml(title)}</text></g>`;
}

/**
 * The board as an SVG image: groups as coloured frames with their names, notes as cards where the
 * board's layout draws them. Text is escaped; the view box fits everything.
 */
export function boardToSvg(board: BoardData): string {
	const layout = layoutBoard(
		board.notes.map((n) => ({ id: n.id, createdAt: n.createdAt, groupId: n.stackedOn ? null : n.groupId, order: n.order, pos: n.pos, hidden: !!n.stackedOn, stackedOn: n.stackedOn })),
		board.groups
	);
	const visible = board.notes.flatMap((n) => {
		const r = layout.notes.get(n.id);
		return r ? [{ ...n, ...r }] : [];
	});
	const frames = board.groups.flatMap((g) => {
		const r = layout.groups.get(g.id);
		return r ? [{ ...g, ...r }] : [];
	});
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	const extend = (x: number, y: number, w: number, h: number) => {
		minX = Math.min(minX, x);
		minY = Math.min(minY, y);
		maxX = Math.max(maxX, x + w);
		maxY = Math.max(maxY, y + h);
	};
	for (const g of frames) extend(g.x, g.y - 28, g.w, g.h + 28);
	for (const n of visible) extend(n.x, n.y, NOTE_W, NOTE_H);
	if (!Number.isFinite(minX)) {
		minX = 0;
		minY = 0;
		maxX = 400;
		maxY = 200;
	}
	const x0 = minX - PAD;
	const y0 = minY - PAD - 40;
	const w = maxX - minX + PAD * 2;
	const h = maxY - minY + PAD * 2 + 40;
	const out: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x0} ${y0} ${w} ${h}" width="${Math.round(w)}" height="${Math.round(h)}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">`,
		`<title>${xml(boardTitle(board))}</title>`,
		`<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="#f8fafc"/>`,
		`<text x="${minX}" y="${minY - PAD}" font-size="24" font-weight="600" fill="#0f172a">${xml(boardTitle(board))}</text>`
	];
	const depth = (id: string | null, seen = new Set<string>()): number => {
		const g = board.groups.find((x) => x.id === id);
		if (!g || !g.parentId || seen.has(g.id)) return 0;
		seen.add(g.id);
		return 1 + depth(g.parentId, seen);
	};
	const groups = [...frames].sort((a, b) => depth(a.id) - depth(b.id));
	for (const g of groups) {
		out.push(
			`<g data-group="${xml(g.id)}"><rect x="${g.x}" y="${g.y}" width="${g.w}" height="${g.h}" rx="12" fill="${xml(g.color)}" fill-opacity="0.35" stroke="${xml(g.color)}" stroke-width="2"/>`,
			groupLabel(g)
		);
	}
	for (const n of visible) {
		// 24 columns of 11 px text fit a card; Chinese and Japanese characters take two.
		const lines = wrapWidth(n.text, 24, 5);
		const { x, attrs } = placed(n.text, n.x + 8, NOTE_W - 16);
		out.push(
			`<g data-note="${xml(n.id)}"><rect x="${n.x}" y="${n.y}" width="${NOTE_W}" height="${NOTE_H}" rx="6" fill="#fef9c3" stroke="#cbd5e1"/>`,
			`<text x="${x}" y="${n.y + 18}" font-size="11" fill="#1e293b"${attrs}>${lines.map((l, i) => `<tspan x="${x}" dy="${i === 0 ? 0 : 15}">${xml(l)}</tspan>`).join('')}</text></g>`
		);
	}
	out.push('</svg>');
	return out.join('\n');
}
