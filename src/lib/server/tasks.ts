import { isDueDate, newId } from '$lib/board';
import { TASK_STATUSES, type Evidence, type Task, type TaskDraft, type TaskStatus } from '$lib/tasks/types';
import { InputError, iso, jsonParam, type Sql, type SqlWithTransactions } from './sql';

const TASK_COLUMNS = `
	t.id, t.board_id, coalesce(b.title, '') as board_title, t.group_id, t.title, t.description,
	t.department_id, coalesce(d.name, '') as department_name, t.owner_name, t.owner_email, t.priority,
	to_char(t.due, 'YYYY-MM-DD') as due, t.status, t.note_count, t.dissatisfied_count, t.published_at, t.updated_at`;
const TASK_FROM = 'from tasks t left join boards b on b.id = t.board_id left join departments d on d.id = t.department_id';

interface TaskRow {
	id: string;
	board_id: string;
	board_title: string;
	group_id: string;
	title: string;
	description: string;
	department_id: string | null;
	department_name: string;
	owner_name: string;
	owner_email: string;
	priority: Task['priority'];
	due: string | null;
	status: TaskStatus;
	note_count: number;
	dissatisfied_count: number;
	published_at: unknown;
	updated_at: unknown;
}

const toTask = (r: TaskRow): Task => ({
	id: r.id,
	boardId: r.board_id,
	boardTitle: r.board_title,
	groupId: r.group_id,
	title: r.title,
	description: r.description,
	departmentId: r.department_id,
	departmentName: r.department_name,
	ownerName: r.owner_name,
	ownerEmail: r.owner_email,
	priority: r.priority,
	due: r.due,
	status: r.status,
	noteCount: Number(r.note_count),
	dissatisfiedCount: Number(r.dissatisfied_count),
	publishedAt: iso(r.published_at),
	updatedAt: iso(r.updated_at)
});

/**
 * Writes a board's task drafts. A group published before keeps its task (same id, same status);
 * everything else is refreshed and its evidence replaced. Drafts for unknown departments are
 * refused before anything is written.
 */
