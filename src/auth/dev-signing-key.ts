import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

/** File name of the development signing key inside the data directory. */
export const DEV_SIGNING_KEY_FILE = 'dev-signing-key.json';

/** Algorithm of the development signing key. */
export const DEV_SIGNING_ALG = 'ES256';

export type DevSigningKey = {
  /** RFC 7638 SHA-256 thumbprint of the public key, written as the `kid` header of dev tokens. */
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
};

interface StoredJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d: string;
  kid: string;
  alg: typeof DEV_SIGNING_ALG;
  use: 'sig';
}

/**
 * Loads the development signing key from `${dataDir}/dev-signing-key.json`, generating it on first
 * use.
 *
 * The key is written as a private JWK (mode 0600) to a temporary file that is fsynced and then
 * hard-linked to its final name. `link` fails with EEXIST when the name is taken, so it is an
 * atomic "create if absent with complete contents": a crash leaves at worst a stray temp file,
 * never half a key, and when several processes race on the first call exactly one key wins. Every
 * caller returns what is on disk after the race, so all of them agree.
 */
export async function loadOrCreateDevSigningKey(dataDir: string): Promise<DevSigningKey> {
  const file = path.join(dataDir, DEV_SIGNING_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing) return existing;

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const jwk = await generateStoredJwk();
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(jwk, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(tmp, file);
    } catch (err) {
      // Someone else created the key first: theirs wins, ours is discarded.
      if (errorCode(err) !== 'EEXIST') throw err;
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }

  const stored = await readKeyFile(file);
  if (!stored) {
    throw new Error(`dev signing key file ${file} disappeared right after being created`);
  }
  return stored;
}

async function generateStoredJwk(): Promise<StoredJwk> {
  const { privateKey } = await generateKeyPair(DEV_SIGNING_ALG, { extractable: true });
  const exported = await exportJWK(privateKey);
  const { x, y, d } = exported;
  if (exported.kty !== 'EC' || exported.crv !== 'P-256' || !x || !y || !d) {
    throw new Error('generated dev signing key is not an EC P-256 private key');
  }
  const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x, y }, 'sha256');
  return { kty: 'EC', crv: 'P-256', x, y, d, kid, alg: DEV_SIGNING_ALG, use: 'sig' };
}

/** Reads and imports the key file; undefined when it does not exist. */
async function readKeyFile(file: string): Promise<DevSigningKey | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw err;
  }
  const jwk = parseStoredJwk(text, file);
  const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  const privateJwk: JWK = { ...publicJwk, d: jwk.d };
  try {
    const privateKey = await importJWK(privateJwk, DEV_SIGNING_ALG, { extractable: false });
    const publicKey = await importJWK(publicJwk, DEV_SIGNING_ALG, { extractable: true });
    if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) {
      throw new Error('unexpected symmetric key');
    }
    return { kid: jwk.kid, privateKey, publicKey };
  } catch (cause) {
    throw corrupted(file, { cause });
  }
}

function parseStoredJwk(text: string, file: string): StoredJwk {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw corrupted(file);
  }
  if (typeof data !== 'object' || data === null) throw corrupted(file);
  const jwk = data as Record<string, unknown>;
  const { kty, crv, x, y, d, kid } = jwk;
  if (
    kty !== 'EC' ||
    crv !== 'P-256' ||
    typeof x !== 'string' ||
    typeof y !== 'string' ||
    typeof d !== 'string' ||
    typeof kid !== 'string' ||
    kid.length === 0
  ) {
    throw corrupted(file);
  }
  return { kty, crv, x, y, d, kid, alg: DEV_SIGNING_ALG, use: 'sig' };
}

function corrupted(file: string, options?: { cause?: unknown }): Error {
  // Never include the file contents: it is a private key.
  return new Error(
    `La clé de signature de développement ${file} n’est pas une clé privée ES256 (JWK) valide : supprimez le fichier pour en générer une nouvelle`,
    options,
  );
}

function errorCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
}
