import { expect, test } from './test';
import WebSocket from 'ws';
import { createBoard, rememberName } from './helpers';

/** MAX_CONNECTIONS_PER_ADDRESS as the E2E server runs it (the default). */
const PER_ADDRESS = 200;

test('a tab past the connections one address may hold to a board says why it was refused', async ({ browser, baseURL }) => {
	const board = await createBoard(baseURL!, 'Full from one address');
	const token = new URL(board.links.viewer).searchParams.get('token')!;
	// Connections from this machine's address (the browser's too) until the board takes no more.
	const sockets = await Promise.all(
		Array.from(
			{ length: PER_ADDRESS },
			() =>
				new Promise<WebSocket>((resolve, reject) => {
					const ws = new WebSocket(`${baseURL!.replace('http', 'ws')}/sync/${board.id}?token=${token}`);
					ws.once('message', () => resolve(ws));
					ws.once('close', (code) => reject(new Error(`closed with ${code}`)));
				})
		)
	);
	try {
		const context = await browser.newContext();
		await rememberName(context);
		const page = await context.newPage();
		await page.goto(board.links.viewer);
		const banner = page.getByTestId('refused-reason');
		await expect(banner).toHaveText('Too many tabs on this board from your network right now. Close some, or ask whoever runs Gistboard; then reload.');
		await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'refused');
		await page.screenshot({ path: 'test-results/limits-too-many-connections.png' });

		// Once others leave, a reload joins.
		for (const ws of sockets.splice(0, 10)) ws.close();
		// The server may not have counted the closes yet, so a reload can still be refused: each try
		// waits for the tab to settle (connected or refused) before reading it.
		const status = page.getByTestId('connection-status');
		await expect
			.poll(
				async () => {
					await page.reload();
					await expect(status).toHaveAttribute('data-state', /connected|refused/, { timeout: 15_000 });
					return status.getAttribute('data-state');
				},
				{ timeout: 60_000 }
			)
			.toBe('connected');
		await context.close();
	} finally {
		for (const ws of sockets) ws.close();
	}
});
