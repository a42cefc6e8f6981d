// Starts a TypeScript worker when the server runs from its sources (tsx, `vite dev`): registers
// tsx in this thread, then loads the module named in workerData.entry.
import { workerData } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
await import(workerData.entry);
