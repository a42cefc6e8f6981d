import type { Layout } from './layout';
import type { Mapping, MappingAdvice } from './mapping';
import type { ProblemGroup } from '../context/problems';
import type { Problem } from './errors';
import type { Role } from '../context/roles';
import type { FieldValue } from '../board/index';
import type { ParsedTable } from './table';
import type { Scale } from '../context/scale';

/** Messages between the import dialog and the import worker (parsing happens off the main thread). */
export type WorkerRequest =
	| { id: number; type: 'parse'; file: Blob; fileName: string; sheet?: string }
	| { id: number; type: 'parse-text'; text: string }
	| { id: number; type: 'reconcile'; saved: Mapping }
	| { id: number; type: 'set-role'; mapping: Mapping; column: string; role: Role }
	| { id: number; type: 'summarize'; mapping: Mapping; maskContacts: boolean; layout: Layout };

/** What the dialog is told of a parsed table: its description (`ParsedTable`) without the rows, which stay in the worker. */
export interface TableInfo extends Pick<ParsedTable, 'fileName' | 'format' | 'encoding' | 'delimiter' | 'sheet' | 'sheets' | 'columns' | 'headerRowCount'> {
	rowCount: number;
	/** An example value of each column, in `columns` order (`columnExamples`), for the mapping table. */
	examples: string[];
}

export interface Summary {
	notes: number;
	skipped: number;
	/** Non-answers that would be set aside in their own group. */
	setAside: number;
	/** Comments longer than a note holds, that would be imported cut to fit. */
	shortened: number;
	problemCount: number;
	/** Every problem row (an import has at most 25,000 rows). */
	problems: Problem[];
	/** Problems by kind, with counts. */
	problemKinds: ProblemGroup[];
	/** Nearly empty columns, the scale's direction and evidence, mixed date orders, non-answers. */
	advice: MappingAdvice;
	/** Every problem as a CSV (line, kind, column, problem), ready to download. */
	problemsCsv: string | null;
	preview: { row: number; text: string; fields: Record<string, FieldValue> }[];
	/** Field key → its column, what the notes will call it and, for a scale, the scale it is read on (as the import's summary says). */
	fields: Record<string, { column: string; label: string; scale?: Scale }>;
	privateColumns: string[];
	skippedCsv: string | null;
}

export type WorkerResponse =
	| { id: number; type: 'progress'; phase: 'reading' | 'parsing' | 'mapping'; fraction: number }
	| { id: number; type: 'parsed'; table: TableInfo; mapping: Mapping }
	| { id: number; type: 'mapping'; mapping: Mapping }
	| { id: number; type: 'summary'; summary: Summary }
	| { id: number; type: 'error'; message: string };
