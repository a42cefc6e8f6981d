import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { loadConfig } from './server/config.ts';
import { attachUpgrades } from './server/http.ts';
import { startServices } from './server/services.ts';
import { shortStrings } from './scripts/vite-short-strings.ts';

/** `vite dev` gets the same database and `/sync` endpoint as the production server. */
function gistboardServer(): Plugin {
	return {
		name: 'gistboard-server',
		apply: 'serve',
		async configureServer(server) {
			if (process.env.VITEST || !server.httpServer) return;
			const services = await startServices(loadConfig(process.env));
			attachUpgrades(server.httpServer as import('node:http').Server, services, { leaveOthers: true });
			if (!services.workspaceLink.fixed) console.log(`Workspace link: /?token=${services.workspaceLink.token} (on this dev server)`);
			server.httpServer.on('close', () => void services.close());
		}
	};
}

export default defineConfig({
	plugins: [gistboardServer(), shortStrings(), sveltekit()],
	build: {
		// Nobody reads per-chunk gzip sizes here and they cost a second of every build; the plugin
		// timing report is a warning about a loaded machine, not about the code.
		reportCompressedSize: false,
		rolldownOptions: { checks: { bundlerTimings: false } }
	},
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					// Suites over the real fixtures parse thousands of rows; a loaded 2-core CI machine needs headroom.
					testTimeout: 30_000,
					include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
					// Property tests draw from one seed (FC_SEED=random draws a new one and prints it).
					setupFiles: ['tests/helpers/fast-check-seed.ts']
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					environment: 'node',
					include: ['tests/integration/**/*.test.ts'],
					testTimeout: 60_000,
					// Starting a production server (and its embedded database) on a 2-core machine that
					// other work keeps busy has taken more than a minute.
					hookTimeout: 180_000,
					// Each file has a database, servers and ports of its own (freshDatabase, PORT 0), so two
					// run at once: most of a file's time is spent waiting on servers and sockets.
					fileParallelism: true,
					maxWorkers: 2
				}
			}
		]
	}
});
