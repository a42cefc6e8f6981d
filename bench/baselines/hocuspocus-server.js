// Hocuspocus with its defaults (per-turn broadcast batching), no extensions, on PORT.
// Plain JavaScript: it is only type-checked where its package is installed (bench/baselines).
import { Server } from '@hocuspocus/server';

const server = new Server({ port: Number(process.env.PORT), address: '127.0.0.1', quiet: true });
await server.listen();
console.log(`hocuspocus listening on ${process.env.PORT}`);
