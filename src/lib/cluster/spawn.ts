import { ClusterClient } from './client';

/** A client whose work runs in a module Web Worker (bundled by Vite from `worker.ts`). */
export function clusterClient(): ClusterClient {
	return new ClusterClient(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
}
