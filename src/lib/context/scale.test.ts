import { describe, expect, it } from 'vitest';
import { answerLevel, describeScale, directionFromLabels, reverseScale, scaleAnswer, scalePosition, scaleValues, splitCodedLabel, type Scale } from './scale';

const fft: Scale = { kind: 'numeric', min: 1, max: 5, best: 'min', labels: { '1': 'Very good', '5': 'Very poor' }, notApplicable: ['6', "Don't know"] };

describe('scales with a direction', () => {
	it('puts the best answer at position 1 whichever end it is', () => {
		expect(scalePosition(fft, 1)).toBe(1);
		expect(scalePosition(fft, 5)).toBe(0);
		expect(scalePosition(reverseScale(fft), 1)).toBe(0);
		expect(scalePosition(fft, 6)).toBeNull();
	});

	it('gives levels from the best end, and never counts answers off the scale', () => {
		expect([1, 2, 3, 4, 5, 6].map((v) => answerLevel(fft, v))).toEqual(['satisfied', 'satisfied', 'neutral', 'dissatisfied', 'dissatisfied', 'notApplicable']);
		expect(answerLevel(fft, "don't know")).toBe('notApplicable');
		expect(answerLevel(fft, 9)).toBe('offScale');
		const nps: Scale = { kind: 'numeric', min: 0, max: 10, best: 'max' };
		expect([6, 7, 8, 9].map((v) => answerLevel(nps, v))).toEqual(['dissatisfied', 'neutral', 'neutral', 'satisfied']);
	});

	it('lists values worst first, then the answers not on the scale', () => {
		expect(scaleValues(fft).map((v) => v.value)).toEqual(['5', '4', '3', '2', '1', '6', "Don't know"]);
		expect(describeScale(fft)).toBe("1-5, best 1 (Very good), worst 5 (Very poor); not on the scale: 6, Don't know");
	});

	it('reads a cell on its scale, with codes written with their labels', () => {
		expect(scaleAnswer(fft, '2')).toMatchObject({ value: 2, level: 'satisfied', problem: null });
		expect(scaleAnswer(fft, '6 - Don’t know')).toMatchObject({ value: 6, level: 'notApplicable', problem: null });
		expect(scaleAnswer(fft, '4.5')?.problem).toMatch(/not on the 1-5 scale/);
	});

	it('takes the direction from the words of the answers', () => {
		expect(directionFromLabels(fft)).toBe('min');
		expect(directionFromLabels({ kind: 'labels', labels: ['Poor', 'Fair', 'Good', 'Excellent'], best: 'max' })).toBe('max');
		expect(directionFromLabels({ kind: 'numeric', min: 1, max: 5, best: 'max' })).toBeNull();
		expect(splitCodedLabel('1 - Very good')).toEqual({ code: 1, label: 'Very good' });
		expect(splitCodedLabel('Very poor (5)')).toEqual({ code: 5, label: 'Very poor' });
	});
});
