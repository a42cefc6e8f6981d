/** One import as the server lists it (GET /api/boards/:id/imports). */
export interface ImportSummary {
	id: string;
	fileName: string;
	createdBy: string;
	createdAt: string;
	rows: number;
	notes: number;
	skipped: number;
	privateColumns: string[];
	undoneAt: string | null;
}
