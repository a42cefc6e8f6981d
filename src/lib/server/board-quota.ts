import { error, type RequestEvent } from '@sveltejs/kit';
import { services } from './services';

const quotaKey = (event: Pick<RequestEvent, 'getClientAddress'>, workspaceId: string | null) => (workspaceId ? `ws:${workspaceId}` : `ip:${event.getClientAddress()}`);

/**
 * Takes one board from the caller's hourly allowance (BOARDS_PER_HOUR): the workspace's when it
 * has one, otherwise (OPEN_BOARDS) its address's. Past it: 429 with Retry-After and a message.
 */
export function takeBoardQuota(event: Pick<RequestEvent, 'getClientAddress' | 'setHeaders'>, workspaceId: string | null): void {
	const { limits, config } = services();
	const key = quotaKey(event, workspaceId);
	const taken = limits.boards.take([key]);
	if (taken.ok) return;
	event.setHeaders({ 'retry-after': String(taken.retryAfter) });
	error(429, {
		message: `This ${workspaceId ? 'workspace' : 'address'} has created ${config.boardsPerHour} boards in the last hour, the limit.`,
		hint: `Try again in ${Math.ceil(taken.retryAfter / 60)} min, or reuse a board you made.`
	});
}

/**
 * Gives back the board `takeBoardQuota` took, when the request made no board after all (a backup
 * that was refused, or not read because the server was busy): a wrong file chosen three times must
 * not cost three of the hour's boards.
 */
export function returnBoardQuota(event: Pick<RequestEvent, 'getClientAddress'>, workspaceId: string | null): void {
	services().limits.boards.charge(quotaKey(event, workspaceId), -1);
}
