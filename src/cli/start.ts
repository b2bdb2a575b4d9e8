/** npm start: serves the API, on an embedded PostgreSQL unless DATABASE_URL is set. */
import { startPlatform } from '../app.js';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { createLogger, type Logger } from '../logging/logger.js';

const startedAt = performance.now();

/** A setting to change is said in one line; anything unexpected is logged with its details. */
function failedToStart(error: unknown, logger: Logger): never {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  failedToStart(error, createLogger('info'));
}
const logger = createLogger(config.logLevel);

try {
  const api = await startPlatform(config, logger);
  logger.info({ url: api.url, readyInMs: Math.round(performance.now() - startedAt) }, `Clauses API ready at ${api.url}`);
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining requests and stopping');
    await api.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  failedToStart(error, logger);
}
