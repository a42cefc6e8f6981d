import { layoutBoard, NOTE_H, NOTE_W } from '$lib/board/layout';
import { groupTitle } from '$lib/tasks/derive';
import type { BoardData } from './board-data';
import { boardTitle } from './board-data';

const PAD = 40;

const xml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

function wrap(text: string, width: number, maxLines: number): string[] {
	const words = text.replace(/\s+/g, ' ').trim().split(' ');
	const lines: string[] = [];
	let line = '';
	for (const word of words) {
		const next = line ? `${line} ${word}` : word;
		if (next.length > width && line) {
			lines.push(line);
			line = word.slice(0, width);
			if (lines.length === maxLines) break;
		} else line = next.slice(0, width);
	}
	if (lines.length < maxLines && line) lines.push(line);
	if (lines.length === maxLines && words.join(' ').length > lines.join(' ').length) {
		lines[maxLines - 1] = `${lines[maxLines - 1].slice(0, width - 1)}…`;
	}
	return lines;
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
			`<text x="${g.x + 4}" y="${g.y - 8}" font-size="16" font-weight="600" fill="#0f172a">${xml(groupTitle(g.label))}</text></g>`
		);
	}
	for (const n of visible) {
		const lines = wrap(n.text, 32, 6);
		out.push(
			`<g data-note="${xml(n.id)}"><rect x="${n.x}" y="${n.y}" width="${NOTE_W}" height="${NOTE_H}" rx="6" fill="#fef9c3" stroke="#cbd5e1"/>`,
			`<text x="${n.x + 8}" y="${n.y + 18}" font-size="11" fill="#1e293b">${lines.map((l, i) => `<tspan x="${n.x + 8}" dy="${i === 0 ? 0 : 15}">${xml(l)}</tspan>`).join('')}</text></g>`
		);
	}
	out.push('</svg>');
	return out.join('\n');
}
