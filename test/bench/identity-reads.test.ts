import { execFile } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths.js';

describe('npm run bench:identity-reads', () => {
  // About 40 s: a fresh embedded PostgreSQL with the demo data, a few thousand records. Its timings mean nothing at this size: not asserted.
  it('walks every page of the investigation and finds the records the hand-written statement finds', async () => {
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [path.join(PROJECT_ROOT, 'scripts/run.mjs'), 'bench/identity-reads.js'], {
        cwd: PROJECT_ROOT, env: { ...process.env, BENCH_READ_RECORDS: '20000', BENCH_SUSPECT_RECORDS: '6000', BENCH_REQUESTS: '2' },
      }, (_error, out, err) => resolve({ stdout: out, stderr: err }));
    });
    const line = (label: string) => new RegExp(`^${label} .*$`, 'm').exec(stdout)?.[0] ?? `no "${label}" line; stderr:\n${stderr}`;
    // About a tenth of 6,000 records spread over ten years fall in 2024: more than one page of 500.
    expect(line('question')).toMatch(/^question +every identity one user read in 2024: (5[1-9]\d|[6-7]\d\d) records of 6,000 over ten years$/);
    expect(line('API, every page')).toMatch(/^API, every page +2 /);
  }, 180_000);
});
