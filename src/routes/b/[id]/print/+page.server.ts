import { error } from '@sveltejs/kit';
import { IMAGE_SCOPES, PAPERS, type ImageScope, type Paper } from '$lib/export/svg';

/**
 * The print view of a board image: how many pages it has, so the page can show each one as an
 * image. Access is checked by the export endpoint it asks (board link cookie or token).
 */
export async function load({ params, url, fetch }) {
	const scope = (url.searchParams.get('scope') ?? 'board') as ImageScope;
	const paper = (url.searchParams.get('paper') ?? 'a4') as Paper;
	if (!IMAGE_SCOPES.includes(scope) || !PAPERS.includes(paper) || paper === 'screen') {
		error(400, { message: 'Choose what to print (board or groups) and the paper (A4 or Letter).', hint: 'Use the Export menu of the board.' });
	}
	const src = `/api/boards/${params.id}/export?format=svg&scope=${scope}&paper=${paper}`;
	const res = await fetch(`${src}&page=1`);
	if (!res.ok) {
		const body = (await res.json().catch(() => null)) as { message?: string; hint?: string } | null;
		error(res.status, { message: body?.message ?? 'This board cannot be printed.', hint: body?.hint ?? 'Open the board from its link first.' });
	}
	await res.body?.cancel();
	return { boardId: params.id, scope, paper, src, pages: Number(res.headers.get('x-page-count') ?? 1) };
}
