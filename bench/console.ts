/**
 * The console's dashboards as their users open them (npm run bench:console): Debian's Chromium, offline, on the
 * demo data, the API in this process. For each dashboard, signed in as the person it serves, the page is loaded
 * BENCH_LOADS (10) times after one load whose files are not in the browser's cache yet: the first contentful paint
 * (the browser's own measure, from the navigation's start) and the moment its data table is on the screen.
 * Progress on stderr, figures on stdout; the run fails when a dashboard does not show its table.
 */
import os from 'node:os';
import { loadConfig } from '../src/config/config.js';
import { findFreePort } from '../src/config/free-port.js';
import { createApi } from '../src/app.js';
import { createLogger } from '../src/logging/logger.js';
import { launchBrowser, openConsole, signIn, type ConsoleTab } from './browser.js';
import { openDatabase } from './database.js';
import { log, positiveInteger, runBenchmark } from './harness.js';
import { percentile } from './measure.js';
import { fixed, printTitle, table } from './report.js';

const RUN_LIMIT_MS = 20 * 60_000;
const YEAR = new Date().getFullYear();
/** The target for the first paint of each dashboard on the demo data. */
const FIRST_PAINT_TARGET_MS = 1_000;

interface Dashboard {
  label: string;
  email: string;
  path: string;
  /** The caption of the table whose appearance says the dashboard shows its data. */
  table: string;
}

const DASHBOARDS: Dashboard[] = [
  { label: 'Département: the platform', email: 'viewer@departement-62.demo', path: '/tableau-de-bord', table: `Les PLIE côte à côte, ${YEAR - 1}` },
  { label: 'buyer: its markets', email: 'viewer@ville-calais.demo', path: '/marches', table: `Heures des marchés, ${YEAR - 1}` },
  { label: 'coordinator: its charter', email: 'viewer@fabrique-defi.demo', path: '/chartes', table: 'Part de chaque signataire' },
  { label: 'État: the charters it signed', email: 'viewer@sous-prefecture-calais.demo', path: '/chartes', table: 'Objectifs de la charte' },
];

interface Timings {
  firstPaint: number;
  dataShown: number;
}

/** One load of the page: the browser's first contentful paint and when the table appeared, both from the navigation's start. */
async function load(tab: ConsoleTab, dashboard: Dashboard): Promise<Timings> {
  await tab.page.goto(`${tab.origin}${dashboard.path}`);
  const shown = await tab.page.waitForFunction((caption) => {
    // Page code: this module is compiled without the DOM's types.
    const { document } = globalThis as unknown as { document: { querySelectorAll: (selector: string) => Iterable<{ textContent: string | null }> } };
    return [...document.querySelectorAll('caption')].some((element) => element.textContent?.startsWith(caption)) && performance.now();
  }, dashboard.table, { timeout: 30_000, polling: 'raf' });
  const dataShown = (await shown.jsonValue()) as number;
  const firstPaint = await tab.page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
  return { firstPaint, dataShown };
}

interface Result {
  dashboard: Dashboard;
  cold: Timings;
  warm: Timings[];
}

const exitCode = await runBenchmark(async (cleanup) => {
  const loads = positiveInteger('BENCH_LOADS', 10);
  const loadBefore = os.loadavg()[0]!;
  const logger = createLogger('warn');
  log('demo data in a fresh embedded PostgreSQL');
  const database = await openDatabase(logger, process.env.BENCH_DATABASE_URL || undefined, async () => ({}));
  cleanup.add('stop the database and remove its folder', () => database.stop());
  const config = { ...loadConfig({ NODE_ENV: 'test', DATA_DIR: database.dataDir }), port: await findFreePort() };
  const api = await createApi({ config, logger, appUrl: database.appUrl, migrationCount: database.migrationCount });
  cleanup.add('close the API', () => api.close());
  const browser = await launchBrowser();
  cleanup.add('close the browser', () => browser.close());

  const results: Result[] = [];
  for (const dashboard of DASHBOARDS) {
    log(`${dashboard.label}: one load with an empty cache, then ${loads}`);
    const tab = await openConsole(browser, api.url);
    await signIn(tab, dashboard.email);
    const devtools = await tab.context.newCDPSession(tab.page);
    await devtools.send('Network.clearBrowserCache');
    const cold = await load(tab, dashboard);
    const warm: Timings[] = [];
    for (let index = 0; index < loads; index += 1) warm.push(await load(tab, dashboard));
    if (tab.foreignRequests.length || tab.consoleErrors.length) throw new Error(`${dashboard.label}: ${JSON.stringify({ foreign: tab.foreignRequests, errors: tab.consoleErrors })}`);
    await tab.context.close();
    results.push({ dashboard, cold, warm });
  }

  printTitle('Clauses console dashboards', `${database.description}, Chromium driven by playwright-core`, loadBefore);
  console.log(`load       each dashboard signed in as its user, loaded once with the files not yet cached, then ${loads} times`);
  console.log('');
  const quantile = (values: number[], share: number) => fixed(percentile(Float64Array.from(values).sort(), share), 0);
  console.log(table(
    ['dashboard', 'user', 'first paint, cold ms', 'first paint p50 ms', 'p95 ms', 'data shown, cold ms', 'data shown p50 ms', 'p95 ms', `first paint < ${FIRST_PAINT_TARGET_MS} ms`],
    results.map(({ dashboard, cold, warm }) => {
      const paints = warm.map((timing) => timing.firstPaint);
      const met = [cold.firstPaint, ...paints].every((value) => value < FIRST_PAINT_TARGET_MS);
      return [dashboard.label, dashboard.email, fixed(cold.firstPaint, 0), quantile(paints, 0.5), quantile(paints, 0.95),
        fixed(cold.dataShown, 0), quantile(warm.map((timing) => timing.dataShown), 0.5), quantile(warm.map((timing) => timing.dataShown), 0.95), met ? 'met' : 'NOT MET'];
    }),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  ));
  console.log('(from the navigation\'s start: first paint = the browser\'s first-contentful-paint; data shown = the dashboard\'s table on the screen)');
}, RUN_LIMIT_MS);

process.exit(exitCode);
