import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import Papa from 'papaparse';
import { importThroughServer, startServer } from './through-server';
/**
 * An import through two builds of the server, taking turns (bench/import/through-server.ts):
 *   npx tsx bench/import/compare-server.ts <folder of the earlier build> <folder of this build> [out.json]
 * Each folder holds a checkout with `npm run build` done. Fixtures from GISTBOARD_FIXTURES.
 */
const womens = `${process.env.GISTBOARD_FIXTURES ?? '../shared/fixtures'}/womens-clothing-1k/Womens Clothing E-Commerce Reviews.csv`;
const parsed = Papa.parse<string[]>(readFileSync(womens, 'utf8'), { skipEmptyLines: true }).data;
const header = ['Customer ID', ...parsed[0].slice(1)];
const body = parsed.slice(1);
const rows = Array.from({ length: 10000 }, (_, i) => { const r = body[i % body.length].slice(); r[0] = `C${100000 + i}`; return r; });
const csv = new TextEncoder().encode(Papa.unparse([header, ...rows]));
const before = await startServer(process.argv[2], 4376);
const after = await startServer(process.argv[3], 4366);
const out: Record<string, unknown[]> = { one_update: [], chunked: [] };
try {
  await importThroughServer('http://127.0.0.1:4376', csv, 9580);
  await importThroughServer('http://127.0.0.1:4366', csv, 9580);
  for (let i = 0; i < 3; i++) {
    out.one_update.push(await importThroughServer('http://127.0.0.1:4376', csv, 9580));
    out.chunked.push(await importThroughServer('http://127.0.0.1:4366', csv, 9580));
    console.log(JSON.stringify(out));
  }
} finally { before.kill('SIGTERM'); after.kill('SIGTERM'); }
writeFileSync(process.argv[4] ?? 'bench/results/import-server.json', JSON.stringify({ ...out, load_average: loadavg() }, null, 2));
