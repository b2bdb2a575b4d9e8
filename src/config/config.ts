import path from 'node:path';
import { isIsoDate } from '../domain/dates.js';
import { PROJECT_ROOT } from './paths.js';

export type AuthConfig =
  | { mode: 'dev' }
  | { mode: 'oidc'; issuer: string; audience: string; jwksUri?: string; /** The console's public client at the provider (authorization code with PKCE). */ clientId: string };

export interface Config {
  environment: 'development' | 'test' | 'production';
  port: number;
  host?: string;
  dataDir: string;
  /** Connection of the owner role (runs migrations). Absent: an embedded PostgreSQL is started in dataDir. */
  databaseUrl?: string;
  /** Connection of the application role. Absent: the platform manages the role `clauses_app` itself. */
  appDatabaseUrl?: string;
  embeddedPostgresPort: number;
  /** Seed the demo data when the database has no organisation yet. */
  seedDemo: boolean;
  auth: AuthConfig;
  logLevel: string;
  /** Origins of the browser front-ends allowed to call the API (CORS); empty: none. */
  corsOrigins: string[];
  /** The bearer token GET /metrics asks for; absent, /metrics is not served. */
  metricsToken?: string;
  /** How long a stop lets the requests in flight finish before it closes their connections. */
  drainTimeoutMs: number;
  /** The last day personal data is kept (YYYY-MM-DD): the partnership agreement's date unless changed. */
  retentionUntil: string;
  /** People without activity for longer have their identity destroyed by `npm run retention`; null: never. */
  anonymiseInactiveAfterMonths: number | null;
}

/** « L'ensemble des documents devra être conservé jusqu'au 31 décembre 2032 » (the partnership agreement, article 7; seed 003). */
export const AGREEMENT_RETENTION_UNTIL = '2032-12-31';

/** A setting the person who starts the platform must change: its message, in French, names the variable. */
export class ConfigError extends Error {}

/** The port a variable chose is taken by another program. */
export function portTaken(port: number, variable: string): ConfigError {
  return new ConfigError(`Le port ${port} est déjà utilisé (variable ${variable}) : choisissez-en un autre, par exemple ${variable}=${port + 1} npm start.`);
}

type Env = Record<string, string | undefined>;

function readPort(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${name} doit être un numéro de port TCP (de 0 à 65535), et non « ${raw} ».`);
  return port;
}

function readSeconds(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600) throw new ConfigError(`${name} doit être un nombre de secondes (de 0 à 3600), et non « ${raw} ».`);
  return seconds;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} doit valoir true ou false, et non « ${raw} ».`);
}

function readAuth(env: Env, environment: Config['environment']): AuthConfig {
  const issuer = env.OIDC_ISSUER;
  if (!issuer) {
    if (environment === 'production') throw new ConfigError('OIDC_ISSUER et OIDC_AUDIENCE sont obligatoires en production : indiquez le fournisseur d’identité OpenID Connect.');
    return { mode: 'dev' };
  }
  const audience = env.OIDC_AUDIENCE;
  if (!audience) throw new ConfigError('OIDC_AUDIENCE est obligatoire avec OIDC_ISSUER : indiquez l’audience attendue dans les jetons.');
  return { mode: 'oidc', issuer, audience, jwksUri: env.OIDC_JWKS_URI || undefined, clientId: env.OIDC_CLIENT_ID || audience };
}

/** Comma-separated origins, each exactly as a browser sends it in `Origin` (lower case, no default port, no path). */
function readOrigins(env: Env, name: string): string[] {
  const entries = (env[name] ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const url = URL.canParse(entry) ? new URL(entry) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== entry) {
      throw new ConfigError(`${name} : « ${entry} » n’est pas une origine ; attendu : http(s)://hôte[:port] en minuscules, sans port par défaut, chemin ni barre finale (ex. https://suivi.exemple.fr)`);
    }
  }
  return entries;
}

/** A secret a Prometheus server sends as a bearer token: long enough not to be guessed, in the characters a bearer token allows. */
function readSecretToken(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^[A-Za-z0-9\-._~+/]{32,}$/.test(raw)) {
    throw new ConfigError(`${name} doit compter au moins 32 caractères parmi lettres, chiffres et - . _ ~ + / (par exemple la sortie de « openssl rand -hex 32 »).`);
  }
  return raw;
}

function readDate(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!isIsoDate(raw)) throw new ConfigError(`${name} doit être une date au format AAAA-MM-JJ (par exemple ${fallback}), et non « ${raw} ».`);
  return raw;
}

function readMonths(env: Env, name: string): number | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  const months = Number(raw);
  if (!Number.isInteger(months) || months < 1 || months > 1200) throw new ConfigError(`${name} doit être un nombre entier de mois (de 1 à 1200), et non « ${raw} ».`);
  return months;
}

function readEnvironment(env: Env): Config['environment'] {
  const value = env.NODE_ENV ?? 'development';
  if (value === 'development' || value === 'test' || value === 'production') return value;
  throw new ConfigError(`NODE_ENV doit valoir development, test ou production, et non « ${value} ».`);
}

export function loadConfig(env: Env = process.env): Config {
  const environment = readEnvironment(env);
  return {
    environment,
    port: readPort(env, 'PORT', 4000),
    host: env.HOST || undefined,
    dataDir: path.resolve(PROJECT_ROOT, env.DATA_DIR || '.data'),
    databaseUrl: env.DATABASE_URL || undefined,
    appDatabaseUrl: env.APP_DATABASE_URL || undefined,
    embeddedPostgresPort: readPort(env, 'EMBEDDED_PG_PORT', 54329),
    seedDemo: readBoolean(env, 'SEED_DEMO', environment !== 'production'),
    auth: readAuth(env, environment),
    logLevel: env.LOG_LEVEL || (environment === 'test' ? 'warn' : 'info'),
    corsOrigins: readOrigins(env, 'CORS_ORIGINS'),
    metricsToken: readSecretToken(env, 'METRICS_TOKEN'),
    drainTimeoutMs: readSeconds(env, 'DRAIN_TIMEOUT_SECONDS', 10) * 1000,
    retentionUntil: readDate(env, 'RETENTION_UNTIL', AGREEMENT_RETENTION_UNTIL),
    anonymiseInactiveAfterMonths: readMonths(env, 'ANONYMISE_INACTIVE_AFTER_MONTHS'),
  };
}
