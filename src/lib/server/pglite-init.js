// Creates a new embedded database in the data directory given as the first argument, then exits.
//
// pglite.worker.js runs this as a child process the first time a data directory is used (and
// `npm start` while it builds a fresh clone): PGlite's initdb step runs initdb and a second
// PostgreSQL instance, each WebAssembly with memory of its own (about 600 MB resident in all), which
// a process does not give back afterwards; in a process of its own, it ends with it.
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
