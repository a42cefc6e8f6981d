/**
 * The test behind "Stands out": is a value more common in a group than in the rest of the board?
 *
 * Each (segment column, value) pair of a group is a 2×2 table: notes of the group with and
 * without the value against notes of the rest of the board with and without it. Fisher's exact
 * test, one-sided (over-representation), gives its p-value — exact at the small counts groups
 * have, where a z-test's normal approximation is not (Agresti, *Categorical Data Analysis*,
 * 3rd ed., §3.5). Because a group is tested on every value of every segment column at once, the
 * p-values of one group are adjusted with Holm's step-down method (Holm 1979), which keeps the
 * chance of any false "stands out" in a group at or below `ALPHA`.
 */

/** Family-wise error rate per group. */
export const ALPHA = 0.05;

let logFactorials = new Float64Array([0, 0]);

/** ln(n!) for n up to a few million, from a table grown on demand. */
export function logFactorial(n: number): number {
	if (n < 0 || !Number.isInteger(n)) throw new RangeError(`logFactorial(${n}): n must be a non-negative integer`);
	if (n >= logFactorials.length) {
		const size = Math.max(n + 1, logFactorials.length * 2);
		const next = new Float64Array(size);
		next.set(logFactorials);
		for (let i = logFactorials.length; i < size; i++) next[i] = next[i - 1] + Math.log(i);
		logFactorials = next;
	}
	return logFactorials[n];
}

const logChoose = (n: number, k: number) => logFactorial(n) - logFactorial(k) - logFactorial(n - k);

/**
 * One-sided Fisher exact test for over-representation.
 *
 * @param a notes of the group that have the value
 * @param groupSize notes of the group (answering this column)
 * @param valueTotal notes of the whole board that have the value (the group's included)
 * @param total notes of the whole board (answering this column)
 * @returns P(X ≥ a) for X hypergeometric(total, valueTotal, groupSize): the chance of at least
 *   this many in a group of this size drawn at random from the board. 1 when nothing to test.
 */
export function fisherGreater(a: number, groupSize: number, valueTotal: number, total: number): number {
	if (groupSize <= 0 || total <= 0 || a <= 0 || groupSize > total || valueTotal > total || a > groupSize || a > valueTotal) return 1;
	const hi = Math.min(groupSize, valueTotal);
	const denom = logChoose(total, groupSize);
	let p = 0;
	for (let x = a; x <= hi; x++) {
		if (groupSize - x > total - valueTotal) continue;
		p += Math.exp(logChoose(valueTotal, x) + logChoose(total - valueTotal, groupSize - x) - denom);
	}
	return Math.min(1, p);
}

/**
 * Holm–Bonferroni adjusted p-values, in the order given: the i-th smallest p is multiplied by
 * (m − i + 1) and the results made non-decreasing (Holm 1979).
 */
export function holm(pValues: number[]): number[] {
	const m = pValues.length;
	const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
	const adjusted = new Array<number>(m);
	let running = 0;
	order.forEach(({ p, i }, rank) => {
		running = Math.max(running, Math.min(1, (m - rank) * p));
		adjusted[i] = running;
	});
	return adjusted;
}

/** A value stands out only when it is also large: at least this many of the group's notes... */
export const MIN_STANDOUT_NOTES = 3;
/** ...at least this many times as common as on the rest of the board... */
export const MIN_LIFT = 1.5;
/** ...and at least this many percentage points more common (as a share, 0.1 = 10 points). */
export const MIN_SHARE_GAP = 0.1;

export interface StandOutInput {
	/** Notes of the group with the value. */
	count: number;
	/** Notes of the group answering the column. */
	answered: number;
	/** Notes of the whole board with the value. */
	boardCount: number;
	/** Notes of the whole board answering the column. */
	boardAnswered: number;
}

export interface StandOutResult {
	/** Share of the group with the value / share of the rest of the board with it. */
	lift: number;
	/** Group share minus rest-of-board share. */
	gap: number;
	/** One-sided Fisher exact p-value, before adjustment. */
	p: number;
	/** Holm-adjusted p-value within the group. */
	adjustedP: number;
	standsOut: boolean;
}

/**
 * Tests every candidate of one group together (all values of all its segment columns) and says
 * which stand out: large (count, lift, gap above the thresholds) and significant (Holm-adjusted
 * one-sided Fisher p below `ALPHA`). A group that is the whole board stands out in nothing.
 */
export function standOut(candidates: StandOutInput[], alpha = ALPHA): StandOutResult[] {
	const basic = candidates.map((c) => {
		const restCount = c.boardCount - c.count;
		const restAnswered = c.boardAnswered - c.answered;
		const share = c.answered ? c.count / c.answered : 0;
		const restShare = restAnswered > 0 ? restCount / restAnswered : 0;
		const lift = restShare > 0 ? share / restShare : share > 0 && restAnswered > 0 ? Infinity : 0;
		const p = restAnswered > 0 ? fisherGreater(c.count, c.answered, c.boardCount, c.boardAnswered) : 1;
		return { lift, gap: share - restShare, p };
	});
	const adjusted = holm(basic.map((b) => b.p));
	return basic.map((b, i) => {
		const c = candidates[i];
		const large = c.count >= MIN_STANDOUT_NOTES && b.lift >= MIN_LIFT && b.gap >= MIN_SHARE_GAP;
		return { ...b, adjustedP: adjusted[i], standsOut: large && adjusted[i] < alpha };
	});
}
