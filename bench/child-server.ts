/** What the bench's own servers (the baseline, the peer) share when run as a child process: start, announce, stop on a signal. */
import { pathToFileURL } from 'node:url';

export interface ChildServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the server when `moduleUrl` is the script Node runs; prints « NAME ready at URL », and stops within 5 s on SIGTERM or SIGINT. */
export function runWhenMain(moduleUrl: string, name: string, start: () => Promise<ChildServer>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  start().then((server) => {
    console.log(`${name} ready at ${server.url}`);
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      const timer = setTimeout(() => process.exit(1), 5_000);
      timer.unref();
      server.close().then(() => process.exit(0), () => process.exit(1));
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  }, (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
