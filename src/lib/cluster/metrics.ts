/**
 * Agreement between two partitions of the same notes (one label per note, any value). Used to
 * score suggestions against groups people made; both are 1 for identical partitions.
 */
function contingency(a: readonly unknown[], b: readonly unknown[]) {
	if (a.length !== b.length) throw new Error(`partitions differ in size: ${a.length} and ${b.length}`);
	const rowOf = new Map<unknown, number>();
	const colOf = new Map<unknown, number>();
	const cells = new Map<string, { row: number; col: number; count: number }>();
	const rowSums: number[] = [];
	const colSums: number[] = [];
	for (let i = 0; i < a.length; i++) {
		let r = rowOf.get(a[i]);
		if (r === undefined) rowOf.set(a[i], (r = rowSums.push(0) - 1));
		let c = colOf.get(b[i]);
		if (c === undefined) colOf.set(b[i], (c = colSums.push(0) - 1));
		rowSums[r]++;
		colSums[c]++;
		const key = `${r}|${c}`;
		const cell = cells.get(key);
		if (cell) cell.count++;
		else cells.set(key, { row: r, col: c, count: 1 });
	}
	return { cells: [...cells.values()], rowSums, colSums, n: a.length };
}

const pairs = (x: number) => (x * (x - 1)) / 2;

/** Adjusted Rand index (Hubert & Arabie): 0 for chance agreement, 1 for identical partitions. */
export function adjustedRandIndex(a: readonly unknown[], b: readonly unknown[]): number {
	const { cells, rowSums, colSums, n } = contingency(a, b);
	if (n < 2) return 1;
	const index = cells.reduce((s, x) => s + pairs(x.count), 0);
	const sumA = rowSums.reduce((s, x) => s + pairs(x), 0);
	const sumB = colSums.reduce((s, x) => s + pairs(x), 0);
	const expected = (sumA * sumB) / pairs(n);
	const max = (sumA + sumB) / 2;
	if (max === expected) return 1;
	return (index - expected) / (max - expected);
}

/** Normalised mutual information with arithmetic-mean normalisation (scikit-learn's default). */
export function normalisedMutualInformation(a: readonly unknown[], b: readonly unknown[]): number {
	const { cells, rowSums, colSums, n } = contingency(a, b);
	const entropy = (sums: number[]) => -sums.reduce((s, x) => s + (x / n) * Math.log(x / n), 0);
	const ha = entropy(rowSums);
	const hb = entropy(colSums);
	if (ha === 0 && hb === 0) return 1;
	let mi = 0;
	for (const { row, col, count } of cells) mi += (count / n) * Math.log((count * n) / (rowSums[row] * colSums[col]));
	const denominator = (ha + hb) / 2;
	return denominator === 0 ? 0 : Math.max(0, mi / denominator);
}
