/**
 * The tests' zips are built while the API runs in the same process: building one must leave the event loop
 * free. A loop held longer than the server's keep-alive timeout (5 s) let the server close an idle connection
 * just as the next request reused it, which failed that request with ECONNRESET (seen in the 10,004-file
 * workbook of imports/spreadsheet-files.test.ts on a busy machine).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { zip } from './zip.js';

describe('the zip built for a test', () => {
  let server: http.Server;
  beforeAll(() => new Promise<void>((resolve) => {
    server = http.createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1', resolve);
  }));
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('lets a server of the same process answer while its parts are packed', async () => {
    const finished: string[] = [];
    const parts = Array.from({ length: 10_004 }, (_, index) => ({ name: `xl/media/${index}.txt`, data: Buffer.from('x') }));
    const packed = zip(parts).then(() => finished.push('zip'));
    const answered = fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`).then((response) => response.text()).then(() => finished.push('request'));
    await Promise.all([packed, answered]);
    expect(finished).toEqual(['request', 'zip']);
  });
});