export async function publishTasks(db: SqlWithTransactions, boardId: string, workspaceId: string, drafts: TaskDraft[]): Promise<Task[]> {
	if (drafts.length === 0) return [];
	// Only the board's own workspace's departments: a group assigned to another workspace's
	// department id must never put a task on that workspace's dashboard.
	const known = new Set(
		(await db.query<{ id: string }>('select id from departments where id = any($1) and workspace_id = $2', [drafts.map((d) => d.departmentId), workspaceId])).map((r) => r.id)
	);
	const missing = drafts.filter((d) => !known.has(d.departmentId));
	if (missing.length) {
		throw new InputError(`${missing.map((d) => `"${d.title}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} assigned to a department that no longer exists. Assign ${missing.length === 1 ? 'it' : 'them'} again, then publish.`);
	}
	const ids = await db.transaction(async (tx) => {
		const out: string[] = [];
		for (const d of drafts) {
			const [row] = await tx.query<{ id: string }>(
				`insert into tasks (id, board_id, group_id, department_id, title, description, owner_name, owner_email, priority, due, note_count, dissatisfied_count, workspace_id)
				 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
				 on conflict (board_id, group_id) do update set
					department_id = excluded.department_id, title = excluded.title, description = excluded.description,
					owner_name = excluded.owner_name, owner_email = excluded.owner_email, priority = excluded.priority,
					due = excluded.due, note_count = excluded.note_count, dissatisfied_count = excluded.dissatisfied_count,
					updated_at = now()
				 returning id`,
				[newId('task'), boardId, d.groupId, d.departmentId, d.title, d.description, d.ownerName, d.ownerEmail, d.priority, isDueDate(d.due) ? d.due : null, d.noteCount, d.dissatisfiedCount, workspaceId]
			);
			out.push(row.id);
			await tx.query('delete from task_evidence where task_id = $1', [row.id]);
			await tx.query(
				`insert into task_evidence (task_id, note_id, position, text, fields, dissatisfied)
				 select $1, e.note_id, e.position, e.text, e.fields, e.dissatisfied
				 from jsonb_to_recordset($2::jsonb) as e(note_id text, position int, text text, fields jsonb, dissatisfied boolean)`,
				[row.id, jsonParam(d.evidence.map((e, position) => ({ note_id: e.noteId, position, text: e.text, fields: e.fields, dissatisfied: e.dissatisfied })))]
			);
		}
		return out;
	});
	return (await db.query<TaskRow>(`select ${TASK_COLUMNS} ${TASK_FROM} where t.id = any($1) order by t.published_at, t.title`, [ids])).map(toTask);
}

export interface TaskFilter {
	workspaceId?: string;
	departmentId?: string;
	boardId?: string;
	status?: TaskStatus[];
}

export async function listTasks(db: Sql, filter: TaskFilter = {}): Promise<Task[]> {
	const where: string[] = [];
	const params: unknown[] = [];
	if (filter.workspaceId) where.push(`t.workspace_id = $${params.push(filter.workspaceId)}`);
	if (filter.departmentId) where.push(`t.department_id = $${params.push(filter.departmentId)}`);
	if (filter.boardId) where.push(`t.board_id = $${params.push(filter.boardId)}`);
	if (filter.status?.length) where.push(`t.status = any($${params.push(filter.status)})`);
	const rows = await db.query<TaskRow>(
		`select ${TASK_COLUMNS} ${TASK_FROM} ${where.length ? `where ${where.join(' and ')}` : ''} order by t.published_at desc, t.title`,
		params
	);
	return rows.map(toTask);
}

export async function getTask(db: Sql, id: string): Promise<Task | null> {
	const [row] = await db.query<TaskRow>(`select ${TASK_COLUMNS} ${TASK_FROM} where t.id = $1`, [id]);
	return row ? toTask(row) : null;
}

export async function taskEvidence(db: Sql, taskId: string): Promise<Evidence[]> {
	const rows = await db.query<{ note_id: string; text: string; fields: Evidence['fields'] | string; dissatisfied: boolean }>(
		'select note_id, text, fields, dissatisfied from task_evidence where task_id = $1 order by position',
		[taskId]
	);
	return rows.map((r) => ({ noteId: r.note_id, text: r.text, fields: typeof r.fields === 'string' ? JSON.parse(r.fields) : r.fields, dissatisfied: r.dissatisfied }));
}

/** The note ids each task links to as evidence, in evidence order (task id -> ids; a task without evidence has none). */
export async function evidenceNoteIds(db: Sql, taskIds: string[]): Promise<Map<string, string[]>> {
	const out = new Map<string, string[]>(taskIds.map((id) => [id, []]));
	if (taskIds.length === 0) return out;
	const rows = await db.query<{ task_id: string; note_ids: string[] }>(
		'select task_id, array_agg(note_id order by position) as note_ids from task_evidence where task_id = any($1) group by task_id',
		[taskIds]
	);
	for (const r of rows) out.set(r.task_id, r.note_ids);
	return out;
}

/** A status filter such as `open,in_progress`: every value must be a status (400 otherwise). */
export function parseStatusFilter(value: string | null): TaskStatus[] | undefined {
	if (value === null || value === '') return undefined;
	if (value.length > 200) throw new InputError(`Status must be one of ${TASK_STATUSES.join(', ')}.`, 'status');
	return value.split(',').map((s) => parseStatus(s.trim()));
}

export function parseStatus(value: unknown): TaskStatus {
	if (typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value)) return value as TaskStatus;
	throw new InputError(`Status must be one of ${TASK_STATUSES.join(', ')}.`, 'status');
}

export async function setTaskStatus(db: Sql, id: string, status: TaskStatus): Promise<Task | null> {
	await db.query('update tasks set status = $2, status_changed_at = now(), updated_at = now() where id = $1 and status <> $2', [id, status]);
	return getTask(db, id);
}

