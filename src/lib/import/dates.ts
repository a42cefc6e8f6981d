import { isValid, parse as parseWithFormat } from 'date-fns';

/**
 * Dates as survey tools and spreadsheets write them, read as the calendar date written (no
 * time-zone shift: a comment sent at 23:30 -07:00 on the 31st was sent on the 31st):
 *
 * - ISO 8601 and year-first, with or without time, Z, an offset or a zone name: Qualtrics and
 *   Typeform "2021-03-04 10:11:12", Medallia "2021-03-04T10:11:12.000-05:00", Twitter
 *   "2015-02-24 11:35:52 -0800", Google Forms "2022/05/31 2:22:50 PM GMT+2", exports that name
 *   the respondent's zone "2022-05-31 14:22:50 Europe/London" or "(UTC)";
 * - numeric day and month in either order: SurveyMonkey "03/04/2021 10:11:12 AM", Google Forms
 *   "3/4/2021 10:11:12", Microsoft Forms "3/4/21 10:11:12", European "24.02.2015", Excel's
 *   "24-02-2015 11.35";
 * - month names: "Mar 4, 2021 10:11 AM", "4 March 2021", "04-Mar-2021", "Tue Feb 24 11:35:52
 *   +0000 2015" — read with date-fns' `parse` and its format patterns (English month names).
 *
 * The numeric shapes, which are nearly every cell of a real export, are matched by one regular
 * expression each, because date-fns' `parse` costs about 75 µs a value (a 25,000-row import
 * would spend seconds per date column); the month-name formats, rare and varied, go to date-fns.
 *
 * Day and month order is decided per column ("03/04/2021" alone cannot tell); a value that can
 * only be read the other way (13/05/2022 in a month-first column) is read that way.
 */
export type DayOrder = 'mdy' | 'dmy';

// A zone as exports write it after a time: Z, UTC, GMT, EST, an offset (+02:00, -0800, GMT+2),
// an IANA name (Europe/London, America/Argentina/Buenos_Aires), any of them in parentheses.
const ZONE_NAME = String.raw`(?:Z|UTC|GMT|[A-Z]{3,4}|[A-Z][A-Za-z_]+(?:/[A-Za-z_+-]+){1,2})`;
const ZONE_OFFSET = String.raw`[+-]\d{1,2}(?::?\d{2})?`;
const ZONE = String.raw`(?:\s*\(?\s*${ZONE_NAME}?\s*(?:${ZONE_OFFSET})?\s*\)?)?`;
const TIME = String.raw`(?:[T ,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?)?`;
const ISO = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}${ZONE}$`);
const NUMERIC = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})${TIME}${ZONE}$`);

/** Month-name formats date-fns tries, in this order, on what the regular expressions leave. */
const NAMED_FORMATS = [
	'MMM d, yyyy h:mm a',
	'MMM d, yyyy h:mm:ss a',
	'MMM d, yyyy',
	'MMMM d, yyyy',
	'MMMM d, yyyy h:mm a',
	'EEEE, MMMM d, yyyy',
	'EEE, d MMM yyyy HH:mm:ss xx',
	'EEE MMM dd HH:mm:ss xx yyyy',
	'd MMM yyyy',
	'd MMMM yyyy',
	'd MMM yyyy HH:mm',
	'd MMM yyyy HH:mm:ss',
	"d MMM yyyy HH:mm:ss 'GMT'",
	"d MMM yyyy HH:mm:ss 'UTC'",
	'dd-MMM-yyyy',
	'dd-MMM-yy',
	'd-MMM-yyyy HH:mm',
	'MMM yyyy'
];
const REFERENCE = new Date(2000, 0, 1);

export interface ParsedDate {
	/** YYYY-MM-DD, the calendar date as written. */
	date: string;
	/** Day and month could be read either way (both 12 or less, and different). */
	ambiguous: boolean;
	/** The order the value was read in, for slashed dates; null for year-first and month names. */
	order: DayOrder | null;
}

export interface DateColumn {
	/** How ambiguous dates are read: the order most unambiguous values show (month first on a tie). */
	order: DayOrder;
	/** Values that can only be day first (24/02/2015). */
	dayFirst: number;
	/** Values that can only be month first (5/31/2022). */
	monthFirst: number;
	/** Values that read either way (03/04/2022). */
	ambiguous: number;
	/** The column has both day-first and month-first values: ambiguous ones are a guess. */
	mixed: boolean;
}

