import { error } from '@sveltejs/kit';
import * as Y from 'yjs';
import { groupMapOf, updateGroup, type TaskStatus } from '$lib/board';
import { readBoard, type BoardData } from '$lib/export/board-data';
import { findRecurringThemes, type RecurringTheme } from '$lib/insights/recurring';
import { draftTasks, groupTitle, publicInsights } from '$lib/tasks/derive';
import { publishedPayload } from '$lib/tasks/webhook-payload';
import type { Task } from '$lib/tasks/types';
import { taskChanges, type TaskChange } from '$lib/tasks/changes';
import { ownerEmailProblem } from '$lib/tasks/owner-email';
import { boardExtras, listImports } from './imports';
import { services } from './services';
import { InputError } from './sql';
import { heavyReads } from './export-budget';
import { evidenceNoteIds, listTasks, openTasksElsewhere, publishTasks, type EarlierTaskRow } from './tasks';
import { sendWebhook } from './webhooks';

/** A board's document as plain data, read on the server. */
export async function loadBoardData(boardId: string, after?: Uint8Array): Promise<BoardData> {
	const extras = await boardExtras(services().db, boardId);
	const board = await services().rooms.read(boardId, (doc) => readBoard(doc, extras), { after });
	if (!board) error(404, { message: 'This board does not exist or was deleted.' });
	return board;
}

export interface PublishResult {
	tasks: Task[];
	/** Assigned groups that were not published, and why. */
	skipped: { groupId: string; title: string; reason: string }[];
}

/**
 * Publishes every group assigned to a department, or only the groups `only` names (group ids; a
 * facilitator publishing again the groups whose comments changed). Idempotent: a group published
 * before updates its task (same id, status and publishing date; title, assignment, counts and
 * evidence as the group is now). Each group's status in the document follows its task; the
 * webhook gets the tasks written. Throws an InputError (400) when nothing can be published.
 */
export async function publishBoard(boardId: string, workspaceId: string, origin: string, after?: Uint8Array, only?: readonly string[]): Promise<PublishResult> {
	const { db } = services();
	const board = await loadBoardData(boardId, after);
	const wanted = only ? new Set(only) : null;
	const all = draftTasks(board, publicInsights(board, await listImports(db, boardId))).filter((d) => !wanted || wanted.has(d.groupId));
	const drafted = new Set(all.map((d) => d.groupId));
	// An owner's e-mail goes into trackers and mail links: a group whose owner's e-mail is not a
	// whole address waits until it is corrected.
	const drafts = all.filter((d) => !ownerEmailProblem(d.ownerEmail));
	const badEmail = all.filter((d) => ownerEmailProblem(d.ownerEmail));
	const skipped = board.groups
		.filter((g) => (wanted ? wanted.has(g.id) : g.department) && !drafted.has(g.id))
		.map((g) => ({ groupId: g.id, title: groupTitle(g.label), reason: g.department ? 'it has no comments' : 'it is not assigned to a department' }));
	skipped.push(...badEmail.map((d) => ({ groupId: d.groupId, title: d.title, reason: `its owner's e-mail “${d.ownerEmail}” is not a complete address; correct it in Assign` })));
	if (wanted) {
		const onBoard = new Set(board.groups.map((g) => g.id));
		for (const id of wanted) if (!onBoard.has(id)) skipped.push({ groupId: id, title: 'Untitled group', reason: 'it is no longer on the board' });
	}
	if (drafts.length === 0 && badEmail.length && !wanted) {
		throw new InputError(
			`Nothing was published: the owner's e-mail of ${badEmail.map((d) => `“${d.title}” (“${d.ownerEmail}”)`).join(', ')} is not a complete address. Write it as name@company.com in Assign, then publish.`
		);
	}
	if (drafts.length === 0) {
		if (wanted) {
			throw new InputError(
				`Nothing was published: ${skipped.map((s) => (s.reason === 'it is no longer on the board' ? `a group ${s.reason}` : `"${s.title}" (${s.reason})`)).join(', ') || 'no group was named'}. Its task keeps what it had.`
			);
		}
		throw new InputError(
			board.groups.some((g) => g.department)
				? 'The assigned groups have no comments yet. Move comments into them, then publish.'
				: 'No group is assigned to a department yet. Assign groups in the Tasks panel, then publish.'
		);
	}
	// The board shows each published group's task status. It is stored first, so that a board
	// that cannot be stored gets no tasks; tasks that cannot be stored take the statuses off again.
	const existing = new Map((await listTasks(db, { boardId })).map((t) => [t.groupId, t.status]));
	const previous = await setGroupStatuses(boardId, new Map(drafts.map((d) => [d.groupId, existing.get(d.groupId) ?? 'open'])));
	let tasks: Task[];
	try {
		tasks = await publishTasks(db, boardId, workspaceId, drafts);
	} catch (err) {
		await setGroupStatuses(boardId, previous).catch((e) => console.error(`Could not take the task statuses of board ${boardId} off again:`, e));
		throw err;
	}
	const boardUrl = `${origin}/b/${boardId}`;
	const payload = publishedPayload(
		{ id: boardId, title: tasks[0]?.boardTitle || board.title, url: boardUrl },
		tasks.map((t) => ({ ...t, url: t.departmentId ? `${origin}/departments/${t.departmentId}/tasks/${t.id}` : boardUrl }))
	);
	// The answer does not wait for the receiver; every attempt is recorded for the facilitator.
	void sendWebhook(db, boardId, 'tasks.published', payload, { policy: services().config.outbound }).catch((e) => console.error('webhook delivery failed:', e));
	return { tasks, skipped };
}