/**
 * Changes a task's status with `change` (which stores the same status on the board), and puts the
 * task's status and its timestamps back as they were when `change` throws: the task and its
 * group never disagree. Resolves with the task; rethrows what `change` threw.
 */
export async function changeTaskStatus(db: Sql, id: string, status: TaskStatus, change: (task: Task) => Promise<void>): Promise<Task | null> {
	const [before] = await db.query<{ status: TaskStatus; status_changed_at: Date | null; updated_at: Date }>('select status, status_changed_at, updated_at from tasks where id = $1', [id]);
	const updated = await setTaskStatus(db, id, status);
	if (!updated) return null;
	try {
		await change(updated);
	} catch (err) {
		if (before && before.status !== status) {
			await db
				.query('update tasks set status = $2, status_changed_at = $3, updated_at = $4 where id = $1 and status = $5', [id, before.status, before.status_changed_at, before.updated_at, status])
				.catch((e) => console.error(`Could not put the status of task ${id} back:`, e));
		}
		throw err;
	}
	return updated;
}

export interface WorkshopScore {
	boardId: string;
	boardTitle: string;
	publishedAt: string;
	tasks: number;
	open: number;
	inProgress: number;
	done: number;
	wontDo: number;
	comments: number;
	dissatisfied: number;
	/** Dissatisfied comments behind tasks that are done. */
	dissatisfiedAddressed: number;
}

/** The department's "map of success": per workshop, oldest first. */
export async function departmentScorecard(db: Sql, departmentId: string): Promise<WorkshopScore[]> {
	const rows = await db.query<Record<string, unknown>>(
		`select t.board_id, coalesce(b.title, '') as board_title, min(t.published_at) as published_at,
			count(*)::int as tasks,
			count(*) filter (where t.status = 'open')::int as open,
			count(*) filter (where t.status = 'in_progress')::int as in_progress,
			count(*) filter (where t.status = 'done')::int as done,
			count(*) filter (where t.status = 'wont_do')::int as wont_do,
			coalesce(sum(t.note_count), 0)::int as comments,
			coalesce(sum(t.dissatisfied_count), 0)::int as dissatisfied,
			coalesce(sum(t.dissatisfied_count) filter (where t.status = 'done'), 0)::int as dissatisfied_addressed
		 ${TASK_FROM} where t.department_id = $1
		 group by t.board_id, b.title order by min(t.published_at)`,
		[departmentId]
	);
	return rows.map((r) => ({
		boardId: String(r.board_id),
		boardTitle: String(r.board_title),
		publishedAt: iso(r.published_at),
		tasks: Number(r.tasks),
		open: Number(r.open),
		inProgress: Number(r.in_progress),
		done: Number(r.done),
		wontDo: Number(r.wont_do),
		comments: Number(r.comments),
		dissatisfied: Number(r.dissatisfied),
		dissatisfiedAddressed: Number(r.dissatisfied_addressed)
	}));
}

export interface EarlierTaskRow extends Task {
	evidence: string[];
}

/**
 * Open or in-progress tasks of these departments from the workspace's other boards, with (up to
 * 100 of) their evidence texts. Never reads another workspace.
 */
export async function openTasksElsewhere(db: Sql, workspaceId: string, departmentIds: string[], boardId: string): Promise<EarlierTaskRow[]> {
	if (departmentIds.length === 0) return [];
	const rows = await db.query<TaskRow & { evidence: string[] | null }>(
		`select ${TASK_COLUMNS}, (select array_agg(x.text order by x.position) from (select e.text, e.position from task_evidence e where e.task_id = t.id order by e.position limit 100) x) as evidence
		 ${TASK_FROM} where t.workspace_id = $3 and t.department_id = any($1) and t.board_id <> $2 and t.status in ('open', 'in_progress')
		 order by t.published_at limit 500`,
		[departmentIds, boardId, workspaceId]
	);
	return rows.map((r) => ({ ...toTask(r), evidence: r.evidence ?? [] }));
}
