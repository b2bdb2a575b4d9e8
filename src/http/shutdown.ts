/**
 * Stopping the HTTP server without cutting work it accepted. Once it stops, a request arriving on a
 * connection kept alive is refused (503, `Connection: close`: nothing was done, the client retries
 * elsewhere or later); the requests in flight finish, their connections closed after their answer; past
 * the drain's bound, the connections still open are destroyed. A streamed answer cut so ends without its
 * last chunk, which a client reports as an error: never a 200 that looks complete.
 */
import type http from 'node:http';

export class RequestsInFlight {
  private readonly answers = new Set<http.ServerResponse>();
  private stopping = false;
  private allEnded?: () => void;

  /** Counts a request until its answer ends; false once the server stops (the caller refuses it). */
  admit(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    if (this.stopping) {
      res.setHeader('connection', 'close');
      return false;
    }
    this.answers.add(res);
    const { socket } = req;
    res.once('close', () => {
      this.answers.delete(res);
      // A connection kept alive is closed once its answer is sent, rather than waiting for another request.
      if (this.stopping) socket.end();
      if (this.stopping && this.answers.size === 0) this.allEnded?.();
    });
    return true;
  }

  /** Stops accepting, lets the requests in flight end for up to `timeoutMs`, then closes every connection. */
  async drain(server: http.Server, timeoutMs: number): Promise<void> {
    this.stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    for (const res of this.answers) if (!res.headersSent) res.setHeader('connection', 'close');
    const ended = this.answers.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => (this.allEnded = resolve));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([ended, timedOut]);
    clearTimeout(timer);
    server.closeAllConnections();
    await closed;
  }
}
