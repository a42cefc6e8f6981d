import { test as base } from '@playwright/test';

export * from '@playwright/test';

/**
 * Playwright's `test`, closing every browser context a test opened itself.
 *
 * Playwright closes the contexts of its own `page` and `context` fixtures after each test, but a
 * context made with `browser.newContext()` (every extra participant of a collaboration test) stays
 * open until the worker stops: its page stays on its board, connected, receiving presence and
 * re-rendering, and a worker that ran forty tests kept dozens of them busy on the CI machine's two
 * cores. This auto fixture closes them when the test ends, whatever its result.
 */
export const test = base.extend<{ closeOpenedContexts: void }>({
	closeOpenedContexts: [
		async ({ browser }, use) => {
			const before = new Set(browser.contexts());
			await use();
			const opened = browser.contexts().filter((context) => !before.has(context));
			await Promise.all(opened.map((context) => context.close().catch(() => {})));
		},
		{ auto: true }
	]
});
