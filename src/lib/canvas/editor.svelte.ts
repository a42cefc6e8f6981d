import type * as Y from 'yjs';
import { getContext, setContext } from 'svelte';
import {
	createGroup,
	dropNotesOnNote,
	mergeGroups,
	moveNotesToGroup,
	nestGroup,
	placeGroup,
	removeNotesFromGroups,
	renameGroup,
	setGroupCollapsed,
	tidyBoard,
	ungroup
} from '$lib/board/grouping';
import { deleteNotes, moveNotes } from '$lib/board/note';
import { GAP, GROUP_SPACING, groupSize, HEADER, intersects, NOTE_H, NOTE_SPACING, NOTE_W, occupancyOf, PAD, slotIndexAt, union, type Rect } from '$lib/board/layout';
import { userOrigin } from '$lib/board/origin';
import { BoardView } from '$lib/collab/board-view.svelte';
import { changedItems, createUndoManager, type ChangedItems } from '$lib/collab/undo';
import type { ImportSummary } from '$lib/context/summary';
import { BoardContext } from '$lib/context/board';
import { columnsFromCounts, isFilterActive, legendFor, matchesFilter, valueKey, SATISFACTION_FIELD, type Column, type Filter, type LegendEntry } from './facets';
import { Selection } from './selection.svelte';
import { keysOf, type Role, type ShortcutState } from './shortcuts';
import { counted, formatCount } from '$lib/labels';
import { truncateWidth } from '$lib/text/width';
import { clampZoom, FAR_ZOOM, fitRectClear, inView, NAMING_ZOOM, panIntoView, READING_ZOOM, visibleRect, zoomAt, type Viewport } from './viewport';
import { headerRect } from './navigate';
import { mergeLeaving } from './group-hints';

export type DragItem = { kind: 'notes'; ids: string[] } | { kind: 'group'; id: string };
export type DropTarget =
	| { kind: 'note'; id: string }
	| { kind: 'group'; id: string; part: 'header' | 'body' }
	| { kind: 'board' };

/**
 * The board as one person edits it in this tab: the live view of the document, what is selected,
 * the camera, search, filters and colours, and every action the canvas, the outline and the
 * keyboard share (the editor in tldraw's sense; the connection and the room's state are `BoardRoom`).
 * Panels added by other features read it from context (`getBoardEditor()`).
 */
export class BoardEditor {
	readonly view: BoardView;
	readonly selection = new Selection();
	readonly origin;
	readonly undoManager: Y.UndoManager;

