import { parseText, type Mapping, type ParsedTable } from '../../src/lib/import/index';
import { toCsv } from '../../src/lib/export/csv';

/**
 * The same file with the rating `column` mirrored on `mapping`'s numeric scale (v → min + max − v,
 * so lowest becomes best); the comments stay where they were, and answers off the scale or not
 * whole numbers are kept as written. Throws when the column has no numeric scale.
 */
export function mirrored(table: ParsedTable, column: string, mapping: Mapping): ParsedTable {
	const scale = mapping.columns.find((c) => c.column === column)?.scale;
	const i = table.columns.find((c) => c.name === column)!.index;
	if (!scale || scale.kind !== 'numeric') throw new Error(`${column} has no numeric scale`);
	const rows = table.rows.map((r) => {
		const copy = r.slice();
		const n = Number(copy[i]);
		if (copy[i]?.trim() && Number.isInteger(n) && n >= scale.min && n <= scale.max) copy[i] = String(scale.min + scale.max - n);
		return copy;
	});
	return parseText(toCsv(table.columns.map((c) => c.name), rows, { bom: false }), table.fileName, { format: 'csv' });
}