/** Counts a column's slashed dates by the order they can be read in, and proposes an order. */
export function analyzeDates(values: Iterable<string>, limit = 25_000): DateColumn {
	let dayFirst = 0;
	let monthFirst = 0;
	let ambiguous = 0;
	let seen = 0;
	for (const value of values) {
		const m = NUMERIC.exec(value.trim());
		if (!m) continue;
		const a = Number(m[1]);
		const b = Number(m[2]);
		if (a > 12 && b <= 12) dayFirst++;
		else if (b > 12 && a <= 12) monthFirst++;
		else if (a !== b && a <= 12 && b <= 12) ambiguous++;
		if (++seen >= limit) break;
	}
	return { order: dayFirst > monthFirst ? 'dmy' : 'mdy', dayFirst, monthFirst, ambiguous, mixed: dayFirst > 0 && monthFirst > 0 };
}

/** Kept for callers that only need the order. */
export function detectDayOrder(values: Iterable<string>): DayOrder {
	return analyzeDates(values).order;
}

/** Reads one date. `order` decides ambiguous slashed dates; null when it is not a date. */
export function parseDate(value: string, order: DayOrder = 'mdy'): ParsedDate | null {
	const v = value.trim();
	if (!v || v.length > 60) return null;
	let m = ISO.exec(v);
	if (m) {
		const date = make(Number(m[1]), Number(m[2]), Number(m[3]));
		return date ? { date, ambiguous: false, order: null } : null;
	}
	m = NUMERIC.exec(v);
	if (m) {
		let year = Number(m[3]);
		if (m[3].length === 2) year += year < 70 ? 2000 : 1900;
		const a = Number(m[1]);
		const b = Number(m[2]);
		const dmy = make(year, b, a);
		const mdy = make(year, a, b);
		const ambiguous = dmy !== null && mdy !== null && a !== b;
		if (order === 'dmy') return dmy ? { date: dmy, ambiguous, order: 'dmy' } : mdy ? { date: mdy, ambiguous: false, order: 'mdy' } : null;
		return mdy ? { date: mdy, ambiguous, order: 'mdy' } : dmy ? { date: dmy, ambiguous: false, order: 'dmy' } : null;
	}
	if (!mayBeNamedDate(v)) return null;
	for (const format of NAMED_FORMATS) {
		const d = parseWithFormat(v, format, REFERENCE);
		if (isValid(d)) {
			// Formats with an offset give an instant; the date written is the one in that offset.
			const written = /xx/.test(format) ? writtenDate(v, d) : d;
			const date = make(written.getFullYear(), written.getMonth() + 1, written.getDate());
			return date ? { date, ambiguous: false, order: null } : null;
		}
	}
	return null;
}

/** The calendar date in the offset the value was written with ("+0000", "-0800"). */
function writtenDate(value: string, instant: Date): Date {
	const m = /([+-])(\d{2}):?(\d{2})/.exec(value);
	const offsetMinutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
	const shifted = new Date(instant.getTime() + offsetMinutes * 60_000);
	return new Date(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate());
}

const MONTH = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b/i;
/** Month-name dates are short and hold a year and a month name; anything else skips date-fns. */
const mayBeNamedDate = (v: string) => v.length <= 40 && /\d{4}/.test(v) && MONTH.test(v);

/** Whether a value looks like a date in any of the shapes above (for guessing a column's role). */
export function looksLikeDate(value: string): boolean {
	const v = value.trim();
	if (ISO.test(v) || NUMERIC.test(v)) return true;
	return mayBeNamedDate(v) && parseDate(v) !== null;
}

function make(year: number, month: number, day: number): string | null {
	if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200) return null;
	const d = new Date(Date.UTC(year, month - 1, day));
	if (d.getUTCMonth() !== month - 1) return null;
	return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "3 April 2022" for messages, without depending on the reader's locale. */
export function spellDate(iso: string): string {
	const [y, m, d] = iso.split('-').map(Number);
	const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
	return `${d} ${months[m - 1]} ${y}`;
}

/** Whole years between a birth date and a reference date (both YYYY-MM-DD). */
export function yearsBetween(birth: string, at: string): number {
	const [by, bm, bd] = birth.split('-').map(Number);
	const [ay, am, ad] = at.split('-').map(Number);
	let years = ay - by;
	if (am < bm || (am === bm && ad < bd)) years--;
	return years;
}
