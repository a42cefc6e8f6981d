import { describe, expect, it } from 'vitest';
import { columnsIn, estimatedWidth, measuredWidth } from './width';
import {
	applyEdit,
	clampText,
	displayWidth,
	ellipsize,
	firstStrongDirection,
	fitsGraphemes,
	foldText,
	foldTextWithOffsets,
	graphemeCount,
	graphemes,
	isolate,
	isWellFormed,
	originalRange,
	scalarToString,
	segmentWords,
	spaceWords,
	textDiff,
	toWellFormed,
	truncateGraphemes,
	truncateWidth,
	unisolate,
	wrapWidth
} from './index';

const FAMILY = '👨‍👩‍👧‍👦';
const THUMB_DARK = '👍🏿';

describe('graphemes', () => {
	it('counts what a reader counts', () => {
		expect(graphemes(`a${FAMILY}e\u0301🇯🇵\r\n`)).toEqual(['a', FAMILY, 'e\u0301', '🇯🇵', '\r\n']);
		expect(graphemeCount(`${THUMB_DARK} ok`)).toBe(4);
		expect(graphemeCount('plain')).toBe(5);
	});

	it('cuts between clusters, never inside one', () => {
		expect(truncateGraphemes(`${FAMILY}${FAMILY}x`, 1)).toBe(FAMILY);
		expect(truncateGraphemes('👍 Fast', 1)).toBe('👍');
		expect(truncateGraphemes('abc', 5)).toBe('abc');
		// A code-unit bound smaller than a cluster drops the whole cluster.
		expect(clampText(`ab${FAMILY}`, 5)).toBe('ab');
		expect(clampText('👍👎', 3)).toBe('👍');
	});

	it('bounds storage even for one huge cluster', () => {
		const zalgo = 'e' + '\u0301'.repeat(10_000);
		const cut = truncateGraphemes(zalgo, 5);
		expect(cut.length).toBe(80);
		expect(cut.startsWith('e\u0301')).toBe(true);
		expect(fitsGraphemes(zalgo, 5)).toBe(false);
		expect(fitsGraphemes('e\u0301'.repeat(5), 5)).toBe(true);
	});

	it('repairs lone surrogates', () => {
		const broken = 'a\ud83d b\udc4e';
		expect(isWellFormed(broken)).toBe(false);
		expect(toWellFormed(broken)).toBe('a\ufffd b\ufffd');
		expect(truncateGraphemes(broken, 10)).toBe('a\ufffd b\ufffd');
		expect(scalarToString(0xd83d)).toBeNull();
		expect(scalarToString(0x1f44d)).toBe('👍');
	});
});

describe('textDiff', () => {
	it('replaces the whole emoji, not its low surrogate', () => {
		const edit = textDiff('👍 Fast delivery', '👎 Fast delivery');
		expect(edit).toEqual({ index: 0, remove: 2, insert: '👎' });
	});

	it('replaces a whole cluster when a skin tone or ZWJ member changes', () => {
		expect(textDiff(`x${THUMB_DARK}y`, 'x👍🏽y')).toEqual({ index: 1, remove: 4, insert: '👍🏽' });
		expect(textDiff('👨‍👩‍👧 team', '👨‍👩‍👦 team')).toEqual({ index: 0, remove: 8, insert: '👨‍👩‍👦' });
		expect(textDiff('cafe\u0301!', 'cafe\u0300!')).toEqual({ index: 3, remove: 2, insert: 'e\u0300' });
	});

	it('keeps the suffix only from a boundary of both texts', () => {
		// In "a‍👍" the thumb is its own cluster; after "👨" the ZWJ joins it to the man.
		const prev = 'a\u200d👍';
		const next = '👨\u200d👍';
		const edit = textDiff(prev, next)!;
		expect(applyEdit(prev, edit)).toBe(next);
		expect(edit.index).toBe(0);
		expect(edit.insert).toBe(next);
	});

	it('is minimal for plain typing', () => {
		expect(textDiff('Late delivery', 'Late delivery!')).toEqual({ index: 13, remove: 0, insert: '!' });
		expect(textDiff('same', 'same')).toBeNull();
	});
});

