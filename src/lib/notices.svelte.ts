import { getContext, setContext } from 'svelte';

/**
 * What a notice is for, which decides how long it stays:
 * - `info` says what just happened ("Taken out of other groups…", "Voting is open…") and goes
 *   after a reading time (`readingTime`), held while the pointer is over it or focus is in it;
 * - `progress` is work still going on ("Drawing the PNG… 40%"): it stays until its owner ends it;
 * - `error` says something failed and what to do: it stays until the person closes it.
 */
export type NoticeKind = 'info' | 'progress' | 'error';

export interface Notice {
	id: number;
	/** Notices with the same key replace each other (one source, one notice). */
	key: string | null;
	kind: NoticeKind;
	message: string;
	/** For `progress`: how much is done, 0..1, or null when unknown. */
	done: number | null;
}

export interface NoticeOptions {
	kind?: NoticeKind;
	key?: string;
	done?: number | null;
	/** Called once when the notice leaves (timed out, closed, pushed out), not when a notice of its key replaces it. */
	ondismiss?: () => void;
}

/** Most notices shown at once; a new one beyond this pushes out the oldest informational one. */
export const MAX_NOTICES = 3;

/**
 * How long an informational notice stays, in ms: 5 s and 50 ms a character (a slow reader's pace),
 * at most 15 s.
 */
export function readingTime(message: string): number {
	return Math.min(15_000, 5_000 + message.length * 50);
}

/**
 * The page's notices, shown as a stack over the board that never moves the layout. At most
 * `MAX_NOTICES` at once: a notice beyond that pushes out the oldest informational one (progress
 * and errors are kept, since they wait on work or on the person). Informational notices leave
 * after `readingTime`, counted only while nobody holds them (`hold`, `release`).
 */
export class Notices {
	list = $state<Notice[]>([]);
	#next = 1;
	#timers = new Map<number, { left: number; started: number; timer: ReturnType<typeof setTimeout> | null }>();
	#held = new Set<number>();
	#ondismiss = new Map<number, () => void>();

	/** Shows `message` (replacing the notice of the same `key`, if any) and answers its id. */
	show(message: string, { kind = 'info', key, done = null, ondismiss }: NoticeOptions = {}): number {
		const old = key ? this.list.find((n) => n.key === key) : undefined;
		if (old) this.#stop(old.id);
		const notice: Notice = { id: old?.id ?? this.#next++, key: key ?? null, kind, message, done };
		this.list = old ? this.list.map((n) => (n.id === old.id ? notice : n)) : [...this.list, notice];
		if (ondismiss) this.#ondismiss.set(notice.id, ondismiss);
		else this.#ondismiss.delete(notice.id);
		while (this.list.length > MAX_NOTICES) {
			const out = this.list.find((n) => n.kind === 'info' && n.id !== notice.id) ?? this.list.find((n) => n.id !== notice.id)!;
			this.dismiss(out.id);
		}
		if (kind === 'info') this.#start(notice.id, readingTime(message));
		return notice.id;
	}

	/** Changes a notice's message, kind or progress; a notice that became informational starts its reading time. */
	update(id: number, patch: Partial<Pick<Notice, 'message' | 'kind' | 'done'>>): void {
		const notice = this.list.find((n) => n.id === id);
		if (!notice) return;
		const next = { ...notice, ...patch };
		this.list = this.list.map((n) => (n.id === id ? next : n));
		this.#stop(id);
		if (next.kind === 'info') this.#start(id, readingTime(next.message));
	}

	/** Removes a notice (closed by the person, timed out, or its work finished). */
	dismiss(id: number): void {
		this.#stop(id);
		this.#held.delete(id);
		const was = this.list.length;
		this.list = this.list.filter((n) => n.id !== id);
		const after = this.#ondismiss.get(id);
		this.#ondismiss.delete(id);
		if (after && this.list.length < was) after();
	}

	/** Removes the notice of `key`, if any. */
	dismissKey(key: string): void {
		const notice = this.list.find((n) => n.key === key);
		if (notice) this.dismiss(notice.id);
	}

	/** The pointer is over a notice or focus is inside it: its reading time stops running. */
	hold(id: number): void {
		this.#held.add(id);
		const t = this.#timers.get(id);
		if (t?.timer) {
			clearTimeout(t.timer);
			t.timer = null;
			t.left = Math.max(0, t.left - (Date.now() - t.started));
		}
	}

	/** The pointer and focus have left the notice: its reading time runs on, at least 2 s more. */
	release(id: number): void {
		this.#held.delete(id);
		const t = this.#timers.get(id);
		if (t && !t.timer) this.#run(id, Math.max(2_000, t.left));
	}

	/** Stops every timer (the page is going away). */
	destroy(): void {
		for (const id of this.#timers.keys()) this.#stop(id);
	}

	#start(id: number, ms: number) {
		this.#timers.set(id, { left: ms, started: Date.now(), timer: null });
		if (!this.#held.has(id)) this.#run(id, ms);
	}

	#run(id: number, ms: number) {
		const t = this.#timers.get(id);
		if (!t) return;
		t.left = ms;
		t.started = Date.now();
		t.timer = setTimeout(() => this.dismiss(id), ms);
	}

	#stop(id: number) {
		const t = this.#timers.get(id);
		if (t?.timer) clearTimeout(t.timer);
		this.#timers.delete(id);
	}
}

const KEY = Symbol('notices');

export function setNotices(notices: Notices): void {
	setContext(KEY, notices);
}

/** The page's notices, for any component inside a page that set them. */
export function getNotices(): Notices {
	const n = getContext<Notices | undefined>(KEY);
	if (!n) throw new Error('getNotices() must be called inside a page that set them');
	return n;
}
