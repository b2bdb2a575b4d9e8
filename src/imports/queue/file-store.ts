/**
 * A file sent for import, kept in the database in parts of about 1 MiB until its job ends (import_file_chunk), so
 * that any instance runs the job. The request body is received into a temporary file first: a sender as slow as it
 * likes holds no database connection. The file is then copied into its parts in one short transaction, and read
 * back to a temporary file for the run, so that neither side ever holds more than a part in memory.
 *
 * The temporary files hold people's names: they are kept in a folder of the process's own, readable by its user
 * only, and removed whatever ends them; the folders of processes killed mid-import are swept at the next start.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isAlive } from '../../config/process-alive.js';
import type { Sql } from '../../db/raw-sql.js';

const PART_BYTES = 1024 * 1024;
/** A process's folder is named after it: `clauses-imports-<pid>-<random>`. */
const SPOOL_PREFIX = 'clauses-imports-';

export class FileTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`Fichier trop volumineux (au plus ${Math.round(limit / 1024 / 1024)} Mo)`);
  }
}

export interface ReceivedFile {
  /** The temporary file, which the caller removes (`discard`). */
  path: string;
  bytes: number;
  /** SHA-256, hex. */
  sha256: string;
}

let folder: Promise<string> | undefined;

/** This process's folder of temporary files, made at first use; mkdtemp makes it readable by its user only. */
export function spoolDirectory(): Promise<string> {
  return (folder ??= mkdtemp(path.join(os.tmpdir(), `${SPOOL_PREFIX}${process.pid}-`)).catch((error: unknown) => {
    folder = undefined;
    throw error;
  }));
}

/** A new file of this process's folder, readable by its user only; the folder is made again if something removed it. */
async function openTemporaryFile(mayRemake = true): Promise<{ target: string; handle: FileHandle }> {
  const target = path.join(await spoolDirectory(), randomUUID());
  try {
    return { target, handle: await open(target, 'wx', 0o600) };
  } catch (error) {
    // The folder removed meanwhile (a cleaner of old temporary folders): made again, once.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !mayRemake) throw error;
    folder = undefined;
    return openTemporaryFile(false);
  }
}

/** The folders of temporary files that processes now gone left (killed mid-import), removed with what they hold. */
export async function sweepAbandonedSpools(): Promise<void> {
  const entries = await readdir(os.tmpdir(), { withFileTypes: true });
  await Promise.all(entries.map(async (entry) => {
    if (!entry.isDirectory() || !entry.name.startsWith(SPOOL_PREFIX)) return;
    const pid = Number(entry.name.slice(SPOOL_PREFIX.length).split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || isAlive(pid)) return;
    // Another user's folder cannot be removed: it is left to them.
    await rm(path.join(os.tmpdir(), entry.name), { recursive: true, force: true }).catch(() => undefined);
  }));
}

export const discard = (file: string) => rm(file, { force: true });

/**
 * A new temporary file, readable by the process's user only, that `write` fills; on any failure the file is removed
 * before the error is thrown. It is opened before anything is written, so that no late open recreates it after.
 */
async function intoTemporaryFile(write: (file: NodeJS.WritableStream) => Promise<void>): Promise<string> {
  const { target, handle } = await openTemporaryFile();
  try {
    await write(handle.createWriteStream());
    return target;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await discard(target);
    throw error;
  }
}

/** Receives the body into a temporary file; FileTooLarge as soon as it passes maxBytes, and nothing kept. */
export async function receiveFile(body: AsyncIterable<Buffer>, maxBytes: number): Promise<ReceivedFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  async function* counted(source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw new FileTooLarge(maxBytes);
      hash.update(chunk);
      yield chunk;
    }
  }
  const target = await intoTemporaryFile((file) => pipeline(body, counted, file));
  return { path: target, bytes, sha256: hash.digest('hex') };
}

/** Copies a received file into the job's parts, in the caller's transaction. */
export async function storeFile(sql: Sql, jobId: string, file: ReceivedFile): Promise<void> {
  let seq = 0;
  for await (const part of createReadStream(file.path, { highWaterMark: PART_BYTES })) {
    await sql('insert into import_file_chunk (import_job_id, seq, bytes) values ($1, $2, $3)', [jobId, seq++, part]);
  }
}

/** Writes the job's file to a temporary file, part after part, and gives its path. */
export async function spoolFile(sql: Sql, jobId: string, signal: AbortSignal): Promise<string> {
  async function* parts() {
    for (let seq = 0; ; seq += 1) {
      const [row] = await sql<{ bytes: Buffer }>('select bytes from import_file_chunk where import_job_id = $1 and seq = $2', [jobId, seq]);
      if (!row) return;
      yield row.bytes;
    }
  }
  return intoTemporaryFile((file) => pipeline(Readable.from(parts()), file, { signal }));
}

/** Removes the job's file, in the caller's transaction (the one that ends the job). */
export async function removeFile(sql: Sql, jobId: string): Promise<void> {
  await sql('delete from import_file_chunk where import_job_id = $1', [jobId]);
}
