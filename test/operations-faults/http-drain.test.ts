/**
 * How a stop drains an HTTP server (src/http/shutdown.ts), on a server whose one route streams an answer
 * slowly, chunk after chunk, as an export does when its client reads slowly.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { RequestsInFlight } from '../../src/http/shutdown.js';

const CHUNKS = 10;
const CHUNK_EVERY_MS = 100;

async function streamingServer(): Promise<{ server: http.Server; requests: RequestsInFlight; port: number }> {
  const requests = new RequestsInFlight();
  const server = http.createServer((req, res) => {
    if (!requests.admit(req, res)) {
      res.writeHead(503, { 'content-type': 'text/plain' });
      return res.end('arrêt en cours');
    }
    if (req.url !== '/stream') return res.end('ok');
    res.writeHead(200, { 'content-type': 'text/csv' });
    let sent = 0;
    const timer = setInterval(() => {
      res.write(`ligne ${sent}\n`);
      sent += 1;
      if (sent === CHUNKS) {
        clearInterval(timer);
        res.end();
      }
    }, CHUNK_EVERY_MS);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, requests, port: (server.address() as AddressInfo).port };
}

const wholeStream = Array.from({ length: CHUNKS }, (_, line) => `ligne ${line}\n`).join('');

describe('draining the HTTP server on a stop', () => {
  it('lets a streamed answer in flight finish within the bound, then closes its connection', async () => {
    const { server, requests, port } = await streamingServer();
    const response = await fetch(`http://127.0.0.1:${port}/stream`);
    const drained = requests.drain(server, 5_000);
    expect(await response.text()).toBe(wholeStream);
    await drained;
    await expect(fetch(`http://127.0.0.1:${port}/stream`)).rejects.toThrow();
  });

  it('cuts a streamed answer that outlives the bound without its last chunk: the client gets an error, never a complete 200', async () => {
    const { server, requests, port } = await streamingServer();
    const response = await fetch(`http://127.0.0.1:${port}/stream`);
    expect(response.status).toBe(200);
    const body = response.text();
    await requests.drain(server, 3 * CHUNK_EVERY_MS);
    await expect(body).rejects.toThrow();
  });

  it('refuses a request that arrives on a kept-alive connection once the stop began, with 503 and Connection: close, after the answer in flight', async () => {
    const { server, requests, port } = await streamingServer();
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write('GET /stream HTTP/1.1\r\nHost: test\r\n\r\n');
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    const drained = requests.drain(server, 5_000);
    socket.write('GET /other HTTP/1.1\r\nHost: test\r\n\r\n');
    await ended;
    await drained;
    const [streamed, refused] = received.split(/(?=HTTP\/1\.1 )/);
    expect(streamed).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(streamed).toContain('ligne 9\n\r\n0\r\n\r\n');
    expect(refused).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(refused).toMatch(/\r\nConnection: close\r\n/i);
  });
});
