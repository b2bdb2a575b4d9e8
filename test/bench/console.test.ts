import { execFile } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { describeInBrowser } from '../support/console.js';

describeInBrowser('npm run bench:console', () => {
  // About 40 s: a fresh embedded PostgreSQL with the demo data, each dashboard loaded twice. Its timings are not asserted.
  it('opens every dashboard as its user until its table shows, and prints the first paint and the data of each', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [path.join(PROJECT_ROOT, 'scripts/run.mjs'), 'bench/console.js'], {
        cwd: PROJECT_ROOT, env: { ...process.env, BENCH_LOADS: '1' },
      }, (_error, out, err) => resolve({ code: child.exitCode, stdout: out, stderr: err }));
    });
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    const rows = stdout.split('\n').filter((line) => /^(Département|buyer|coordinator|État): /.test(line));
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toMatch(/ \d+ +\d+ +\d+ +\d+ +\d+ +\d+ +(met|NOT MET)$/);
  }, 240_000);
});
