import type { Server } from 'node:http';
import type { Services } from './services.ts';

/** Routes WebSocket upgrades for `/sync/…` to the sync server; others are left alone or refused. */
export function attachUpgrades(server: Server, services: Services, options: { leaveOthers: boolean }): void {
	server.on('upgrade', (req, socket, head) => {
		if (services.sync.handleUpgrade(req, socket, head)) return;
		// In `vite dev` other upgrades (hot reload) belong to Vite.
		if (!options.leaveOthers) socket.destroy();
	});
}
