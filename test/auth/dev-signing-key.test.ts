import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { DEV_SIGNING_KEY_FILE, loadOrCreateDevSigningKey } from '../../src/auth/dev-signing-key.js';
import { createTokenVerifier, signDevToken } from '../../src/auth/tokens.js';

const execFileAsync = promisify(execFile);

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'clauses-dev-key-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let counter = 0;
function freshDir(): string {
  counter += 1;
  // Nested and not yet existing: loadOrCreateDevSigningKey must create it.
  return path.join(root, `case-${counter}`, 'data');
}

async function storedKid(dataDir: string): Promise<string> {
  const jwk = JSON.parse(await readFile(path.join(dataDir, DEV_SIGNING_KEY_FILE), 'utf8')) as { kid: string };
  return jwk.kid;
}

describe('loadOrCreateDevSigningKey', () => {
  it('creates the data directory and writes a private ES256 JWK with mode 0600', async () => {
    const dataDir = freshDir();
    const key = await loadOrCreateDevSigningKey(dataDir);

    const file = path.join(dataDir, DEV_SIGNING_KEY_FILE);
    const info = await stat(file);
    expect(info.mode & 0o777).toBe(0o600);

    const jwk = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: key.kid });
    expect(typeof jwk['d']).toBe('string');
    expect(key.kid.length).toBeGreaterThan(0);
    expect(key.privateKey.type).toBe('private');
    expect(key.publicKey.type).toBe('public');

    // No temporary file is left behind.
    expect(await readdir(dataDir)).toEqual([DEV_SIGNING_KEY_FILE]);
  });

  it('reuses the persisted key on later calls', async () => {
    const dataDir = freshDir();
    const first = await loadOrCreateDevSigningKey(dataDir);
    const before = await readFile(path.join(dataDir, DEV_SIGNING_KEY_FILE), 'utf8');

    const second = await loadOrCreateDevSigningKey(dataDir);
    expect(second.kid).toBe(first.kid);
    expect(await readFile(path.join(dataDir, DEV_SIGNING_KEY_FILE), 'utf8')).toBe(before);
    expect((await stat(path.join(dataDir, DEV_SIGNING_KEY_FILE))).mode & 0o777).toBe(0o600);

    // A token signed with the first load verifies with the second one: same key material.
    const token = await signDevToken(first, { sub: 'user-1', email: 'user@example.org' });
    const identity = await createTokenVerifier({ mode: 'dev', key: second })(token);
    expect(identity.subject).toBe('user-1');
  });

  it('concurrent first calls in one process agree with each other and with the file', async () => {
    const dataDir = freshDir();
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateDevSigningKey(dataDir)));
    const kid = await storedKid(dataDir);
    for (const key of keys) expect(key.kid).toBe(kid);
    expect(await readdir(dataDir)).toEqual([DEV_SIGNING_KEY_FILE]);

    const verify = createTokenVerifier({ mode: 'dev', key: keys[0]! });
    for (const key of keys) {
      await expect(verify(await signDevToken(key, { sub: 's', email: 'e@example.org' }))).resolves.toMatchObject({
        subject: 's',
      });
    }
  });

  it('concurrent first calls from several processes agree with each other and with the file', async () => {
    const dataDir = freshDir();
    const moduleUrl = new URL('../../src/auth/dev-signing-key.js', import.meta.url).href;
    const script = `
      const { loadOrCreateDevSigningKey } = await import(${JSON.stringify(moduleUrl)});
      const key = await loadOrCreateDevSigningKey(process.argv[1]);
      process.stdout.write(key.kid);
    `;
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        execFileAsync(process.execPath, ['--input-type=module', '-e', script, dataDir], { timeout: 30_000 }),
      ),
    );
    const kid = await storedKid(dataDir);
    for (const { stdout } of results) expect(stdout).toBe(kid);
    expect(await readdir(dataDir)).toEqual([DEV_SIGNING_KEY_FILE]);
  });

  it('refuses a corrupted key file without echoing its contents', async () => {
    const dataDir = freshDir();
    await loadOrCreateDevSigningKey(dataDir);
    const file = path.join(dataDir, DEV_SIGNING_KEY_FILE);
    await writeFile(file, '{"kty":"EC","secret-ish":"do-not-print"', { mode: 0o600 });

    const error = await loadOrCreateDevSigningKey(dataDir).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(DEV_SIGNING_KEY_FILE);
    expect((error as Error).message).not.toContain('do-not-print');
  });
});
