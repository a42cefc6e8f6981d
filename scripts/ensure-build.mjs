// `npm start` runs the production build; on a fresh clone build it first so one command is enough.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

if (!existsSync(new URL('../build/handler.js', import.meta.url))) {
	console.log('No production build yet: running `npm run build` first.');
	execSync('npm run build', { stdio: 'inherit' });
}
