/** Files named after their content (GraphiQL's, the console's): stored by browsers for a year, gzipped when asked. */
import type http from 'node:http';

export interface StoredFile {
  type: string;
  body: Buffer;
  /** Absent for what compression would not shrink (fonts, images). */
  gzipped?: Buffer;
}

export function sendStoredFile(req: http.IncomingMessage, res: http.ServerResponse, file: StoredFile): void {
  const gzipped = file.gzipped !== undefined && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  res.writeHead(200, {
    'content-type': file.type,
    // Named after their content: the only answers worth storing.
    'cache-control': 'public, max-age=31536000, immutable',
    vary: 'Accept-Encoding',
    ...(gzipped ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(gzipped ? file.gzipped : file.body);
}
