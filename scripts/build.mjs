// Compiles the project into dist/ incrementally, then removes compiled files whose source is gone,
// so that a deleted migration or test never runs from a stale dist/.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], { stdio: 'inherit' });

function* compiledFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* compiledFiles(full);
    else if (/\.(js|js\.map|d\.ts)$/.test(entry.name)) yield full;
  }
}

for (const file of compiledFiles(dist)) {
  const source = path.join(root, path.relative(dist, file)).replace(/\.(js|js\.map|d\.ts)$/, '.ts');
  if (!existsSync(source)) rmSync(file);
}
