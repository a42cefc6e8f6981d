import { readImportSummaries, type ImportSummary } from './summary';

/**
 * The import summaries a `BoardData` carries (the server fills them from `listImports`; the board
 * page loads them with the page and, when the board channel sends `state.imports`, from there).
 * Everything else (insights, colours, filters, tasks, exports) takes `ImportSummary[]` as an
 * argument.
 */
export function boardImports(board: { imports?: Record<string, unknown> } | null | undefined): ImportSummary[] {
	return readImportSummaries(board?.imports ?? {});
}
