import { describe, expect, it } from 'vitest';
import { importSummary } from '../../../tests/helpers/import-summary';
import { expectPraiseApartFromComplaints } from '../../../tests/helpers/praise-apart';
import { ClusterModel } from './model';
import { BoardContext } from '$lib/context/board';
import { polarities, SATISFACTION_POSITION, textPolarity } from './sentiment';

/** An NHS Friends & Family style import: 1 = Very good … 5 = Very poor, 6 = Don't know. */
const fftImport = importSummary(
	{ satisfaction: { column: 'FFT answer', role: 'satisfaction', label: 'Satisfaction', segment: false, scale: { kind: 'numeric', min: 1, max: 5, best: 'min', notApplicable: ['6'] } } },
	{ id: 'imp_fft', fileName: 'fft.csv', rows: 3, notes: 3 }
);

const PRAISE = [
	'The staff were friendly and helpful',
	'Staff so friendly, kind and helpful',
	'Lovely friendly staff, really helpful',
	'Helpful staff, always friendly and kind',
	'Friendly staff who were very helpful'
];
const COMPLAINTS = [
	'The staff were rude and unhelpful',
	'Staff so rude, unhelpful and dismissive',
	'Rude staff, really unhelpful',
	'Unhelpful staff, always rude and dismissive',
	'Rude staff who were very unhelpful'
];
const PARKING = [
	'Parking was impossible to find',
	'No parking spaces near the entrance',
	'Parking costs far too much',
	'Parking spaces are always full',
	'Finding parking took half an hour'
];

describe('sentiment-aware suggestions', () => {
	it('scores praise above zero and complaints below', () => {
		expect(textPolarity('The staff were friendly and helpful')).toBeGreaterThan(0.2);
		expect(textPolarity('The staff were rude and unhelpful')).toBeLessThan(-0.2);
	});

	it('lets the satisfaction answer outweigh the words, read on its own scale', () => {
		const [low, high] = polarities(['it was fine', 'it was fine'], [{ satisfactionPosition: 0 }, { satisfactionPosition: 1 }]);
		expect(low).toBeLessThan(0);
		expect(high).toBeGreaterThan(0);
		// 1 = Very good … 5 = Very poor, 6 = Don't know: a 1 is praise, a 5 a complaint, a 6 only its words.
		const context = new BoardContext([fftImport]);
		const notes = [1, 5, 6].map((satisfaction) => ({ id: `note_${satisfaction}`, text: 'it was fine', source: { importId: fftImport.id, row: 0 }, fields: { satisfaction } }));
		const [best, worst, dontKnow] = polarities(
			notes.map((n) => n.text),
			notes.map((n) => ({ ...n.fields, [SATISFACTION_POSITION]: context.positionOf(n) }))
		);
		expect(best).toBeGreaterThan(textPolarity('it was fine'));
		expect(worst).toBeLessThan(0);
		expect(dontKnow).toBeCloseTo(textPolarity('it was fine'));
	});

	it('puts praise and complaints about the same topic in different groups', () => {
		expectPraiseApartFromComplaints(PRAISE, COMPLAINTS, PARKING);
	});

	it('keeps apart comments with the same words and opposite meaning ("helpful" / "not helpful")', () => {
		const good = ['Staff were helpful', 'The staff were so helpful', 'Staff were very helpful today', 'Staff always helpful'];
		const bad = ['Staff were not helpful', 'The staff were not helpful at all', 'Staff were not helpful again', 'Staff were not helpful today'];
		const texts = [...good, ...bad, ...PARKING];
		const { groups } = new ClusterModel(texts).suggest({ clusters: 3 });
		const groupOf = (i: number) => groups.findIndex((g) => g.members.includes(i));
		expect(groupOf(0)).toBeGreaterThanOrEqual(0);
		expect(new Set(good.map((_, i) => groupOf(i))).size).toBe(1);
		expect(new Set(bad.map((_, i) => groupOf(good.length + i))).size).toBe(1);
		expect(groupOf(0)).not.toBe(groupOf(good.length));
	});
});

describe('Portuguese comments', () => {
	it('scores praise above zero and complaints below, a negation turning a word round', () => {
		expect(textPolarity('Produto ótimo, lindo e perfeito', 'pt')).toBeGreaterThan(0.2);
		expect(textPolarity('Veio com defeito, horrível', 'pt')).toBeLessThan(-0.2);
		expect(textPolarity('Chegou tudo certo, nenhum problema', 'pt')).toBeGreaterThan(0);
		expect(textPolarity('Chegou com problema', 'pt')).toBeLessThan(0);
	});

	it('reads a comment without grammar words in the board language', () => {
		expect(textPolarity('maravilhoso', 'pt')).toBeGreaterThan(0.2);
		expect(textPolarity('maravilhoso', 'en')).toBe(0);
	});

	it('puts praise and complaints about the same product in different groups without a satisfaction answer', () => {
		// Each comment names the watch and its strap; only the word that judges them differs.
		const praise = ['Relógio e pulseira: ótimo', 'Relógio e pulseira, lindo', 'Relógio, pulseira perfeito', 'Relógio e pulseira maravilhoso', 'Relógio e pulseira excelente'];
		const complaints = ['Relógio e pulseira: horrível', 'Relógio e pulseira, defeito', 'Relógio, pulseira com problema', 'Relógio e pulseira pior', 'Relógio e pulseira decepcionante'];
		const delivery = ['Entrega no prazo combinado', 'A entrega chegou no prazo', 'Prazo de entrega cumprido', 'Entrega dentro do prazo', 'Entrega feita no prazo'];
		expectPraiseApartFromComplaints(praise, complaints, delivery);
	});
});