/** What a department's dashboard shows of its tasks' groups as they are on their boards now. */
export interface ChangesSincePublishing {
	/** Task id -> how its group's comments changed since publishing, for every task whose board was read. */
	changes: Record<string, TaskChange>;
	/** Boards of these tasks that were not read: the address's time for reading boards ran out (`retryAfter`), or a read failed. */
	unread: number;
	/** Seconds until this address may have the boards read again, when its time ran out; else 0. */
	retryAfter: number;
}

/**
 * How each task's group changed on its board since the task was published (the comments the
 * group would publish now against the task's evidence, and its name against the task's title), as
 * the board's Publish tab shows it, for the department's dashboard and a task's page. Reads each board of `tasks` once, one after another, drawing on the
 * heavy reads' time budget of `budgetKey` (the client's address): once it runs out the remaining
 * boards are left unread and `retryAfter` says when to ask again. Never throws: a board that cannot
 * be read counts as unread.
 */
export async function changesSincePublishing(tasks: readonly Pick<Task, 'id' | 'boardId' | 'groupId' | 'title'>[], budgetKey: string): Promise<ChangesSincePublishing> {
	const out: ChangesSincePublishing = { changes: {}, unread: 0, retryAfter: 0 };
	const byBoard = new Map<string, Pick<Task, 'id' | 'boardId' | 'groupId' | 'title'>[]>();
	for (const t of tasks) byBoard.set(t.boardId, [...(byBoard.get(t.boardId) ?? []), t]);
	let noteIds: Map<string, string[]>;
	try {
		noteIds = await evidenceNoteIds(services().db, tasks.map((t) => t.id));
	} catch (err) {
		console.error('Could not read the evidence of a department’s tasks:', err);
		return { ...out, unread: byBoard.size };
	}
	for (const [boardId, own] of byBoard) {
		const wait = heavyReads.wait(budgetKey);
		if (wait > 0) {
			out.retryAfter = wait;
			out.unread++;
			continue;
		}
		const started = performance.now();
		try {
			const board = await loadBoardData(boardId);
			const insights = publicInsights(board);
			const labels = new Map(board.groups.map((g) => [g.id, g.label]));
			const changes = taskChanges(
				own.map((t) => ({ ...t, noteIds: noteIds.get(t.id) ?? [] })),
				(groupId) => insights.notesOf(groupId),
				(groupId) => (labels.has(groupId) ? groupTitle(labels.get(groupId)!) : undefined)
			);
			for (const [id, change] of changes) out.changes[id] = change;
		} catch (err) {
			console.error(`Could not compare the tasks of board ${boardId} with the board:`, err);
			out.unread++;
		} finally {
			heavyReads.spend(budgetKey, performance.now() - started);
		}
	}
	return out;
}

/**
 * Sets the task status each group shows on the board (group id -> status, or null for none), in
 * one server change stored before anyone sees it. Resolves with the statuses the groups had
 * before; rejects (a StorageFailure) when the change could not be stored.
 */
export async function setGroupStatuses(boardId: string, statuses: Map<string, TaskStatus | null>): Promise<Map<string, TaskStatus | null>> {
	const previous = new Map<string, TaskStatus | null>();
	await services().rooms.change(
		boardId,
		(doc: Y.Doc) => {
			for (const [groupId, status] of statuses) {
				const group = groupMapOf(doc, groupId);
				if (!group) continue;
				previous.set(groupId, (group.get('status') as TaskStatus | null | undefined) ?? null);
				updateGroup(doc, groupId, { status }, { kind: 'server' });
			}
		},
		{ kind: 'server' }
	);
	return previous;
}

export interface FollowThrough {
	/** Open tasks of this board's departments from other workshops. */
	earlier: EarlierTaskRow[];
	/** Groups on this board that repeat one of those tasks. */
	recurring: RecurringTheme[];
}

/**
 * Earlier open tasks of the board's workspace and the groups that repeat them. Other workspaces
 * are never read. The evidence of other boards' tasks (customer comments) is only for workspace
 * members (`withEvidence`); a board link gets the tasks and the matches without it, and no
 * owner names or e-mails.
 */
export async function followThrough(boardId: string, workspaceId: string, board: BoardData, withEvidence: boolean): Promise<FollowThrough> {
	const { db } = services();
	const own = await listTasks(db, { boardId });
	const departments = [...new Set([...board.groups.map((g) => g.department), ...own.map((t) => t.departmentId)].filter((d): d is string => !!d))];
	const candidates = departments.length ? departments : (await db.query<{ id: string }>('select id from departments where workspace_id = $1', [workspaceId])).map((r) => r.id);
	const earlier = await openTasksElsewhere(db, workspaceId, candidates, boardId);
	const insights = publicInsights(board);
	const groups = board.groups.map((g) => ({ groupId: g.id, texts: insights.notesOf(g.id).map((n) => n.text) }));
	const recurring = findRecurringThemes(groups, earlier);
	return {
		earlier: earlier.map((t) =>
			withEvidence ? { ...t, evidence: t.evidence.slice(0, 3) } : { ...t, description: '', ownerName: '', ownerEmail: '', evidence: [] }
		),
		recurring
	};
}
