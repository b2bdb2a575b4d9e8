/** npm start: serves the API, on an embedded PostgreSQL unless DATABASE_URL is set. */
import { startPlatform } from '../app.js';
import { createLogger } from '../logging/logger.js';
import { configOrExit, exitOnConfigError } from './config-or-exit.js';

const startedAt = performance.now();
const config = configOrExit();
const logger = createLogger(config.logLevel);

try {
  const api = await startPlatform(config, logger);
  logger.info({ url: api.url, readyInMs: Math.round(performance.now() - startedAt) }, `Clauses API ready at ${api.url}`);
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining requests and stopping');
    try {
      await api.close();
    } catch (error) {
      logger.error({ err: error }, 'stopped, not cleanly');
      process.exit(1);
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  exitOnConfigError(error);
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}
