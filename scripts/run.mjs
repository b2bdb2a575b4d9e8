// Runs one of the project's commands from dist/, in this process: compiles first when a source changed
// (scripts/build.mjs), then loads the command with Node's compile cache, so that a command on an
// unchanged tree starts in one Node start with its modules' code already compiled.
//
//   node scripts/run.mjs src/cli/token.js ARGUMENTS…     (bench/… builds the benchmarks too)
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIfStale } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const command = process.argv[2];
if (!command) {
  console.error('Usage : node scripts/run.mjs CHEMIN_DANS_DIST [ARGUMENTS…]');
  process.exit(2);
}

try {
  buildIfStale(command.startsWith('bench/') ? 'bench' : 'server');
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
module.enableCompileCache(path.join(root, 'dist', '.compile-cache'));
module.setSourceMapsSupport(true, { nodeModules: false });
const script = path.join(root, 'dist', command);
// The command reads its own arguments from process.argv[2] on, as when it is run directly.
process.argv.splice(1, 2, script);
await import(pathToFileURL(script).href);
