import { pino } from 'pino';

export type Logger = pino.Logger;

/** JSON lines to standard output, or to `destination` (a test reads them there). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: undefined, redact: ['req.headers.authorization', 'headers.authorization'] }, destination);
}
