import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_NOTES } from '../../src/lib/board/repair';
import { connect, createBoard, participantOf, synced, waitFor, type Client, type CreatedBoard } from './helpers/clients';
import { startServer, tempDir, type RunningServer } from './helpers/server';

/**
 * An import into a board near its note limit: the server's repair removes every new note of a
 * change past `MAX_NOTES`, so an import that does not fit is refused whole, before anything is
 * written, instead of being reported as imported and then removed.
 */

/** A one-column CSV of `n` distinct comments. */
const csv = (n: number, tag: string) => 'Comment\n' + Array.from({ length: n }, (_, i) => `${tag} ${i}: the invoice total was wrong again`).join('\n') + '\n';

describe('importing into a board near its note limit', () => {
	let server: RunningServer;
	let board: CreatedBoard;
	let editor: Client;

	const post = (body: string, fileName: string) =>
		fetch(`${server.url}/api/boards/${board.id}/imports?filename=${fileName}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': 'text/csv' },
			body
		});
	const imports = async () =>
		(await (await fetch(`${server.url}/api/boards/${board.id}/imports`, { headers: { authorization: `Bearer ${board.token('facilitator')}` } })).json()).imports as {
			fileName: string;
			notes: number;
		}[];
	const notes = () => editor.doc.getMap('notes');

	beforeAll(async () => {
		server = await startServer({ DATA_DIR: tempDir('gistboard-room-') });
		board = await createBoard(server.url, 'Nearly full');
		editor = connect(server.url, board.id, board.token('editor'));
		await synced(editor);
		// 25,000 comments from an earlier import, and 4,500 an editor added by hand.
		expect((await post(csv(25_000, 'earlier'), 'earlier.csv')).status).toBe(201);
		await waitFor(() => notes().size === 25_000, 60_000, 'the earlier import');
		for (let c = 0; c < 9; c++) {
			editor.doc.transact(() => {
				for (let i = 0; i < 500; i++) notes().set(`note_hand${c}x${i}`, [`by hand ${c}/${i}`, participantOf(editor.doc), Date.now()]);
			});
		}
		await waitFor(() => notes().size === MAX_NOTES - 500, 30_000, 'the notes added by hand');
	}, 180_000);
	afterAll(async () => {
		editor?.destroy();
		await server?.stop();
	});

	it('refuses a file that does not fit with the counts and the limit, and writes nothing', async () => {
		const res = await post(csv(1_000, 'angry'), 'tickets.csv');
		expect(res.status).toBe(422);
		const body = await res.json();
		expect(body).toMatchObject({ code: 'board-full', imported: 0 });
		expect(body.message).toContain('This board holds 29,500 notes');
		expect(body.message).toContain('would add 1,000');
		expect(body.message).toContain('at most 30,000 notes');
		expect(body.message).toContain('Import at most 500 comments here');
		expect((await imports()).map((i) => i.fileName)).toEqual(['earlier.csv']);
		await new Promise((r) => setTimeout(r, 300));
		expect(notes().size).toBe(MAX_NOTES - 500);
	});

	it('imports a file that just fits, every note kept', async () => {
		const res = await post(csv(500, 'last'), 'last.csv');
		expect(res.status).toBe(201);
		expect(await res.json()).toMatchObject({ imported: 500 });
		await waitFor(() => notes().size === MAX_NOTES, 30_000, 'the last import');
		expect((await imports())[0]).toMatchObject({ fileName: 'last.csv', notes: 500 });
	});
});
