/**
 * The temporary files of imports (a file received, a job's file spooled for its run) hold people's names: they are
 * kept in a folder of the process's own, readable by its user only, removed whatever ends them, and the folders of
 * processes killed mid-import are swept at the next start.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import type { Sql } from '../../src/db/raw-sql.js';
import { discard, FileTooLarge, receiveFile, spoolDirectory, spoolFile, sweepAbandonedSpools } from '../../src/imports/queue/file-store.js';
import { sql } from '../support/sql.js';

const ownerSql: Sql = <T>(text: string, params?: unknown[]) => sql(text, params) as Promise<T[]>;

const filesLeft = async () => readdir(await spoolDirectory());

/** A body that sends a chunk, then fails as a connection lost would. */
async function* brokenBody() {
  yield Buffer.from('Nom;Prénom\n');
  throw new Error('connection lost');
}

describe('temporary files of imports', () => {
  it('keeps a file received in a folder of its own process, both readable by its user only', async () => {
    const file = await receiveFile(Readable.from([Buffer.from('Nom;Prénom\nMartin;Léa\n')]), 1_000);
    try {
      expect(path.dirname(file.path)).toBe(await spoolDirectory());
      expect(path.basename(path.dirname(file.path))).toMatch(new RegExp(`^clauses-imports-${process.pid}-`));
      expect((await stat(file.path)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(file.path))).mode & 0o777).toBe(0o700);
    } finally {
      await discard(file.path);
    }
  });

  it('leaves no file behind a body that fails or grows too large', async () => {
    const before = await filesLeft();
    await expect(receiveFile(brokenBody(), 1_000)).rejects.toThrow('connection lost');
    await expect(receiveFile(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1_000)).rejects.toBeInstanceOf(FileTooLarge);
    expect(await filesLeft()).toEqual(before);
  });

  it('leaves no file behind a spool that is stopped', async () => {
    const before = await filesLeft();
    const stopped = new AbortController();
    stopped.abort();
    await expect(spoolFile(ownerSql, randomUUID(), stopped.signal)).rejects.toThrow();
    expect(await filesLeft()).toEqual(before);
  });

  it('makes its folder again when something removed it meanwhile (a cleaner of old temporary folders)', async () => {
    await rm(await spoolDirectory(), { recursive: true });
    const file = await receiveFile(Readable.from([Buffer.from('Martin;Léa\n')]), 1_000);
    try {
      expect(path.dirname(file.path)).toBe(await spoolDirectory());
      expect((await stat(path.dirname(file.path))).mode & 0o777).toBe(0o700);
    } finally {
      await discard(file.path);
    }
  });

  it('sweeps the folders of processes now gone, and no other', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    const abandoned = path.join(os.tmpdir(), `clauses-imports-${gone}-${randomUUID().slice(0, 6)}`);
    const living = path.join(os.tmpdir(), `clauses-imports-${process.ppid}-${randomUUID().slice(0, 6)}`);
    for (const folder of [abandoned, living]) {
      await mkdir(folder, { mode: 0o700 });
      await writeFile(path.join(folder, randomUUID()), 'Martin;Léa\n');
    }
    try {
      await sweepAbandonedSpools();
      await expect(stat(abandoned)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await readdir(living)).toHaveLength(1);
      expect((await stat(await spoolDirectory())).isDirectory()).toBe(true);
    } finally {
      await rm(abandoned, { recursive: true, force: true });
      await rm(living, { recursive: true, force: true });
    }
  });
});
