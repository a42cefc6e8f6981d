import { readImportSummaries, type ImportSummary } from './summary';

/**
 * The one place a client reads a board's import summaries from. Today they travel in the board
 * document's `imports` map (written by the server's import path); when the board channel's
 * `state.imports` arrives, this is the line that changes. Everything else (insights, colours,
 * filters, tasks, exports in the browser) takes `ImportSummary[]` as an argument.
 */
export function boardImports(board: { imports?: Record<string, unknown> } | null | undefined): ImportSummary[] {
	return readImportSummaries(board?.imports ?? {});
}
