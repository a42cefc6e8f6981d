import { isOwnerEmail } from '$lib/board/group';

export { isOwnerEmail };

/** What is wrong with an owner's e-mail, in a sentence, or null when it is empty or valid. */
export function ownerEmailProblem(email: string): string | null {
	const e = email.trim();
	if (!e || isOwnerEmail(e)) return null;
	return `“${e}” is not a complete e-mail address: write it as name@company.com.`;
}

/**
 * The owner's e-mail where a program or a link uses it (tracker CSVs, `mailto:`): the address
 * trimmed when it is valid, else '' (values stored before addresses were checked are left out
 * rather than breaking an import).
 */
export function usableOwnerEmail(email: string | null | undefined): string {
	const e = (email ?? '').trim();
	return isOwnerEmail(e) ? e : '';
}

/** Whether a due date (`yyyy-MM-dd`) lies before `today` (`yyyy-MM-dd`, the person's own date). */
export function dueIsPast(due: string | null | undefined, today: string): boolean {
	return !!due && /^\d{4}-\d{2}-\d{2}$/.test(due) && due < today;
}

/** Today's date where the person is, as `yyyy-MM-dd`. */
export function localToday(now = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
