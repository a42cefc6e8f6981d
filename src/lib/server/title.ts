import { stripBidiControls } from '../text/direction.ts';
import { clampText } from '../text/graphemes.ts';
import { storableText } from './sql.ts';

/** A board title's length at most, in UTF-16 code units. */
export const MAX_TITLE = 200;

/**
 * A board title as it is stored and shown, from text a person or an old document gave: trimmed,
 * cut to MAX_TITLE code units between two grapheme clusters (never inside a surrogate pair or an
 * emoji sequence; see `clampText`), without bidi controls (`stripBidiControls`), U+0000 as U+FFFD (what the database stores, `storableText`).
 * Null when nothing is left.
 */
export function boardTitle(text: string): string | null {
	const title = storableText(clampText(stripBidiControls(text).trim(), MAX_TITLE));
	return title === '' ? null : title;
}
