import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { roots } from '../src/lib/board/index';
import { backupReader } from './restore-reader';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const backup = {
	format: 'gistboard-backup',
	version: 2,
	board: {
		title: 'Clinic feedback',
		groups: [{ id: 'grp_a', label: 'Waiting times', x: 0, y: 0, color: null, parentId: null, collapsed: false, status: 'open', order: 'a0' }],
		notes: [{ id: 'note_a', text: 'The queue was long', groupId: 'grp_a', order: 'a0', pos: null, stackedOn: null, fields: {}, source: null, createdBy: 'user_a', createdAt: 1 }]
	}
};

describe('backupReader (a worker thread per backup)', () => {
	it('validates a backup off the event loop and answers its document as one update', async () => {
		const restored = await backupReader()(json(backup));
		expect(restored).toMatchObject({ title: 'Clinic feedback', notes: 1, groups: 1 });
		const doc = new Y.Doc();
		Y.applyUpdate(doc, restored.update);
		expect(roots(doc).notes.size).toBe(1);
	});

	it("passes the reader's refusals on as BackupErrors", async () => {
		await expect(backupReader()(new TextEncoder().encode('{not json'))).rejects.toMatchObject({ name: 'BackupError', message: expect.stringMatching(/not valid JSON/) });
		await expect(backupReader()(json({ hello: 1 }))).rejects.toMatchObject({ name: 'BackupError', message: expect.stringMatching(/not a Gistboard board backup/) });
	});

	it('terminates a worker past its time limit and says which limit', async () => {
		await expect(backupReader({ timeoutMs: 1 })(json(backup))).rejects.toMatchObject({ name: 'BackupError', message: expect.stringMatching(/took longer than 1 ms/) });
	});
});
