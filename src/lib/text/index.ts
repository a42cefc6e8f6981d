/** Unicode-safe text: graphemes, edits, normalisation, segmentation, width and direction. */
export { isWellFormed, toWellFormed, scalarToString } from './wellformed';
export {
	graphemeSegmenter,
	isOneUnitPerGrapheme,
	graphemeSegments,
	type GraphemeSegment,
	graphemes,
	graphemeCount,
	graphemeStart,
	graphemeEnd,
	truncateGraphemes,
	clampText,
	fitsGraphemes
} from './graphemes';
export { textDiff, applyEdit, type TextEdit } from './diff';
export { foldText, foldTextWithOffsets, originalRange, type FoldedText } from './normalize';
export {
	hasSpacelessScript,
	wordSegments,
	segmentWords,
	spaceWords,
	matchWords,
	isShortWord,
	CJK_FUNCTION_WORDS,
	type WordSegment
} from './segment';
export { ELLIPSIS, displayWidth, truncateWidth, ellipsize, wrapWidth } from './width';
export { FSI, PDI, BIDI_CONTROLS, stripBidiControls, firstStrongDirection, hasRtl, isolate, unisolate, type Direction } from './direction';
