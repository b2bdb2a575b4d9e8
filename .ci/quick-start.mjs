// The README's quick start as a new user runs it, in this clone: `npm start` (on free ports), /health,
// one authenticated GraphQL query with a token from `npm run --silent token -- EMAIL`, the console at /, then SIGTERM and a
// clean exit with nothing left running; twice, so that the warm start is timed too. Exits non-zero on any failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEMO_USER = 'viewer@departement-62.demo';
/** The body of the README's curl example ("Calling the API"), so that CI runs the query the README shows. */
const README_BODY = readFileSync(path.join(root, 'README.md'), 'utf8').match(/-d '(\{"query".*\})'/)?.[1];
const HEALTH_LIMIT_MS = 300_000;
const STOP_LIMIT_MS = 30_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function fail(message) {
  console.error(`quick start: ÉCHEC : ${message}`);
  process.exit(1);
}

if (!README_BODY) fail('pas de requête `curl … -d \'{"query": …}\'` dans README.md');

const env = { ...process.env, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()) };
for (const name of ['DATABASE_URL', 'APP_DATABASE_URL', 'NODE_ENV', 'SEED_DEMO']) delete env[name];
const base = `http://127.0.0.1:${env.PORT}`;

async function waitForHealth(server, output) {
  const started = performance.now();
  while (performance.now() - started < HEALTH_LIMIT_MS) {
    if (server.exitCode !== null) fail(`npm start s'est arrêté (code ${server.exitCode}) :\n${output.join('')}`);
    const status = await fetch(`${base}/health`).then((response) => response.status, () => 0);
    if (status === 200) return performance.now() - started;
    await sleep(100);
  }
  fail(`/health n'a pas répondu 200 en ${HEALTH_LIMIT_MS / 1000} s :\n${output.join('')}`);
}

async function queryWithDemoToken() {
  const token = spawnSync('npm', ['run', '--silent', 'token', '--', DEMO_USER], { cwd: root, env, encoding: 'utf8' });
  if (token.status !== 0) fail(`npm run --silent token -- ${DEMO_USER} : ${token.stderr}`);
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.stdout.trim()}`, 'content-type': 'application/json' },
    body: README_BODY,
  });
  const body = await response.json();
  if (response.status !== 200 || body.errors || !(body.data?.markets?.totalCount > 0)) {
    fail(`la requête du README a répondu ${response.status} : ${JSON.stringify(body).slice(0, 2000)}`);
  }
  return body.data;
}

/** The console's page at /, and the first script it loads: what a browser gets on opening the platform. */
async function openConsole() {
  const page = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
  const html = await page.text();
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (page.status !== 200 || !html.includes('lang="fr"') || !script) fail(`la console a répondu ${page.status} à / : ${html.slice(0, 500)}`);
  const asset = await fetch(`${base}${script}`);
  if (asset.status !== 200) fail(`le script de la console ${script} a répondu ${asset.status}`);
}

async function stop(server, output) {
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
  server.kill('SIGTERM');
  const exit = await Promise.race([exited, sleep(STOP_LIMIT_MS, null)]);
  if (!exit) {
    server.kill('SIGKILL');
    fail(`npm start ne s'est pas arrêté dans les ${STOP_LIMIT_MS / 1000} s après SIGTERM :\n${output.join('')}`);
  }
  if (exit.code !== 0) fail(`npm start a fini avec ${exit.code ?? exit.signal} après SIGTERM :\n${output.join('')}`);
  if (existsSync(path.join(root, '.data', 'pg', 'postmaster.pid'))) fail('le PostgreSQL embarqué tourne encore après l\'arrêt');
}

async function startOnce(label) {
  const started = performance.now();
  const output = [];
  const server = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (chunk) => output.push(chunk.toString()));
  server.stderr.on('data', (chunk) => output.push(chunk.toString()));
  await waitForHealth(server, output);
  const readyMs = performance.now() - started;
  const data = await queryWithDemoToken();
  await openConsole();
  await stop(server, output);
  console.log(`quick start (${label}) : /health 200 en ${(readyMs / 1000).toFixed(1)} s, ${data.markets.totalCount} marchés vus par ${data.viewer.user.email}, console servie à /, arrêt propre`);
}

await startOnce('premier démarrage');
await startOnce('second démarrage');