	viewport = $state<Viewport>({ panX: 40, panY: 40, zoom: 0.8 });
	screen = $state({ w: 1200, h: 800 });
	/**
	 * The controls floating over the board (zoom bar, minimap, legend) as screen rectangles in the
	 * canvas's coordinates, read when a fit is made so it keeps the board clear of them. The canvas
	 * sets it; none until then.
	 */
	overlays: () => Rect[] = () => [];
	#mode = $state<'canvas' | 'outline'>('canvas');
	/** Canvas or outline. Leaving the canvas ends a rename there, so coming back never reopens it. */
	get mode(): 'canvas' | 'outline' {
		return this.#mode;
	}
	set mode(mode: 'canvas' | 'outline') {
		if (mode !== this.#mode) this.editingGroup = null;
		this.#mode = mode;
	}
	#editable = $state(true);
	/**
	 * Whether this person may change the board now (false while the facilitator locks it, or on a
	 * read-only link). A lock that comes while they type a group's name holds that name (`heldName`)
	 * instead of dropping what they typed; the unlock gives the field back, or offers their name when
	 * someone renamed the group meanwhile.
	 */
	get editable(): boolean {
		return this.#editable;
	}
	set editable(value: boolean) {
		if (value === this.#editable) return;
		this.#editable = value;
		if (!value) this.#holdName();
		else this.#resumeNaming();
	}
	/** Why this person cannot change the board, in a sentence (the page's read-only reason), or null. */
	readOnlyReason = $state<string | null>(null);
	/**
	 * The group name this person was typing when the board was locked for them: `mine` is the name
	 * as they left it, kept in their field (read-only while locked); `theirs` is set after the unlock
	 * when someone else renamed the group meanwhile, and the field then offers both instead of
	 * overwriting either. Null when no name is held.
	 */
	heldName = $state.raw<{ id: string; mine: string; theirs: string | null } | null>(null);
	/** Escape pressed on a held name: what this person typed in it is taken back at the unlock (nothing can be written while locked). */
	#discardOnUnlock: { id: string; depth: number } | null = null;
	/** This person's role on the board (their link's). */
	role = $state<Role>('viewer');
	/** What this person is dragging right now and how far (board units), for others to see. */
	liveDrag = $state.raw<{ ids: string[]; dx: number; dy: number } | null>(null);
	/** Notes this person must not see right now (private mode), or null. */
	hidden = $state.raw<((noteId: string) => boolean) | null>(null);

	query = $state('');
	matches = $state.raw<string[]>([]);
	matchIndex = $state(-1);
	filter = $state<Filter>({});
	colorBy = $state<string | null>(null);

	helpOpen = $state(false);
	moveDialogOpen = $state(false);
	/** Keyboard "pick up": what is being carried, moved onto a target with the arrow keys. */
	carrying = $state.raw<DragItem | null>(null);
	focusId = $state<string | null>(null);
	#editingGroup = $state<string | null>(null);
	/**
	 * The group whose name this person is typing in this tab (the canvas's header field or the
	 * outline's row), or null. Opening or closing a name starts a new naming: what Escape takes back
	 * (`cancelNaming`) is only what was typed since.
	 */
	get editingGroup(): string | null {
		return this.#editingGroup;
	}
	set editingGroup(id: string | null) {
		if (id !== this.#editingGroup) this.#renaming = null;
		this.#editingGroup = id;
	}
	announcement = $state('');
	/**
	 * Bumped after an action that can take the focused item away (undo, redo, move, group, delete):
	 * the canvas then puts keyboard focus back on the item acted on, or the next sensible one.
	 */
	refocus = $state(0);
	/** A visible message about the last action that changed more than it says (notes taken from other groups). */
	notice = $state('');
	canUndo = $state(false);
	canRedo = $state(false);

	#columnsVersion = -1;
	#columns: Column[] = [];
	#context = $state.raw(new BoardContext());
	#columnsContext: BoardContext | null = null;

	constructor(
		readonly doc: Y.Doc,
		readonly userId: string
	) {
		this.origin = userOrigin(userId);
		this.view = new BoardView(doc);
		this.undoManager = createUndoManager(doc, this.origin);
		const stacks = () => {
			this.canUndo = this.undoManager.undoStack.length > 0;
			this.canRedo = this.undoManager.redoStack.length > 0;
		};
		this.undoManager.on('stack-item-added', stacks);
		this.undoManager.on('stack-item-popped', stacks);
		this.undoManager.on('stack-cleared', stacks);
		this.undoManager.on('stack-item-popped', (e) => {
			this.#lastStep = changedItems(doc, e.changedParentTypes);
		});
	}

	/** What the undo or redo being made changed (set by the undo manager's event, read once). */
	#lastStep: ChangedItems | null = null;

	destroy() {
		this.undoManager.destroy();
		this.view.destroy();
	}

	/** What keyboard shortcuts depend on now; `focus` is the item with keyboard focus (by default `focusId`). */
	shortcutState(focus = this.focusId): ShortcutState {
		return {
			role: this.role,
			editable: this.editable,
			focus: focus ? (focus.startsWith('grp_') ? 'group' : 'note') : null,
			carrying: this.carrying ? this.carrying.kind : null
		};
	}

	say(message: string) {
		// Re-setting the same text would not be announced again.
		this.announcement = this.announcement === message ? `${message}\u00a0` : message;
	}

	// ---- colours, filters, search --------------------------------------------------------------

	/** The board's customer context: what its imports say about each field and scale. */
	get context(): BoardContext {
		return this.#context;
	}

	/**
	 * The board's import summaries, as the server lists them (they are not in the document). The
	 * server sends them again once an import is stored whole: its notes, held while their chunks
	 * kept coming, are drawn at once.
	 */
	setImports(imports: ImportSummary[]) {
		this.#context = new BoardContext(imports);
		this.view.release();
	}

	/**
	 * Metadata columns of the board's notes, from the view's value counts (kept note by note):
	 * recomputed when the counts or the imports change, in time linear in distinct values.
	 */
	get columns(): Column[] {
		void this.view.version;
		const v = this.view.fieldsVersion;
		const context = this.context;
		if (v !== this.#columnsVersion || context !== this.#columnsContext) {
			this.#columns = columnsFromCounts(this.view.fieldCounts, context);
			this.#columnsVersion = v;
			this.#columnsContext = context;
		}
		return this.#columns;
	}

	get legend(): LegendEntry[] {
		const col = this.colorBy ? this.columns.find((c) => c.name === this.colorBy) : null;
		return col ? legendFor(col, this.context) : [];
	}

	get legendMap(): Map<string, string> {
		return new Map(this.legend.map((l) => [l.value, l.color]));
	}

	get satisfactionLegend(): LegendEntry[] {
		const col = this.columns.find((c) => c.name === SATISFACTION_FIELD);
		return col ? legendFor(col, this.context) : [];
	}

	get filterActive() {
		return isFilterActive(this.filter);
	}

	passesFilter(noteId: string): boolean {
		const rec = this.view.notes.get(noteId);
		return !rec || matchesFilter(rec.fields, this.filter);
	}

	colorOf(noteId: string, legend: Map<string, string>): string | null {
		if (!this.colorBy) return null;
		const rec = this.view.notes.get(noteId);
		return rec ? (legend.get(valueKey(rec.fields[this.colorBy])) ?? null) : null;
	}

	/** Notes passing the current filter. */
	filteredNotes(): string[] {
		return [...this.view.notes.keys()].filter((id) => this.passesFilter(id));
	}

	setQuery(q: string) {
		this.query = q;
		this.runSearch();
	}

	runSearch() {
		this.matches = this.query.trim() ? this.view.search.search(this.query) : [];
		this.matchIndex = -1;
	}

	/**
	 * The matches drawn on the board (not inside a collapsed group), in reading order (top to
	 * bottom, then left to right), kept as `matches`; the current one moves with them.
	 */
	#orderMatches(): string[] {
		const rects = this.view.layout.notes;
		const current = this.matchIndex >= 0 ? this.matches[this.matchIndex] : null;
		const ordered = this.matches.filter((id) => rects.has(id)).sort((a, b) => {
			const ra = rects.get(a)!;
			const rb = rects.get(b)!;
			return ra.y - rb.y || ra.x - rb.x;
		});
		this.matches = ordered;
		this.matchIndex = current ? ordered.indexOf(current) : -1;
		return ordered;
	}

	/**
	 * Makes match `index` (of `matches`) the current one and shows it in the middle of the screen at
	 * READING_ZOOM or closer, clear of the controls over the board.
	 */
	#showMatch(index: number) {
		this.matchIndex = index;
		const r = this.view.layout.notes.get(this.matches[index])!;
		this.centerOn(r, Math.max(this.viewport.zoom, READING_ZOOM));
		this.viewport = panIntoView(this.viewport, r, this.screen.w, this.screen.h, 40, this.overlays());
	}

	/** Jumps to the next (or previous) search match, in reading order: selects it and shows it readable. */
	jumpToMatch(step: 1 | -1) {
		if (this.matches.length === 0) return;
		const ordered = this.#orderMatches();
		if (ordered.length === 0) {
			this.say('The matches are inside collapsed groups.');
			return;
		}
		const index = (this.matchIndex + step + ordered.length) % ordered.length;
		this.selection.selectNote(ordered[index]);
		this.#showMatch(index);
		this.say(`Match ${formatCount(index + 1)} of ${formatCount(ordered.length)}`);
	}

	/**
	 * Brings the search's matches into view at a readable zoom once a query is typed (the search
	 * field calls it when typing pauses; someone else's edit re-running the search never moves the
	 * view). Nothing is selected, and focus stays in the search field.
	 * - Some match already whole on screen at READING_ZOOM or closer: the view stays.
	 * - The matches fit on the screen together at READING_ZOOM or closer (one, or a few close
	 *   together): the view fits them, at 100% at most; a single one becomes the current match.
	 * - More than that, and some on screen: the view stays, so a search made at fit to select its
	 *   matches keeps the overview; their outlines show where they are, and stepping through them
	 *   comes close to each.
	 * - None on screen: the first in reading order is shown at READING_ZOOM or closer and becomes
	 *   the current match.
	 * "On screen" is whole within the canvas and clear of the zoom bar, minimap and legend.
	 */
	showMatches() {
		if (this.mode !== 'canvas' || !this.query.trim()) return;
		const layout = this.view.layout.notes;
		const rects = this.matches.map((id) => layout.get(id)).filter((r): r is Rect => !!r);
		if (rects.length === 0) return;
		const { w, h } = this.screen;
		const obstacles = this.overlays();
		const onScreen = rects.some((r) => inView(this.viewport, r, w, h, obstacles));
		if (onScreen && this.viewport.zoom >= READING_ZOOM) return;
		const all = fitRectClear(union(rects)!, w, h, obstacles, 48, 1);
		if (all.zoom >= READING_ZOOM) {
			this.viewport = all;
			if (rects.length === 1) {
				this.#orderMatches();
				this.matchIndex = 0;
			}
		} else if (!onScreen) {
			this.#orderMatches();
			this.#showMatch(0);
		} else return;
		this.say(this.matchIndex === 0 ? `Showing match 1 of ${formatCount(this.matches.length)}.` : `Showing the ${formatCount(rects.length)} matches.`);
	}

	selectAllMatches() {
		const ids = this.query.trim() ? this.matches : this.filterActive ? this.filteredNotes() : [...this.view.notes.keys()];
		this.selection.setNotes(ids);
		this.say(`${counted(ids.length, 'note')} selected`);
	}

	// ---- camera ----------------------------------------------------------------------------------

	setViewport(vp: Viewport) {
		this.viewport = vp;
	}

	zoomBy(factor: number) {
		this.viewport = zoomAt(this.viewport, this.screen.w / 2, this.screen.h / 2, factor);
	}

	zoomTo(zoom: number) {
		this.zoomBy(clampZoom(zoom) / this.viewport.zoom);
	}

	zoomToFit() {
		const b = this.view.bounds();
		if (!b) return;
		const groups = [...this.view.layout.groups.values()];
		// Only notes and group frames count as drawn: the bounding box's empty corners may sit under a control.
		const occupied = (r: Rect) => this.view.noteIndex.query(r).length > 0 || groups.some((g) => intersects(g, r));
		this.viewport = fitRectClear(b, this.screen.w, this.screen.h, this.overlays(), 48, 1.5, occupied);
	}

	selectionRect(): Rect | null {
		const rects: Rect[] = [];
		for (const id of this.selection.notes) {
			const r = this.view.layout.notes.get(id) ?? this.rectOfHiddenNote(id);
			if (r) rects.push(r);
		}
		if (this.selection.group) {
			const r = this.view.layout.groups.get(this.selection.group);
			if (r) rects.push(r);
		}
		return union(rects);
	}

	/** Fits the selected notes on screen, or the selected or focused group (fit to group), or the focused note. */
	zoomToSelection() {
		const f = this.focusId;
		const group = this.selection.notes.size ? null : (this.selection.group ?? (f?.startsWith('grp_') ? f : null));
		if (group) return this.zoomToGroup(group);
		const r = this.selectionRect() ?? (f ? (this.view.layout.notes.get(f) ?? null) : null);
		if (r) this.viewport = fitRectClear(r, this.screen.w, this.screen.h, this.overlays(), 64, 1.2);
		else this.say('Nothing is selected.');
	}

	/**
	 * Fit to group: shows the whole group `id` as large as the screen allows (at most 120%), in the
	 * canvas, and says so.
	 */
	zoomToGroup(id: string) {
		const r = this.view.layout.groups.get(id);
		if (!r) return this.say('That group is not on the board any more.');
		this.mode = 'canvas';
		this.viewport = fitRectClear(r, this.screen.w, this.screen.h, this.overlays(), 48, 1.2);
		this.say(`Showing group “${this.groupName(id)}”, ${counted(this.view.notesUnder(id).length, 'note')}.`);
	}

	centerOn(r: Rect, zoom = this.viewport.zoom) {
		this.viewport = {
			zoom,
			panX: this.screen.w / 2 - (r.x + r.w / 2) * zoom,
			panY: this.screen.h / 2 - (r.y + r.h / 2) * zoom
		};
	}

	reveal(id: string) {
		const r = id.startsWith('grp_') ? this.view.layout.groups.get(id) : this.view.layout.notes.get(id);
		if (r) this.viewport = panIntoView(this.viewport, r, this.screen.w, this.screen.h, 40, this.overlays());
	}

	/** A note in a collapsed group has no rectangle: answer its group's. */
	rectOfHiddenNote(id: string): Rect | undefined {
		const g = this.view.groupOf(id);
		return g ? this.view.layout.groups.get(g) : undefined;
	}

	/** Top-left of a free spot in the middle of the screen, for new notes and groups. */
	viewCenter(): { x: number; y: number } {
		const { panX, panY, zoom } = this.viewport;
		return { x: Math.round((this.screen.w / 2 - panX) / zoom), y: Math.round((this.screen.h / 2 - panY) / zoom) };
	}

	/**
	 * Top-left corners for `n` new notes (board units): a tidy block around the middle of the
	 * screen, each note at the free spot nearest its place in the block, so new notes never land on
	 * top of others.
	 */
	freeSpots(n: number): { x: number; y: number }[] {
		const cols = Math.max(1, Math.min(6, Math.ceil(Math.sqrt(n))));
		const w = cols * (NOTE_W + GAP) - GAP;
		const c = this.viewCenter();
		const x = Math.round(c.x - w / 2);
		const y = Math.round(c.y - NOTE_H / 2);
		const occ = occupancyOf(this.view.layout);
		return Array.from({ length: n }, (_, i) => {
			const spot = occ.freeSpot({ x: x + (i % cols) * (NOTE_W + GAP), y: y + Math.floor(i / cols) * (NOTE_H + GAP) }, NOTE_W, NOTE_H, NOTE_SPACING);
			occ.add(`new${i}`, { ...spot, w: NOTE_W, h: NOTE_H }, NOTE_SPACING);
			return spot;
		});
	}

	/**
	 * Where a new group of `count` notes goes (its top-left corner, board units): where the notes
	 * were, when they are loose notes on screen; otherwise the middle of the screen. Then the free
	 * spot nearest to that, ignoring the notes that move into the group.
	 */
	newGroupSpot(ids: string[]): { x: number; y: number } {
		const size = groupSize(ids.length);
		const layout = this.view.layout;
		const unsorted = new Set(layout.unsorted);
		const loose = ids.filter((id) => !this.view.groupOf(id) && !unsorted.has(id));
		const visible = visibleRect(this.viewport, this.screen.w, this.screen.h);
		const rects = loose.map((id) => layout.notes.get(id)).filter((r): r is Rect => !!r);
		const there = loose.length === ids.length ? union(rects) : null;
		const c = this.viewCenter();
		const wish = there && intersects(there, visible) ? { x: there.x - PAD, y: there.y - HEADER } : { x: Math.round(c.x - size.w / 2), y: Math.round(c.y - size.h / 2) };
		return occupancyOf(layout, new Set(loose)).freeSpot(wish, size.w, size.h, GROUP_SPACING);
	}

	/**
	 * Top-left corner (board units) for a new group of `count` notes made by dropping notes on the
	 * note at `near` (its rectangle): the free spot nearest to it, ignoring the loose notes in
	 * `moving`, and on the person's screen when the screen has room. When the nearest spot is off
	 * screen (the unsorted area fills the view), the free spot on screen nearest to `near` is used;
	 * only when the screen has none is the nearest one taken (and the view then follows it).
	 */
	dropGroupSpot(near: Rect, count: number, moving: string[]): { x: number; y: number } {
		const size = groupSize(count);
		const layout = this.view.layout;
		const unsorted = new Set(layout.unsorted);
		const occ = occupancyOf(layout, new Set(moving.filter((id) => !unsorted.has(id))));
		const wish = { x: near.x - PAD, y: near.y - HEADER };
		const visible = visibleRect(this.viewport, this.screen.w, this.screen.h);
		const onScreen = (p: { x: number; y: number }) =>
			p.x >= visible.x && p.y >= visible.y && p.x + size.w <= visible.x + visible.w && p.y + size.h <= visible.y + visible.h;
		const nearest = occ.freeSpot(wish, size.w, size.h, GROUP_SPACING);
		if (onScreen(nearest) || visible.w < size.w || visible.h < size.h) return nearest;
		let best: { x: number; y: number } | null = null;
		let bestD = Infinity;
		const steps = 6;
		for (let i = 0; i <= steps; i++)
			for (let j = 0; j <= steps; j++) {
				const probe = { x: Math.round(visible.x + ((visible.w - size.w) * i) / steps), y: Math.round(visible.y + ((visible.h - size.h) * j) / steps) };
				const spot = occ.freeSpot(probe, size.w, size.h, GROUP_SPACING);
				const d = (spot.x - wish.x) ** 2 + (spot.y - wish.y) ** 2;
				if (onScreen(spot) && d < bestD) {
					best = spot;
					bestD = d;
				}
			}
		return best ?? nearest;
	}

	/**
	 * Where a new group made of the note `targetId` and the notes `ids` goes when the note is loose
	 * or unsorted, as the rectangle of its first slot (board units; what `dropNotesOnNote` takes as
	 * `at`): the free spot nearest the note, on screen when the screen has room (`dropGroupSpot`),
	 * so the group covers nothing and nothing around it is pushed aside. Undefined when the note is
	 * in a group (the notes join that group) or not on the board.
	 */
	groupBesideNote(targetId: string, ids: string[]): Rect | undefined {
		if (this.view.groupOf(targetId)) return undefined;
		const near = this.view.layout.notes.get(targetId);
		if (!near) return undefined;
		const others = ids.filter((id) => id !== targetId);
		const spot = this.dropGroupSpot(near, others.length + 1, [targetId, ...others]);
		return { x: spot.x + PAD, y: spot.y + HEADER, w: NOTE_W, h: NOTE_H };
	}

	/** Names of the groups that `ids` would leave, with how many notes leave each. */
	leaving(ids: string[], except?: string): { id: string; name: string; count: number }[] {
		const counts = new Map<string, number>();
		for (const id of ids) {
			const g = this.view.groupOf(id);
			if (g && g !== except) counts.set(g, (counts.get(g) ?? 0) + 1);
		}
		return [...counts].map(([id, count]) => ({ id, name: this.groupName(id), count }));
	}

	/** A sentence saying which groups lost notes, or '' when none did. */
	leavingSentence(left: { name: string; count: number }[]): string {
		if (left.length === 0) return '';
		const merged = mergeLeaving(left);
		const parts = merged.slice(0, 3).map((l) => `${formatCount(l.count)} from ${l.groups > 1 ? `${l.groups} groups named ${l.name}` : l.name}`);
		const rest = merged.slice(3).reduce((n, l) => n + l.groups, 0);
		const more = rest > 0 ? ` and ${counted(rest, 'more group')}` : '';
		return ` Taken out of other groups: ${parts.join(', ')}${more}. ${keysOf('undo')} undoes it.`;
	}

	/**
	 * What a keyboard drop of `item` onto the focused item `onto` (a note or a group's header)
	 * would do, for the live region while carrying: "Over group “Billing” (12 notes). Enter
	 * moves the note into it." Notes are named by their first 40 columns of text.
	 */
	dropTargetSentence(item: DragItem, onto: string): string {
		const quoted = (id: string) => `“${truncateWidth(this.view.notes.get(id)?.text.trim() ?? '', 40)}”`;
		const group = (id: string) => `group “${this.groupName(id)}” (${counted(this.view.notesUnder(id).length, 'note')})`;
		const what = item.kind === 'notes' ? (item.ids.length === 1 ? 'the note' : `the ${formatCount(item.ids.length)} notes`) : 'the group';
		if (onto.startsWith('grp_')) {
			if (item.kind === 'group' && item.id === onto) return `Over ${group(onto)}, the group you carry. Enter puts it back.`;
			if (item.kind === 'group') return `Over ${group(onto)}. Enter merges ${what} into it; Shift+Enter nests it inside.`;
			return `Over ${group(onto)}. Enter moves ${what} into it.`;
		}
		if (item.kind === 'notes' && item.ids.includes(onto)) return `Over ${quoted(onto)}, which you carry. Enter puts it back.`;
		const g = this.view.groupOf(onto);
		if (item.kind === 'group') return g ? `Over ${quoted(onto)} in ${group(g)}. Enter nests ${what} inside ${this.groupName(g)}.` : `Over ${quoted(onto)}, not in a group. Move to a group to drop the group there.`;
		if (g) return `Over ${quoted(onto)} in ${group(g)}. Enter moves ${what} into ${this.groupName(g)}, after this note.`;
		const where = this.view.layout.unsorted.includes(onto) ? 'in the unsorted area' : 'on the board';
		return `Over ${quoted(onto)} ${where}. Enter makes a new group of it and ${what}.`;
	}

	// ---- document actions ------------------------------------------------------------------------

	/** The sentence said when a change is refused because the board is read-only for this person now. */
	get readOnlySentence(): string {
		return this.readOnlyReason ?? 'This board is read-only for you.';
	}

	#guard(): boolean {
		if (!this.editable) this.say(this.readOnlySentence);
		if (this.editable) this.#step();
		return this.editable;
	}

