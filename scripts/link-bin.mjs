// npm does not link a package's own bin into its node_modules/.bin; do it so
// `npx recon` and node_modules/.bin/recon work inside the checkout.
import fs from 'node:fs';
import path from 'node:path';
const dir = path.resolve('node_modules/.bin');
fs.mkdirSync(dir, { recursive: true });
const link = path.join(dir, 'recon');
try { fs.unlinkSync(link); } catch {}
fs.symlinkSync(path.relative(dir, path.resolve('bin/recon.js')), link);
