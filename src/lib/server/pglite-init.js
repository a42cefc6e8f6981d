// Creates a new embedded database in the data directory given as the first argument, then exits.
//
// pglite.worker.js runs this as a child process the first time a data directory is used: PGlite's
// initdb step compiles and runs a second WebAssembly program whose memory (about 500 MB) a process
// does not give back after it has finished, so it runs in a process of its own that ends with it.
//
// Plain JavaScript, like the worker, so that it starts under any loader.
import { PGlite } from '@electric-sql/pglite';

const dataDir = process.argv[2];
if (!dataDir) {
	console.error('usage: node pglite-init.js <data directory>');
	process.exit(2);
}
const db = await PGlite.create(dataDir);
await db.close();
