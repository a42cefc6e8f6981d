import { describe, expect, it } from 'vitest';
import { defaultWorkerJobs, WorkerSlots } from './worker-job';

/** A job that runs until `finish()` is called. */
function held() {
	let finish!: (value: string) => void;
	const done = new Promise<string>((resolve) => (finish = resolve));
	let started = false;
	return {
		job: () => {
			started = true;
			return done;
		},
		finish,
		get started() {
			return started;
		}
	};
}

const settle = () => new Promise((r) => setImmediate(r));

describe('WorkerSlots (the bound on worker jobs)', () => {
	it('runs at most `workers` jobs, queues the next ones in order and refuses past the queue with 503 words', async () => {
		const slots = new WorkerSlots({ workers: 1, queue: 2, perCredential: 5 });
		const [a, b, c] = [held(), held(), held()];
		const ra = slots.run('link-a', a.job);
		const rb = slots.run('link-b', b.job);
		const rc = slots.run('link-c', c.job);
		await settle();
		expect([a.started, b.started, c.started]).toEqual([true, false, false]);
		expect([slots.running, slots.queued]).toEqual([1, 2]);
		await expect(slots.run('link-d', async () => 'never')).rejects.toMatchObject({
			name: 'WorkersBusyError',
			scope: 'server',
			code: 'busy',
			message: 'The server is busy reading other files; try again in a few seconds.'
		});
		a.finish('a');
		expect(await ra).toBe('a');
		await settle();
		expect([b.started, c.started]).toEqual([true, false]);
		b.finish('b');
		c.finish('c');
		expect(await Promise.all([rb, rc])).toEqual(['b', 'c']);
		expect([slots.running, slots.queued, slots.refused]).toEqual([0, 0, 1]);
		expect(await slots.run('link-d', async () => 'after')).toBe('after');
	});

	it('lets one credential have at most `perCredential` jobs running or waiting', async () => {
		const slots = new WorkerSlots({ workers: 1, queue: 10, perCredential: 2 });
		const [a, b] = [held(), held()];
		const runs = [slots.run('link', a.job), slots.run('link', b.job)];
		await expect(slots.run('link', async () => 'third')).rejects.toMatchObject({
			scope: 'credential',
			message: '2 files sent with this link are still being read; try again in a few seconds.'
		});
		// Another link still gets its place in the queue.
		const c = held();
		runs.push(slots.run('other link', c.job));
		expect(slots.queued).toBe(2);
		a.finish('a');
		b.finish('b');
		c.finish('c');
		expect(await Promise.all(runs)).toEqual(['a', 'b', 'c']);
		expect(await slots.run('link', async () => 'again')).toBe('again');
	});

	it('frees the place of a job that failed', async () => {
		const slots = new WorkerSlots({ workers: 1, queue: 0, perCredential: 1 });
		await expect(slots.run('link', async () => Promise.reject(new Error('bad file')))).rejects.toThrow('bad file');
		expect(await slots.run('link', async () => 'next')).toBe('next');
	});

	it('refuses a job that waited longer than `waitMs` for a worker', async () => {
		const slots = new WorkerSlots({ workers: 1, queue: 1, waitMs: 1 });
		const a = held();
		const ra = slots.run('a', a.job);
		await expect(slots.run('b', async () => 'late')).rejects.toMatchObject({ scope: 'server' });
		expect(slots.queued).toBe(0);
		a.finish('a');
		await ra;
	});

	it('sizes itself from the cores and half the memory at 1 GB a job', () => {
		const GB = 1024 ** 3;
		expect(defaultWorkerJobs(2, 24 * GB)).toBe(2);
		expect(defaultWorkerJobs(16, 4 * GB)).toBe(2);
		expect(defaultWorkerJobs(4, 1 * GB)).toBe(1);
		expect(defaultWorkerJobs(64, 512 * GB)).toBe(8);
	});
});
