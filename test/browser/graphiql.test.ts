import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Api } from '../../src/app.js';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.join(PROJECT_ROOT, 'docs', 'screenshots', 'graphiql.png');

// In CI a missing browser fails the test (the launch throws): only a developer's machine may lack it.
const browserMissing = !existsSync(CHROMIUM) && !process.env.CI;
if (browserMissing) console.warn(`GraphiQL browser test skipped: no ${CHROMIUM} (apt-get install -y chromium)`);

(browserMissing ? describe.skip : describe)('GraphiQL in a headless Chromium, offline', () => {
  let api: Api;
  let browser: Browser;
  let page: Page;
  const email = 'viewer@departement-62.demo';
  let token: string;
  /** Requests to any other host than the API's, all aborted: the page must not need one. */
  const foreignRequests: string[] = [];
  /** Script errors and refusals of the Content-Security-Policy, which Chromium reports on the console. */
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 760 } });
    page.setDefaultTimeout(15_000);
    const apiHost = new URL(api.url).host;
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).host === apiHost) return route.continue();
      foreignRequests.push(url);
      return route.abort();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const responsePane = () => page.locator('.graphiql-response');

  it('opens without a token and says to type one', async () => {
    const response = await page.goto(api.url);
    expect(response?.status()).toBe(200);
    await page.locator('.graphiql-execute-button').click();
    await responsePane().getByText('Saisissez un jeton ou une clé d’API').waitFor();
  });

  it('runs the prefilled query with the token typed in the page, and shows the markets', async () => {
    const [first] = await sql<{ reference: string }>('select reference from market order by reference, id limit 1');
    token = await tokenFor(email);
    await page.locator('#token').fill(token);
    await page.locator('#token').press('Enter');
    await page.locator('.graphiql-execute-button').click();
    await responsePane().getByText(first!.reference).waitFor();
    await responsePane().getByText(email).waitFor();
  });

  it('keeps the token in the tab, and shows the schema in the documentation explorer', async () => {
    await page.reload();
    expect(await page.locator('#token').inputValue()).toBe(token);
    await page.getByRole('button', { name: /documentation/i }).click();
    await page.locator('.graphiql-doc-explorer').getByText('Query').first().waitFor();
    await page.locator('.graphiql-execute-button').click();
    await responsePane().getByText('totalCount').waitFor();
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('needed no other host, and broke no rule of its Content-Security-Policy', () => {
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
