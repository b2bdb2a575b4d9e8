import { execFile } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths.js';

describe('npm run bench:soak', () => {
  // About 35 s: npm start from a cold folder, 12 s of load, the check. Its memory verdict means nothing over 12 s: not asserted.
  it('runs a few seconds on npm start without a failed request, and finds every acknowledged write in the database', async () => {
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [path.join(PROJECT_ROOT, 'scripts/run.mjs'), 'bench/soak.js'], { cwd: PROJECT_ROOT, env: { ...process.env, SOAK_MINUTES: '0.2' } },
        (_error, out, err) => resolve({ stdout: out, stderr: err }));
    });
    const summary = (label: string) => new RegExp(`^${label} .*$`, 'm').exec(stdout)?.[0] ?? `no "${label}" line; stderr:\n${stderr}`;
    expect(summary('errors')).toMatch(/^errors +0 \(0\.000 %\)/);
    expect(summary('writes')).toMatch(/^writes +[1-9]\d* acknowledged .* 0 missing, 0 with another value/);
  }, 180_000);
});
