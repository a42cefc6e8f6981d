import { stripBidiControls } from '../text/direction.ts';
import { clampText } from '../text/graphemes.ts';
import { storableText } from './sql.ts';

/** A board title's length at most, in UTF-16 code units. */
export const MAX_TITLE = 200;

/** Runs of C0 and C1 control characters and the Unicode line and paragraph separators. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * A board title as it is stored and shown, from text a person or an old document gave: trimmed,
 * cut to MAX_TITLE code units between two grapheme clusters (never inside a surrogate pair or an
 * emoji sequence; see `clampText`), without bidi controls (`stripBidiControls`), each run of
 * control characters and line or paragraph separators (U+0000-U+001F, U+007F-U+009F, U+2028,
 * U+2029: a title is one line, and it goes into CSV cells, file names and JSON) as one space.
 * Null when nothing is left.
 */
export function boardTitle(text: string): string | null {
	const title = storableText(clampText(stripBidiControls(text).replace(CONTROLS, ' ').trim(), MAX_TITLE));
	return title === '' ? null : title;
}
