/** Why a file could not be imported at all. Row-level trouble is a `Problem`, not an error. */
export type ImportErrorCode =
	| 'empty'
	| 'binary'
	| 'headers-only'
	| 'too-large'
	| 'too-many-rows'
	| 'too-many-columns'
	| 'cell-too-long'
	| 'too-large-unpacked'
	| 'too-slow'
	| 'unsupported'
	| 'bad-sheet'
	| 'no-comment-column'
	| 'bad-mapping'
	| 'board-full';

/** An error whose message is written for the person importing: what happened and what to do. */
export class ImportError extends Error {
	readonly code: ImportErrorCode;
	constructor(code: ImportErrorCode, message: string) {
		super(message);
		this.name = 'ImportError';
		this.code = code;
	}
}

export function isImportError(error: unknown): error is ImportError {
	return error instanceof ImportError || (error instanceof Error && error.name === 'ImportError' && 'code' in error);
}

export type { Problem, ProblemKind } from '../context/problems';

/** Size and row limits of one import, shared by the dialog, the worker and the HTTP API. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 25_000;
/** Columns of one file: survey exports with a column per question stay far below this. */
export const MAX_IMPORT_COLUMNS = 1_000;
/** Characters in one cell: Excel's own limit (32,767; Microsoft, "Excel specifications and limits"). */
export const MAX_CELL_CHARS = 32_767;
/** What an .xlsx may unpack to, in bytes, all parts together (a zip bomb unpacks to far more). */
export const MAX_XLSX_UNPACKED_BYTES = 256 * 1024 * 1024;
/** How long the server may spend reading one file, in milliseconds, before it gives up. */
export const IMPORT_PARSE_TIMEOUT_MS = 30_000;

export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} bytes`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
