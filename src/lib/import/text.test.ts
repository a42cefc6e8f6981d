import { describe, expect, it } from 'vitest';
import { isWellFormed } from '../text/wellformed';
import { cleanComment, cleanValue, decodeEntities } from './text';

describe('decodeEntities', () => {
	it('joins an emoji written as two surrogate entities and never leaves half of one', () => {
		expect(decodeEntities('Great &#55357;&#56397; service')).toBe('Great 👍 service');
		expect(decodeEntities('&#x1F44D; &amp; more')).toBe('👍 & more');
		const lone = decodeEntities('broken &#xD83D; here');
		expect(isWellFormed(lone)).toBe(true);
		expect(lone).toBe('broken \ufffd here');
		expect(cleanComment(' &#56397;&#55357; ')).toBe('\ufffd\ufffd');
	});

	it('decodes every named, decimal and hexadecimal reference of a support-ticket export', () => {
		expect(decodeEntities('Charged &euro;49 twice &amp; nobody answered. It&#39;s the 3rd time &hellip; &mdash; &#x20AC;5 &pound;3 caf&eacute;')).toBe(
			"Charged €49 twice & nobody answered. It's the 3rd time … — €5 £3 café"
		);
		// Windows-1252 numbers, as old exports write curly quotes, read as HTML reads them.
		expect(decodeEntities('&#147;slow&#148; and &#146;s')).toBe('“slow” and ’s');
	});

	it('leaves text without a well-formed reference exactly as written', () => {
		for (const text of ['AT&T', 'price&notes', 'Q&A', 'R&D & more', '&copy 2020', '&notaname;', 'fish & chips;', '&;', '&#;', '&#xZZ;']) {
			expect(decodeEntities(text)).toBe(text);
		}
		const same = 'plain text';
		expect(decodeEntities(same)).toBe(same);
	});

	it('never reads tags: they stay text, and escaped ones become text', () => {
		expect(decodeEntities('<b>bold</b> &amp; <script>x</script>')).toBe('<b>bold</b> & <script>x</script>');
		expect(decodeEntities('&lt;b&gt;not bold&lt;/b&gt;')).toBe('<b>not bold</b>');
	});

	it('decodes once: an escaped reference stays a reference', () => {
		expect(decodeEntities('&amp;euro;49')).toBe('&euro;49');
	});
});

describe('cleanValue', () => {
	it('decodes references in a text field and keeps it one line', () => {
		expect(cleanValue('Fish &amp; Chips')).toBe('Fish & Chips');
		expect(cleanValue("O&#39;Brien&#10;Ltd&nbsp;")).toBe("O'Brien Ltd");
		expect(cleanValue('AT&T')).toBe('AT&T');
	});
});