	/**
	 * Ends the undo step being captured, so the action about to run (and whatever follows it) is an
	 * undo step of its own: the undo manager merges changes less than half a second apart, meant
	 * for keystrokes in a name, and a quick Tidy up after a move must not take the move back too.
	 */
	#step() {
		this.undoManager.stopCapturing();
		this.#renaming = null;
	}

	/**
	 * Where the camera was when a group was made from far and it came close for the name to be
	 * typed; it goes back there when the name is done (`doneNaming`), so the next group made from
	 * the same view goes next to this one, not next to where the camera came to.
	 */
	#beforeNaming: Viewport | null = null;

	/**
	 * Ends typing a group's name, keeping what was typed (Enter, or focus leaving the field); after
	 * a group made from far, the camera goes back where it was.
	 */
	doneNaming() {
		this.editingGroup = null;
		this.#renaming = null;
		if (this.#beforeNaming) this.viewport = this.#beforeNaming;
		this.#beforeNaming = null;
	}

	/**
	 * Ends typing group `id`'s name and keeps what was typed (Enter, or focus leaving the field):
	 * the next time the field is opened, Escape takes back only what is typed from then on.
	 */
	commitNaming(id: string): boolean {
		if (this.heldName?.id === id) {
			this.say(this.heldName.theirs === null ? `${this.readOnlySentence} Your name “${this.heldName.mine}” is kept and saved when the board is unlocked.` : 'Choose which name the group keeps first.');
			return false;
		}
		if (this.#renaming?.id === id) this.#renaming = null;
		if (this.editingGroup === id) this.doneNaming();
		return true;
	}

	/**
	 * Ends typing group `id`'s name and takes back what this person typed in it since the name was
	 * opened (Escape): the undo steps of those keystrokes are undone and dropped from the history,
	 * so neither Ctrl+Z nor Ctrl+Shift+Z meets them afterwards. Only this person's own edits go:
	 * text someone else typed in the same name meanwhile stays. A new group made with G keeps
	 * existing, untitled. While the board is locked nothing can be written: the field closes and what
	 * was typed is taken back when the board is unlocked.
	 */
	cancelNaming(id: string) {
		const typed = this.#renaming?.id === id ? this.#renaming : null;
		if (this.heldName?.id === id) this.heldName = null;
		if (typed && !this.editable) {
			this.#discardOnUnlock = typed;
			this.say(`${this.readOnlySentence} The name you typed is taken back when the board is unlocked.`);
		} else if (typed) this.#takeBack(typed);
		if (this.editingGroup === id) this.doneNaming();
		this.#renaming = null;
	}

	/** Undoes this person's keystrokes in a name above the undo-history mark `typed.depth`, and drops them from the history. */
	#takeBack(typed: { id: string; depth: number }) {
		const um = this.undoManager;
		// Only the steps above the mark are undone: the older ones are set aside meanwhile, so an
		// undo that finds a step with nothing left to change cannot reach past the mark.
		const older = um.undoStack.splice(0, typed.depth);
		const redoDepth = um.redoStack.length;
		while (um.undoStack.length) um.undo();
		um.undoStack.unshift(...older);
		um.redoStack.splice(redoDepth);
		this.canUndo = um.undoStack.length > 0;
		this.canRedo = um.redoStack.length > 0;
		this.view.flush();
	}

	/** The lock came: the name being typed (the canvas's field, or the outline's row) is held as it is. */
	#holdName() {
		const id = this.editingGroup ?? this.#renaming?.id ?? null;
		this.view.flush();
		const g = id ? this.view.groups.get(id) : null;
		if (!id || !g) return;
		this.heldName = { id, mine: g.label, theirs: null };
	}

	/**
	 * The unlock came: a name Escape took back meanwhile goes back now; a held name is given back to
	 * its field for typing when it is still the group's name, and offered beside the new one when
	 * someone renamed the group while it was locked. A group gone meanwhile is said so.
	 */
	#resumeNaming() {
		const discard = this.#discardOnUnlock;
		this.#discardOnUnlock = null;
		if (discard && this.view.groups.has(discard.id)) this.#takeBack(discard);
		const held = this.heldName;
		if (!held) return;
		this.view.flush();
		const g = this.view.groups.get(held.id);
		if (!g) {
			this.heldName = null;
			if (this.editingGroup === held.id) this.doneNaming();
			this.notice = `The group you were naming (“${held.mine}”) was removed while the board was locked.`;
			this.say(this.notice);
			return;
		}
		if (g.label === held.mine) {
			this.heldName = null;
			this.say('The board is unlocked: you can go on typing the name.');
		} else {
			this.heldName = { ...held, theirs: g.label };
			this.say(`The board is unlocked. While it was locked, this group was renamed “${g.label}”. Keep yours (“${held.mine}”) or theirs?`);
		}
	}

	/** After the unlock, the held name's offer: `mine` writes this person's name over the new one, otherwise the new one stays. The field stays open for typing. */
	settleHeldName(mine: boolean) {
		const held = this.heldName;
		if (!held || !this.editable) return;
		this.heldName = null;
		if (mine) this.rename(held.id, held.mine);
		this.view.flush();
		this.say(mine ? `Named “${held.mine}”.` : `The name stays “${held.theirs ?? ''}”.`);
	}

	/**
	 * The group whose name is being typed, and how deep this person's undo history was before the
	 * first keystroke: the keystrokes make undo steps of their own (merged while typing goes on),
	 * above that mark.
	 */
	#renaming: { id: string; depth: number } | null = null;

	/** The notes an action applies to: the selection, or the focused note. */
	targetNotes(): string[] {
		if (this.selection.notes.size) return [...this.selection.notes];
		if (this.focusId?.startsWith('note_')) return [this.focusId];
		return [];
	}

	groupNotes(ids = this.targetNotes(), label = ''): string | null {
		if (!this.#guard() || ids.length === 0) return null;
		const at = this.newGroupSpot(ids);
		const left = this.leaving(ids);
		const g = createGroup(this.doc, ids, { x: at.x, y: at.y, label }, this.origin);
		this.view.flush();
		this.#startNaming(g);
		this.notice = left.length ? this.leavingSentence(left).trim() : '';
		this.say(`New group with ${counted(ids.length, 'note')}.${this.leavingSentence(left)} Type its name.`);
		return g;
	}

	/**
	 * Opens the name of a group this person just made from a panel (Suggest's "Make a group of this
	 * note and the ticked ones") for typing, as G does for its own: the group is selected, its name
	 * field takes focus in this tab, and the live region asks for the name. Nothing is written to
	 * the document, so the group's making stays one undo step. A group that is gone already is left.
	 */
	nameNewGroup(g: string) {
		this.view.flush();
		if (!this.view.groups.has(g) || !this.editable) return;
		this.#startNaming(g);
		this.say(`New group with ${counted(this.view.notesUnder(g).length, 'note')}. Type its name.`);
	}

	/**
	 * Opens group `g`'s name for typing, as a new group's is (`#startNaming`): the Details panel's
	 * Rename button, which a touch screen has where a keyboard has F2. Does nothing on a board this
	 * person cannot edit now, or for a group that no longer exists.
	 */
	renameGroupName(g: string) {
		this.view.flush();
		if (!this.view.groups.has(g) || !this.editable) return;
		this.#startNaming(g);
	}

	/**
	 * A group this person just made (with G, or by dropping notes on a loose note) is selected and
	 * its name opened for typing in this tab only: the canvas's header field, or the outline's row,
	 * takes keyboard focus, and nobody else's focus moves. Seen from far, no header is drawn to type
	 * the name in: the camera comes close to it (else what the person types goes nowhere) and goes
	 * back when the name is done.
	 */
	#startNaming(g: string) {
		const rect = this.view.layout.groups.get(g);
		this.#beforeNaming = null;
		if (this.mode === 'canvas' && rect && this.viewport.zoom < FAR_ZOOM) {
			this.#beforeNaming = this.viewport;
			this.centerOn(headerRect(rect), NAMING_ZOOM);
		} else this.reveal(g);
		this.selection.selectGroup(g);
		this.focusId = g;
		this.editingGroup = g;
	}

	moveNotesTo(ids: string[], groupId: string, index?: number) {
		if (!this.#guard() || ids.length === 0) return;
		const left = this.leaving(ids, groupId);
		moveNotesToGroup(this.doc, ids, groupId, this.origin, index);
		this.view.flush();
		this.notice = left.length ? this.leavingSentence(left).trim() : '';
		// The moved notes leave the selection, so the next M never moves an unseen selection again;
		// focus stays on the first of them, in its new group.
		this.selection.clear();
		this.focusId = ids[0];
		this.refocus++;
		this.say(`Moved ${counted(ids.length, 'note')} to ${this.groupName(groupId)}.${this.leavingSentence(left)}`);
	}

	/** Takes notes out of their groups, placing them in a tidy row just right of where they were. */
	removeFromGroups(ids = this.targetNotes()) {
		if (!this.#guard()) return;
		const grouped = ids.filter((id) => this.view.groupOf(id));
		if (!grouped.length) return;
		const rects = grouped.map((id) => this.view.layout.notes.get(id) ?? this.rectOfHiddenNote(id)).filter((r): r is Rect => !!r);
		const area = union(rects) ?? { ...this.viewCenter(), w: 0, h: 0 };
		const groupRect = union(grouped.map((id) => this.view.layout.groups.get(this.view.groupOf(id)!)!).filter(Boolean));
		const x0 = (groupRect ? groupRect.x + groupRect.w : area.x) + 40;
		const occ = occupancyOf(this.view.layout);
		const spots = grouped.map((id, i) => {
			const spot = occ.freeSpot({ x: x0 + (i % 4) * (NOTE_W + GAP), y: area.y + Math.floor(i / 4) * (NOTE_H + GAP) }, NOTE_W, NOTE_H, NOTE_SPACING);
			occ.add(id, { ...spot, w: NOTE_W, h: NOTE_H }, NOTE_SPACING);
			return { id, ...spot };
		});
		removeNotesFromGroups(this.doc, spots, this.origin);
		this.view.flush();
		this.say(`${counted(grouped.length, 'note')} taken out of their group`);
	}

	deleteNotes(ids = this.targetNotes()) {
		if (!this.#guard() || ids.length === 0) return;
		const groups = new Set(ids.map((id) => this.view.groupOf(id)).filter((g): g is string => !!g));
		this.doc.transact(() => {
			deleteNotes(this.doc, ids, this.origin);
			// Groups emptied by the deletion go too, as when notes leave a group.
			for (const g of groups) {
				if (!this.view.notesUnder(g).some((n) => !ids.includes(n)) && !(this.view.layout.children.get(g) ?? []).length) ungroup(this.doc, g, this.origin);
			}
		}, this.origin);
		this.selection.clear();
		this.view.flush();
		this.refocus++;
		this.say(`Deleted ${counted(ids.length, 'note')}. ${keysOf('undo')} brings them back.`);
	}

	ungroupGroup(id: string) {
		if (!this.#guard()) return;
		const name = this.groupName(id);
		ungroup(this.doc, id, this.origin);
		this.selection.clear();
		this.view.flush();
		this.say(`Group ${name} dissolved; its notes stay on the board.`);
	}

	rename(id: string, name: string) {
		if (!this.editable) return this.say(this.readOnlySentence);
		if (this.heldName?.id === id) return;
		if (this.#renaming?.id !== id) {
			this.undoManager.stopCapturing();
			this.#renaming = { id, depth: this.undoManager.undoStack.length };
		}
		renameGroup(this.doc, id, name, this.origin);
	}

	toggleCollapsed(id: string) {
		if (!this.#guard()) return;
		const g = this.view.groups.get(id);
		if (!g) return;
		setGroupCollapsed(this.doc, id, !g.collapsed, this.origin);
		this.view.flush();
	}

	moveLooseNotes(moves: { id: string; x: number; y: number }[]) {
		if (!this.#guard()) return;
		moveNotes(this.doc, moves, this.origin);
	}

	groupName(id: string): string {
		const g = this.view.groups.get(id);
		return g ? g.label.trim() || 'Untitled group' : 'a group';
	}

	/**
	 * Applies a drop (from the pointer or the keyboard). `at` is the world position of the drop;
	 * `offsets` place each note relative to it when dropped on empty board.
	 */
	drop(item: DragItem, target: DropTarget, at: { x: number; y: number }, offsets?: Map<string, { dx: number; dy: number }>) {
		if (!this.#guard()) return;
		if (item.kind === 'notes') {
			const ids = item.ids;
			if (target.kind === 'note') {
				const joined = this.view.groupOf(target.id);
				const near = this.view.layout.notes.get(target.id);
				const g = dropNotesOnNote(this.doc, ids, target.id, this.origin, this.groupBesideNote(target.id, ids) ?? near);
				if (g) {
					this.view.flush();
					if (!joined) this.#startNaming(g);
					const count = counted(this.view.notesUnder(g).length || ids.length + 1, 'note');
					this.say(joined ? `Moved ${counted(ids.length, 'note')} to ${this.groupName(g)}, now ${count}.` : `Grouped with the note; ${count} in the new group. Type its name.`);
				}
			} else if (target.kind === 'group') {
				const rect = this.view.layout.groups.get(target.id);
				const members = (this.view.layout.members.get(target.id) ?? []).filter((id) => !ids.includes(id));
				const index = rect && target.part === 'body' ? slotIndexAt(rect, members.length, at.x, at.y) : members.length;
				moveNotesToGroup(this.doc, ids, target.id, this.origin, index);
				this.say(`Moved ${counted(ids.length, 'note')} to ${this.groupName(target.id)}`);
			} else {
				// Each note goes to the free spot nearest to where it was dropped.
				const occ = occupancyOf(this.view.layout, new Set(ids));
				const place = ids.map((id) => {
					const o = offsets?.get(id) ?? { dx: 0, dy: 0 };
					const spot = occ.freeSpot({ x: Math.round(at.x + o.dx), y: Math.round(at.y + o.dy) }, NOTE_W, NOTE_H, NOTE_SPACING);
					occ.add(id, { ...spot, w: NOTE_W, h: NOTE_H }, NOTE_SPACING);
					return { id, ...spot };
				});
				const grouped = place.filter((p) => this.view.groupOf(p.id));
				const loose = place.filter((p) => !this.view.groupOf(p.id));
				this.doc.transact(() => {
					if (grouped.length) removeNotesFromGroups(this.doc, grouped, this.origin);
					if (loose.length) moveNotes(this.doc, loose, this.origin);
				}, this.origin);
				if (grouped.length) this.say(`${counted(grouped.length, 'note')} taken out of their group`);
			}
		} else {
			if (target.kind === 'group' && target.id !== item.id) {
				if (target.part === 'header') {
					const into = this.groupName(target.id);
					const from = this.groupName(item.id);
					if (mergeGroups(this.doc, item.id, target.id, this.origin)) {
						this.view.flush();
						this.say(`Merged “${from}” into “${into}”, now ${counted(this.view.notesUnder(target.id).length, 'note')}.`);
					}
					else this.say('A group cannot be merged into a group inside it.');
				} else if (nestGroup(this.doc, item.id, target.id, this.origin)) this.say(`Nested in ${this.groupName(target.id)}`);
				else this.say('A group cannot go inside itself.');
			} else {
				const o = offsets?.get(item.id) ?? { dx: 0, dy: 0 };
				const r = this.view.layout.groups.get(item.id);
				const inside = new Set([item.id, ...this.view.notesUnder(item.id)]);
				const wish = { x: Math.round(at.x + o.dx), y: Math.round(at.y + o.dy) };
				const spot = r ? occupancyOf(this.view.layout, inside).freeSpot(wish, r.w, r.h, GROUP_SPACING) : wish;
				placeGroup(this.doc, item.id, spot.x, spot.y, this.origin);
			}
		}
		this.view.flush();
	}

	/** "Tidy up": arranges the whole board in one undoable step and shows all of it. */
	tidy() {
		if (!this.#guard()) return;
		tidyBoard(this.doc, this.origin);
		this.view.flush();
		this.zoomToFit();
		this.say(`Board tidied up. ${keysOf('undo')} puts everything back.`);
	}

	/** Takes back this user's last change; nothing while the board is read-only for them (locked). */
	undo() {
		if (!this.editable) return this.say(`${this.readOnlySentence} Undo waits until you can change the board again.`);
		if (!this.#guard()) return;
		this.notice = '';
		if (!this.undoManager.undoStack.length) return this.say('Nothing to undo.');
		this.#lastStep = null;
		this.undoManager.undo();
		this.#afterHistoryStep('Undone');
	}

	/** Makes this user's last undone change again. */
	redo() {
		if (!this.editable) return this.say(`${this.readOnlySentence} Redo waits until you can change the board again.`);
		if (!this.#guard()) return;
		if (!this.undoManager.redoStack.length) return this.say('Nothing to redo.');
		this.notice = '';
		this.#lastStep = null;
		this.undoManager.redo();
		this.#afterHistoryStep('Redone');
	}

	/**
	 * What follows an undo or a redo: the view catches up, items the step removed leave the
	 * selection, the live region says what the step changed, and keyboard focus goes back to the
	 * item acted on. A step can reach back to a change made minutes ago, off the screen (a group's
	 * name, while the person now votes elsewhere): the canvas then moves to show it and the notice
	 * says so, instead of something changing where nobody looks.
	 */
	#afterHistoryStep(done: 'Undone' | 'Redone') {
		this.view.flush();
		this.selection.prune((id) => this.view.notes.has(id), (id) => this.view.groups.has(id));
		const step = this.#lastStep;
		this.#lastStep = null;
		const groups = step ? [...step.groups].filter((id) => this.view.groups.has(id)) : [];
		const notes = step ? [...step.notes].filter((id) => this.view.notes.has(id)) : [];
		const what =
			groups.length === 1
				? `: your change to group “${this.groupName(groups[0])}”`
				: groups.length > 1
					? `: your change to ${counted(groups.length, 'group')}`
					: notes.length
						? `: your change to ${counted(notes.length, 'note')}`
						: '';
		const target = groups[0] ?? notes[0] ?? null;
		const rectOf = (id: string) => (id.startsWith('grp_') ? this.view.layout.groups.get(id) : (this.view.layout.notes.get(id) ?? this.rectOfHiddenNote(id)));
		const rect = target ? rectOf(target) : undefined;
		// Moved only when nothing the step changed is in view: a step that changes much of the
		// board (Tidy up) is seen where the person looks.
		const screen = visibleRect(this.viewport, this.screen.w, this.screen.h);
		const offScreen = !!rect && this.mode === 'canvas' && ![...groups, ...notes].some((id) => {
			const r = rectOf(id);
			return !!r && intersects(r, screen);
		});
		if (offScreen && rect) {
			if (target!.startsWith('grp_')) this.viewport = fitRectClear(rect, this.screen.w, this.screen.h, this.overlays(), 48, 1.2);
			else this.centerOn(rect, Math.max(this.viewport.zoom, FAR_ZOOM));
			this.notice = `${done}${what}. It was off the screen; the board now shows it.`;
			this.focusId = target;
		}
		this.say(`${done}${what}.`);
		this.refocus++;
	}
}

const KEY = Symbol('board-session');

export function setBoardEditor(session: BoardEditor) {
	setContext(KEY, session);
}

/** The current board's session, for any component inside the board page. */
export function getBoardEditor(): BoardEditor {
	const s = getContext<BoardEditor | undefined>(KEY);
	if (!s) throw new Error('getBoardEditor() must be called inside the board page');
	return s;
}
