/**
 * The API with one access layer taken away, to measure what each costs (npm run bench):
 * VARIANT=full (all three layers), no-shield (no GraphQL permission rules), no-rls (connected as the
 * owner, which bypasses row-level security). The ORM's tenant scoping stays on in every variant.
 * A benchmark tool only: the platform itself has no switch to remove a layer.
 */
import { createApi } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/logging/logger.js';

const VARIANTS = ['full', 'no-shield', 'no-rls'] as const;
const variant = process.env.VARIANT as (typeof VARIANTS)[number];
if (!VARIANTS.includes(variant)) throw new Error(`VARIANT must be one of ${VARIANTS.join(', ')}`);

const config = { ...loadConfig({ NODE_ENV: 'test', DATA_DIR: process.env.DATA_DIR, PORT: process.env.PORT }), host: '127.0.0.1' };
const api = await createApi({
  config,
  logger: createLogger('warn'),
  appUrl: (variant === 'no-rls' ? process.env.OWNER_DATABASE_URL : process.env.APP_DATABASE_URL) ?? '',
  migrationCount: 0,
  shield: variant !== 'no-shield',
});
const stop = async () => {
  await api.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
