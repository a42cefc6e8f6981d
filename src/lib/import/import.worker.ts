/// <reference lib="webworker" />
import { buildNotes } from './build';
import { isImportError, MAX_IMPORT_BYTES, formatBytes } from './errors';
import { adviseMapping, guessMapping, reconcileMapping, setRole } from './mapping';
import { PROBLEM_LABELS } from '../context/problems';
import { toCsv } from '../export/csv';
import { parseFile, parseText } from './parse';
import { skippedRowsCsv } from './skipped';
import { columnExamples, type ParsedTable } from './table';
import type { TableInfo, WorkerRequest, WorkerResponse } from './worker-protocol';

let table: ParsedTable | null = null;

const send = (message: WorkerResponse) => (self as unknown as Worker).postMessage(message);

/** Reads a file in chunks so the dialog can show how far along it is. */
async function readWithProgress(id: number, file: Blob): Promise<Uint8Array> {
	const out = new Uint8Array(file.size);
	const reader = file.stream().getReader();
	let offset = 0;
	let lastReport = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		out.set(value, offset);
		offset += value.byteLength;
		if (offset - lastReport > 512 * 1024) {
			lastReport = offset;
			send({ id, type: 'progress', phase: 'reading', fraction: offset / Math.max(1, file.size) });
		}
	}
	return out;
}

function info(t: ParsedTable): TableInfo {
	return {
		fileName: t.fileName,
		format: t.format,
		encoding: t.encoding,
		delimiter: t.delimiter,
		sheet: t.sheet,
		sheets: t.sheets,
		columns: t.columns,
		headerRowCount: t.headerRowCount,
		rowCount: t.rows.length,
		examples: columnExamples(t)
	};
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
	const msg = event.data;
	try {
		switch (msg.type) {
			case 'parse': {
				if (msg.file.size > MAX_IMPORT_BYTES) {
					throw new Error(`“${msg.fileName}” is ${formatBytes(msg.file.size)}; the import limit is ${formatBytes(MAX_IMPORT_BYTES)}. Remove columns you do not need or split the rows into several files.`);
				}
				const bytes = await readWithProgress(msg.id, msg.file);
				send({ id: msg.id, type: 'progress', phase: 'parsing', fraction: 1 });
				table = await parseFile(bytes, msg.fileName, { sheet: msg.sheet });
				send({ id: msg.id, type: 'progress', phase: 'mapping', fraction: 1 });
				send({ id: msg.id, type: 'parsed', table: info(table), mapping: guessMapping(table) });
				break;
			}
			case 'parse-text': {
				table = parseText(msg.text);
				send({ id: msg.id, type: 'parsed', table: info(table), mapping: guessMapping(table) });
				break;
			}
			case 'reconcile':
				if (!table) throw new Error('No file is open.');
				send({ id: msg.id, type: 'mapping', mapping: reconcileMapping(table, msg.saved) });
				break;
			case 'set-role':
				if (!table) throw new Error('No file is open.');
				send({ id: msg.id, type: 'mapping', mapping: setRole(table, msg.mapping, msg.column, msg.role) });
				break;
			case 'summarize': {
				if (!table) throw new Error('No file is open.');
				const result = buildNotes(table, msg.mapping, {
					importId: 'imp_preview',
					createdBy: 'preview',
					maskContacts: msg.maskContacts,
					layout: msg.layout
				});
				send({
					id: msg.id,
					type: 'summary',
					summary: {
						notes: result.notes.length,
						skipped: result.skipped.length,
						setAside: result.setAside.length,
						shortened: result.shortened,
						problemCount: result.problems.length,
						problems: result.problems,
						problemKinds: result.summary.problems,
						advice: adviseMapping(table, msg.mapping),
						problemsCsv: result.problems.length
							? toCsv(['Line', 'Kind', 'Column', 'Problem'], result.problems.map((p) => [p.line, PROBLEM_LABELS[p.kind], p.column ?? '', p.message]))
							: null,
						preview: result.notes.slice(0, 6).map((n) => ({ row: n.source!.row, text: n.text, fields: n.fields })),
						fields: Object.fromEntries(Object.entries(result.summary.fields).map(([k, f]) => [k, { column: f.column, label: f.label, ...(f.scale ? { scale: f.scale } : {}) }])),
						privateColumns: result.privateFields.columns,
						skippedCsv: result.skipped.length > 0 ? skippedRowsCsv(table, result.skipped) : null
					}
				});
				break;
			}
		}
	} catch (error) {
		send({
			id: msg.id,
			type: 'error',
			message: isImportError(error) || error instanceof Error ? (error as Error).message : 'This file could not be read.'
		});
	}
};
