/**
 * Colours a new department gets unless one is chosen: ten hues that stay apart from each other
 * and readable as a swatch or a lane edge on white (Tailwind's 600 shades).
 */
export const DEPARTMENT_COLORS = ['#4f46e5', '#d97706', '#059669', '#db2777', '#0891b2', '#65a30d', '#dc2626', '#7c3aed', '#ca8a04', '#475569'] as const;

/**
 * The colour for the next department of a workspace whose departments have the colours `used`
 * (`#rrggbb`, any case): the first of `DEPARTMENT_COLORS` no department has, so departments added
 * one after another are told apart on the board's "by department" view and their dashboards;
 * once every one is taken, they repeat in order (the `used.length`-th, modulo ten), so two
 * departments added in a row still differ. Returns `#rrggbb` in lower case.
 */
export function nextDepartmentColor(used: readonly string[]): string {
	const taken = new Set(used.map((c) => c.toLowerCase()));
	return DEPARTMENT_COLORS.find((c) => !taken.has(c)) ?? DEPARTMENT_COLORS[used.length % DEPARTMENT_COLORS.length];
}
