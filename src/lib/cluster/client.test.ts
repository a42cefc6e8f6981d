import { describe, expect, it } from 'vitest';
import { CancelledError, ClusterClient } from './client';
import { createHandler } from './handler';
import type { Progress } from './model';
import type { WorkerRequest } from './protocol';

/**
 * The real request handler behind the client, with messages passed asynchronously as between a
 * page and its worker (structured clone included). Terminating drops whatever is in flight.
 */
class InProcessWorker {
	onmessage: ((event: MessageEvent) => void) | null = null;
	onerror: ((event: ErrorEvent) => void) | null = null;
	terminated = false;
	readonly #handle = createHandler((answer) =>
		setTimeout(() => !this.terminated && this.onmessage?.({ data: structuredClone(answer) } as MessageEvent))
	);
	postMessage(request: WorkerRequest) {
		setTimeout(() => !this.terminated && this.#handle(structuredClone(request)));
	}
	terminate() {
		this.terminated = true;
	}
}

const texts = [
	...Array.from({ length: 8 }, (_, i) => `my bag was lost again, luggage ${['gone', 'missing', 'delayed', 'late'][i % 4]}`),
	...Array.from({ length: 8 }, (_, i) => `refund for the ticket still not paid ${['yet', 'today', 'at all', 'months'][i % 4]}`)
];

describe('clustering client', () => {
	it('suggests groups with progress, then reuses the model for a finer cut', async () => {
		const workers: InProcessWorker[] = [];
		const client = new ClusterClient(() => {
			const w = new InProcessWorker();
			workers.push(w);
			return w as unknown as Worker;
		});
		const progress: Progress[] = [];
		const first = await client.suggest(texts, 2, (p) => progress.push(p));
		expect(first.groups).toHaveLength(2);
		expect(progress.map((p) => p.stage)).toContain('words');
		const again: Progress[] = [];
		const finer = await client.suggest(texts, 3, (p) => again.push(p));
		expect(finer.groups.length).toBeGreaterThanOrEqual(2);
		expect(again.map((p) => p.stage)).not.toContain('words');
		expect(workers).toHaveLength(1);

		const similar = await client.similar(texts, 0, 3);
		expect(similar.every((s) => s.index < 8)).toBe(true);
		const { title } = await client.describe(texts, [8, 9, 10, 11, 12, 13, 14, 15]);
		expect(title.toLowerCase()).toMatch(/refund|ticket|paid/);
		const stacks = await client.duplicates(['Late again!', 'late again', 'something else']);
		expect(stacks.map((s) => s.members)).toEqual([[0, 1]]);
		client.destroy();
	});

	it('cancels running work and starts a fresh worker for the next request', async () => {
		const workers: InProcessWorker[] = [];
		const client = new ClusterClient(() => {
			const w = new InProcessWorker();
			workers.push(w);
			return w as unknown as Worker;
		});
		const running = client.suggest(texts, 2);
		expect(client.busy).toBe(true);
		client.cancel();
		await expect(running).rejects.toBeInstanceOf(CancelledError);
		expect(workers[0].terminated).toBe(true);
		expect(client.busy).toBe(false);
		await expect(client.suggest(texts, 2)).resolves.toMatchObject({ clusters: 2 });
		expect(workers).toHaveLength(2);
	});
});
