// Compiles into dist/ only when something it depends on changed since the last build of the same target,
// so that `npm start` and the command-line tools start at once on an unchanged tree.
//
//   node scripts/build.mjs          the server, its migrations, seeds and scripts (tsconfig.build.json)
//   node scripts/build.mjs bench    the same and the benchmarks (tsconfig.bench.json)
//   node scripts/build.mjs all      everything, tests included (tsconfig.json)
//
// After compiling, compiled files whose source is gone are removed, so that a deleted migration or
// test never runs from a stale dist/.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

const TARGETS = {
  server: { tsconfig: 'tsconfig.build.json', covers: [] },
  bench: { tsconfig: 'tsconfig.bench.json', covers: ['server'] },
  all: { tsconfig: 'tsconfig.json', covers: ['server', 'bench'] },
};

function* filesUnder(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else yield full;
  }
}

/** The folders a tsconfig compiles, following `extends`. */
function includedFolders(tsconfigFile) {
  const config = JSON.parse(readFileSync(path.join(root, tsconfigFile), 'utf8'));
  return config.include ?? includedFolders(config.extends);
}

/** What a build's output depends on: every file it compiles, its configuration and the installed packages. */
function fingerprint(name) {
  const { tsconfig } = TARGETS[name];
  const inputs = [tsconfig, 'tsconfig.json', 'package-lock.json'].map((file) => path.join(root, file));
  for (const folder of includedFolders(tsconfig)) inputs.push(...filesUnder(path.join(root, folder)));
  const hash = createHash('sha256');
  for (const file of inputs.sort()) {
    const { mtimeMs, size } = statSync(file);
    hash.update(`${path.relative(root, file)}\t${mtimeMs}\t${size}\n`);
  }
  return hash.digest('hex');
}

const stampOf = (name) => path.join(dist, `.build-${name}.stamp`);

/** Compiles the target unless its stamp says nothing it depends on changed since its last build. */
export function buildIfStale(targetName) {
  const target = TARGETS[targetName];
  if (!target) throw new Error(`Cible de compilation inconnue : ${targetName} (attendu : ${Object.keys(TARGETS).join(', ')})`);
  // Taken before compiling: a file saved during the build makes the next one compile again.
  const fingerprints = Object.fromEntries([targetName, ...target.covers].map((name) => [name, fingerprint(name)]));
  if (existsSync(stampOf(targetName)) && readFileSync(stampOf(targetName), 'utf8') === fingerprints[targetName]) return;

  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, target.tsconfig)], { stdio: 'inherit' });
  for (const file of filesUnder(dist)) {
    if (!/\.(js|js\.map|d\.ts)$/.test(file)) continue;
    const source = path.join(root, path.relative(dist, file)).replace(/\.(js|js\.map|d\.ts)$/, '.ts');
    if (!existsSync(source)) rmSync(file);
  }
  mkdirSync(dist, { recursive: true });
  for (const [name, print] of Object.entries(fingerprints)) writeFileSync(stampOf(name), print);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    buildIfStale(process.argv[2] ?? 'server');
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
