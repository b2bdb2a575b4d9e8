import { ConfigError, loadConfig, type Config } from '../config/config.js';

/** A setting to change stops the command: its one French line on stderr, exit code 1. Other errors are the caller's. */
export function exitOnConfigError(error: unknown): void {
  if (!(error instanceof ConfigError)) return;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

/** The configuration from the environment, or one French line naming the invalid variable. */
export function configOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    exitOnConfigError(error);
    throw error;
  }
}
