/**
 * Dates as survey tools and spreadsheets write them: ISO (with Z or an offset), "2015-02-24
 * 11:35:52 -0800", US "8/21/2019 13:10:31" or "11/01/2026 9:00:11 AM", UK/European "24/02/2015",
 * Excel's locale-mangled "24-02-2015 11.35". Day and month order is decided per column, because
 * "03/04/2021" alone cannot tell.
 */
export type DayOrder = 'mdy' | 'dmy';

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const NUMERIC = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(AM|PM)?)?$/i;

export interface ParsedDate {
	/** YYYY-MM-DD, the calendar date as written (no time-zone shift). */
	date: string;
}

/** Looks at a column's values and decides whether slashed dates are month-first or day-first. */
export function detectDayOrder(values: Iterable<string>): DayOrder {
	let mdy = 0;
	let dmy = 0;
	let seen = 0;
	for (const value of values) {
		const m = NUMERIC.exec(value.trim());
		if (!m) continue;
		const a = Number(m[1]);
		const b = Number(m[2]);
		if (a > 12 && b <= 12) dmy++;
		else if (b > 12 && a <= 12) mdy++;
		if (++seen > 5000) break;
	}
	return dmy > mdy ? 'dmy' : 'mdy';
}

export function parseDate(value: string, order: DayOrder = 'mdy'): ParsedDate | null {
	const v = value.trim();
	if (!v) return null;
	let m = ISO.exec(v);
	if (m) return make(Number(m[1]), Number(m[2]), Number(m[3]));
	m = NUMERIC.exec(v);
	if (m) {
		let year = Number(m[3]);
		if (m[3].length === 2) year += year < 70 ? 2000 : 1900;
		const a = Number(m[1]);
		const b = Number(m[2]);
		return order === 'dmy' ? make(year, b, a) : make(year, a, b);
	}
	return null;
}

export function looksLikeDate(value: string): boolean {
	const v = value.trim();
	return ISO.test(v) || NUMERIC.test(v);
}

function make(year: number, month: number, day: number): ParsedDate | null {
	if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200) return null;
	const d = new Date(Date.UTC(year, month - 1, day));
	if (d.getUTCMonth() !== month - 1) return null;
	return { date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

/** Whole years between a birth date and a reference date (both YYYY-MM-DD). */
export function yearsBetween(birth: string, at: string): number {
	const [by, bm, bd] = birth.split('-').map(Number);
	const [ay, am, ad] = at.split('-').map(Number);
	let years = ay - by;
	if (am < bm || (am === bm && ad < bd)) years--;
	return years;
}
