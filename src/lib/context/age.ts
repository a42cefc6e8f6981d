/** Age brackets as market research reports them. */
export const AGE_BRACKETS = ['under 18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export type AgeBracket = (typeof AGE_BRACKETS)[number];

export function ageBracket(age: number): AgeBracket | null {
	if (!Number.isFinite(age) || age < 0 || age > 120) return null;
	if (age < 18) return 'under 18';
	if (age < 25) return '18-24';
	if (age < 35) return '25-34';
	if (age < 45) return '35-44';
	if (age < 55) return '45-54';
	if (age < 65) return '55-64';
	return '65+';
}

/** An age column may already hold brackets ("25-34", "65+", "18 to 24"): those are kept as written. */
export function looksLikeBracket(value: string): boolean {
	return /^\s*(\d{1,3}\s*(-|–|to)\s*\d{1,3}|\d{1,3}\s*\+|under \d{1,3}|\d{1,3} and (over|older))\s*$/i.test(value);
}
