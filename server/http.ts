import type { Server } from 'node:http';
import type { Services } from './services.ts';

/** Routes WebSocket upgrades for `/sync/…` to the sync server; others are left alone or refused. */
export function attachUpgrades(server: Server, services: Services, options: { leaveOthers: boolean }): void {
	server.on('upgrade', (req, socket, head) => {
		// A throw here would be an uncaught exception, ending the process for everyone: whatever a
		// request's line or headers hold, only its own socket goes.
		let taken: boolean;
		try {
			taken = services.sync.handleUpgrade(req, socket, head);
		} catch {
			if (!socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			return;
		}
		if (taken) return;
		// In `vite dev` other upgrades (hot reload) belong to Vite.
		if (!options.leaveOthers) socket.destroy();
	});
}
