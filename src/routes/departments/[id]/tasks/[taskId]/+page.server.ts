import { taskPageData } from '$lib/server/department-pages';

/** The task's page; `changes` is streamed after it, and its refresh reads its address as JSON (`+server.ts`). */
export const load = (event) => taskPageData(event);
