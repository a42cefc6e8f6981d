import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = Number(process.env.E2E_PORT ?? 4173);
/** The workspace credential of the E2E server; tests create boards and departments with it. */
export const E2E_WORKSPACE_TOKEN = process.env.E2E_WORKSPACE_TOKEN ?? 'e2e-workspace-token-0123456789abcdef';
process.env.E2E_WORKSPACE_TOKEN = E2E_WORKSPACE_TOKEN;
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'gistboard-e2e-'));
process.env.E2E_DATA_DIR = dataDir;

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export default defineConfig({
	testDir: 'tests/e2e',
	// Multi-browser tests take 25-80 s on a loaded two-core machine; the limit only catches hangs.
	timeout: 180_000,
	// Assertions retry until this; under CI both workers' browsers share two cores, and a page that
	// answers in 3 s on a quiet machine has been seen to need 12.
	expect: { timeout: process.env.CI ? 20_000 : 10_000 },
	fullyParallel: false,
	// Two browsers at a time under CI (E2E_WORKERS sets another count): a third did not finish the
	// suite sooner on two cores, and starved the heaviest test (250 notes grouped by hand).
	workers: Number(process.env.E2E_WORKERS) || (process.env.CI ? 2 : 1),
	retries: 0,
	reporter: [['list']],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		browserName: 'chromium',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: CHROMIUM_ARGS
		},
		trace: 'off',
		screenshot: 'only-on-failure'
	},
	webServer: {
		command: 'node --import tsx server/index.ts',
		url: `http://127.0.0.1:${port}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ROOM_IDLE_MS: '1000', WORKSPACE_TOKEN: E2E_WORKSPACE_TOKEN,
			// Every browser of the suite comes from one address and one workspace: per-client limits sized for that.
			HTTP_RATE_LIMIT: '1000', BOARDS_PER_HOUR: '100000', MAX_ROOMS_PER_CLIENT: '100000', UPDATE_BYTES_PER_SECOND: '1000000000', PRESENCE_CLAIMS_PER_MINUTE: '1000000', PRESENCE_MESSAGES_PER_SECOND: '1000000' }
	}
});
