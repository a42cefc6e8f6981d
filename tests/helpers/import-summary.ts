import type { ImportSummary } from '../../src/lib/context/summary';

/** The record of one import with these fields, as the importer stores it: nothing skipped, set aside or private. */
export function importSummary(fields: ImportSummary['fields'], more: Partial<ImportSummary> = {}): ImportSummary {
	return {
		id: 'imp_a',
		fileName: 'survey.csv',
		createdBy: 'u',
		createdAt: '2026-01-01T00:00:00.000Z',
		rows: 0,
		notes: 0,
		skipped: 0,
		setAside: 0,
		privateColumns: [],
		undoneAt: null,
		questions: [],
		problems: [],
		nonAnswers: 'skip',
		fields,
		...more
	};
}
