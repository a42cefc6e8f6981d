/**
 * A count for people to read, its digits grouped as the reader writes numbers: "2,558" in an
 * English browser, "2.558" in a German one, "2 558" in a French one. The words around it stay
 * English; only the number follows the browser's locale (the runtime's default on the server).
 * Machine-readable places (data-* attributes, values tests or scripts parse) keep the bare number.
 */
const grouping = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** `n` with locale grouping; non-finite counts read as 0. */
export function formatCount(n: number): string {
	return grouping.format(Number.isFinite(n) ? n : 0);
}