describe('foldText', () => {
	it('matches full-width, case, accents and compatibility forms', () => {
		expect(foldText('Ｄｅｌｉｖｅｒｙ １２３')).toBe('delivery 123');
		expect(foldText('Café STRAßE')).toBe('cafe strasse');
		expect(foldText('ΟΔΟΣ')).toBe(foldText('οδοσ'));
		expect(foldText('ｶﾞｽ')).toBe('ガス');
		expect(foldText('ﬁle')).toBe('file');
	});

	it('keeps marks that make another letter', () => {
		expect(foldText('が')).not.toBe(foldText('か'));
		expect(foldText('й')).not.toBe(foldText('и'));
		expect(foldText('हिंदी')).toBe('हिंदी');
	});

	it('drops Arabic and Hebrew vowel marks, hamza seats and tatweel', () => {
		expect(foldText('أَهْلاً')).toBe(foldText('اهلا'));
		expect(foldText('شـــكرا')).toBe('شكرا');
		expect(foldText('שָׁלוֹם')).toBe('שלום');
	});

	it('maps matches in the folded text back to whole characters', () => {
		const text = 'Ｆａｓｔ 配送が遅い café';
		const f = foldTextWithOffsets(text);
		expect(f.folded).toBe(foldText(text));
		const at = f.folded.indexOf('fast');
		expect(text.slice(...originalRange(f, at, at + 4)!)).toBe('Ｆａｓｔ');
		const cafe = f.folded.indexOf('cafe');
		expect(text.slice(...originalRange(f, cafe, cafe + 4)!)).toBe('café');
	});
});

describe('segmentation', () => {
	it('finds words in text without spaces', () => {
		expect(segmentWords('配送が遅すぎて、箱も壊れていました。')).toContain('配送');
		expect(segmentWords('快递太慢了，包装也坏了')).toContain('包装');
		expect(spaceWords('配送が遅い。Late')).toMatch(/^配送 が 遅い。Late$/);
		expect(spaceWords('no change here')).toBe('no change here');
	});
});

describe('width', () => {
	it('counts wide characters twice and marks not at all', () => {
		expect(displayWidth('abcd')).toBe(4);
		expect(displayWidth('配送')).toBe(4);
		expect(displayWidth('e\u0301')).toBe(1);
		expect(displayWidth(FAMILY)).toBe(2);
	});

	it('truncates by width with an ellipsis, never mid-character', () => {
		expect(truncateWidth('配送が遅すぎて', 7)).toBe('配送が…');
		expect(truncateWidth('Late delivery again', 10)).toBe('Late deli…');
		expect(truncateWidth(`${FAMILY}${FAMILY}${FAMILY}`, 5)).toBe(`${FAMILY}${FAMILY}…`);
		expect(truncateWidth('short', 10)).toBe('short');
		expect(ellipsize(`${THUMB_DARK}${THUMB_DARK}${THUMB_DARK}`, 2)).toBe(`${THUMB_DARK}…`);
	});

	it('wraps by width, splitting spaceless text between characters', () => {
		expect(wrapWidth('配送が遅すぎて箱も', 6)).toEqual(['配送が', '遅すぎ', 'て箱も']);
		expect(wrapWidth('late delivery again and again', 10, 2)).toEqual(['late', 'delivery…']);
		for (const line of wrapWidth('👍 Fast delivery 🇯🇵 配送 ' + FAMILY.repeat(8), 7)) {
			expect(displayWidth(line)).toBeLessThanOrEqual(7);
			expect(isWellFormed(line)).toBe(true);
		}
	});
});

describe('direction', () => {
	it('takes the first strong character, as dir="auto" does', () => {
		expect(firstStrongDirection('التوصيل بطيء جدا')).toBe('rtl');
		expect(firstStrongDirection('123 שלום world')).toBe('rtl');
		expect(firstStrongDirection('Delivery متأخر')).toBe('ltr');
		expect(firstStrongDirection('\u2068abc\u2069 שלום')).toBe('rtl');
		expect(firstStrongDirection('42 👍')).toBeNull();
	});

	it('isolates right-to-left text for plain-text exports and takes the marks off again', () => {
		expect(isolate('plain')).toBe('plain');
		expect(isolate('שלום')).toBe('\u2068שלום\u2069');
		expect(unisolate(isolate('שלום'))).toBe('שלום');
	});
});

describe('pixel widths', () => {
	it('estimates wide characters at two columns, and falls back to the estimate where there is no canvas', () => {
		expect(estimatedWidth('配送', 13)).toBe(estimatedWidth('abcd', 13));
		expect(columnsIn(estimatedWidth('abcdefghij', 13), 13)).toBe(10);
		// The server and these tests have no canvas to measure with.
		expect(measuredWidth('Billing and invoices', '600 13px sans-serif', 13)).toBe(estimatedWidth('Billing and invoices', 13));
	});
});
