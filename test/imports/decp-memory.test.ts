import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { marche } from './decp-fixtures.js';

const RECORDS = 20_000;
/** Enough for the modules and the markets kept (small: a place of execution of 2,000 characters is not kept), far from enough for the file (about 60 MB) or a chunk of it per market kept. */
const HEAP_MB = 40;

/**
 * Reads a file whose every record is a market kept, as the import reads it (stream, check and map, latest
 * publication), in a process whose heap is far smaller than the file: what it holds must be the small
 * mapped markets, not the records nor the parser's chunks.
 */
const READ_AND_KEEP = `
  const dist = ${JSON.stringify(path.join(PROJECT_ROOT, 'dist/src/imports/decp'))};
  const { readDecpFile } = await import(dist + '/reader.js');
  const { parseDecpMarket } = await import(dist + '/record.js');
  const { LatestPublications } = await import(dist + '/publication.js');
  const latest = new LatestPublications();
  let position = 0;
  for await (const entry of readDecpFile(process.argv[1])) {
    const market = parseDecpMarket(entry.record, (position += 1));
    latest.offer(market.id, market.publication, market);
  }
  console.log([...latest.values()].length);
`;

describe('reading a large file', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'clauses-decp-memory-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('holds only the mapped markets kept, in flat memory', async () => {
    const file = path.join(folder, 'national.json');
    const out = createWriteStream(file);
    out.write('{"marches": {"marche": [\n');
    for (let i = 0; i < RECORDS; i++) {
      out.write(`${i ? ',\n' : ''}${JSON.stringify(marche({ id: `M${i}`, amount: String(1000 + i), extra: { lieuExecution: { code: '62000', typeCode: 'Code postal', nom: 'x'.repeat(2000) } } }))}`);
    }
    out.end(']}}\n');
    await finished(out);
    const run = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--input-type=module', '-e', READ_AND_KEEP, file], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect([run.status, run.stdout.trim()]).toEqual([0, String(RECORDS)]);
  });
});
