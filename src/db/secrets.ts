import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Passwords of the database roles the platform manages, generated once into the data folder. */
export interface DatabaseSecrets {
  superuserPassword: string;
  ownerPassword: string;
  appPassword: string;
}

const FILE_NAME = 'database-secrets.json';

function generate(): DatabaseSecrets {
  const password = () => randomBytes(24).toString('base64url');
  return { superuserPassword: password(), ownerPassword: password(), appPassword: password() };
}

export async function loadOrCreateDatabaseSecrets(dataDir: string): Promise<DatabaseSecrets> {
  const file = path.join(dataDir, FILE_NAME);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DatabaseSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  // Written whole, then linked, which fails when the file exists: of processes starting together on one data
  // folder, the first gives the passwords and the others read them, where each renaming its own over the
  // others' would leave one of them with passwords the roles no longer have. A file system without hard links
  // gets the rename.
  try {
    await writeFile(temporary, JSON.stringify(generate(), null, 2), { mode: 0o600 });
    await link(temporary, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'EOPNOTSUPP' || code === 'ENOSYS') await rename(temporary, file);
    else if (code !== 'EEXIST') throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  return JSON.parse(await readFile(file, 'utf8')) as DatabaseSecrets;
}
