/// <reference lib="webworker" />
import { createHandler } from './handler';
import type { WorkerRequest } from './protocol';

/** The clustering worker: all of the work happens here, off the page's main thread. */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createHandler((answer) => scope.postMessage(answer));
scope.onmessage = (event: MessageEvent<WorkerRequest>) => handle(event.data);
