// The web app under the conditions a review found it failing (Debian's chromium, headless, driven by
// playwright-core): an invalid draft (text in a number cell, every actor or issue deleted) must not blank the page;
// results of an earlier draft are marked out of date and left out of the report; a running job survives switching
// tabs and reloading, cannot be started twice, and is cancelled with one request; unsaved changes are not lost
// without asking; a phone-width screen never scrolls sideways. Waits are for elements only, never for time.
// Screenshots go to test-artifacts/browser/robust-*.png.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, ensureWebBuilt, SHOTS, startBuiltServer } from './server.js';

const run = existsSync(CHROMIUM) ? describe : describe.skip;
const BUSAN = 'us-china-busan-2025';

const SMALL = {
  title: 'Small talk',
  actors: [
    { id: 'a', name: 'Side A', capability: 50, group: 'A' },
    { id: 'b', name: 'Side B', capability: 30, group: 'B' },
    { id: 'c', name: 'Broker', capability: 20, group: 'C' },
  ],
  issues: [
    { id: 'x', name: 'Issue X', status_quo: 50 },
    { id: 'y', name: 'Issue Y' },
  ],
  stances: [
    { actor: 'a', issue: 'x', position: 80, salience: 60 },
    { actor: 'b', issue: 'x', position: 20, salience: 50 },
    { actor: 'c', issue: 'x', position: 50, salience: 30 },
    { actor: 'a', issue: 'y', position: 10, salience: 40 },
    { actor: 'b', issue: 'y', position: 90, salience: 70 },
  ],
};

run('the web app when things go wrong', () => {
  let server: { url: string; child: ChildProcess };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  /** Every API answer of 400 and above, as "METHOD /api/path STATUS". */
  const failures: string[] = [];
  const requests: string[] = [];
  const shot = (name: string, p: Page = page) => p.screenshot({ path: join(SHOTS, `robust-${name}.png`), fullPage: false });
  const watch = (p: Page) => {
    p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error' && !/status of (409|422)/.test(m.text())) errors.push(m.text());
    });
    p.on('request', (r) => {
      if (r.url().includes('/api/')) requests.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    p.on('response', (r) => {
      if (r.status() >= 400 && r.url().includes('/api/')) failures.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`);
    });
  };
  const tab = (name: string) => page.locator('.tabs').getByRole('tab', { name }).click();
  const mcRun = () => page.locator('[data-job-slot="montecarlo"] button.primary');

  beforeAll(async () => {
    await ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'parley-robust-'));
    server = await startBuiltServer(join(dir, 'library.sqlite'), 'parley-browser-robust');
    await fetch(new URL('/api/scenarios', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-analyst': 'parley' },
      body: JSON.stringify({ message: 'a small scenario to break', scenario: SMALL }),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    watch(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
  });

  it('keeps the page and the draft when a number cell gets text, and says what to fix', async () => {
    await page.goto(`${server.url}#/s/${BUSAN}/edit`);
    const cap = page.locator('[data-grid="actors"] [data-cell="0:capability"]');
    await cap.click();
    await page.keyboard.type('lots');
    await page.keyboard.press('Enter');
    await page.locator('[data-grid="actors"] [data-cell="0:capability"].problem').waitFor();
    expect(await cap.getAttribute('title')).toMatch(/capability is the text "lots", not a number, range or distribution — write a number \(40\), a range 30–50, .*tri\(30, 40, 60\)/);

    await tab('Forecast & what-if');
    const notice = page.getByTestId('draft-problems');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/The draft has 1 problem.*Edit.*"lots"/);
    await page.locator(`[data-testid="consensus-fentanyl_tariff"]`).waitFor(); // the last valid forecasts stay on screen
    expect(await page.locator('.whatif').textContent()).toContain('Paused while the draft has problems');
    await shot('01-forecast-text-in-capability');

    await tab('Charts');
    await notice.waitFor();
    await page.locator('figure.chart canvas').first().waitFor();
    await page.locator('[data-chart-tab="deals"]').click();
    expect(await page.locator('[data-job-slot="deals"] button.primary').isDisabled()).toBe(true);
    await shot('02-charts-text-in-capability');

    await tab('Report');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('No report while it has problems');
    expect(await page.locator('iframe.report-frame').count()).toBe(0);

    // A stance position typed as text, on top: still no blank page.
    await tab('Edit');
    await page.locator('[data-grid="stances"] [data-cell="0:position"]').click();
    await page.keyboard.type('abc');
    await page.keyboard.press('Enter');
    await page.locator('[data-grid="stances"] [data-cell="0:position"].problem').waitFor();
    await tab('Forecast & what-if');
    await page.getByText('The draft has 2 problems').waitFor();

    // The draft was kept all along: undo twice and the problems are gone.
    await tab('Edit');
    await page.locator('[data-grid="actors"]').click();
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect.poll(() => cap.textContent()).toBe('40');
    await page.locator('.tabs .count.bad').waitFor({ state: 'detached' });
    expect(await page.getByTestId('view-error').count()).toBe(0);
    expect(errors).toEqual([]);
    expect(failures.filter((f) => /\/api\/(forecast|validate)/.test(f))).toEqual([]); // an invalid draft is never sent
  });

  it('survives a draft with no actors or no issues', async () => {
    await page.goto(`${server.url}#/s/small-talk/edit`);
    await page.locator('[data-grid="actors"]').waitFor();
    for (let k = 3; k > 0; k--) {
      await page.locator('[data-grid="actors"] [aria-label^="Delete row"]').first().click();
      await expect.poll(() => page.locator('[data-grid="actors"] [role="row"]').count()).toBe(k); // header + k - 1 rows
    }
    await tab('Charts');
    await page.getByTestId('draft-problems').waitFor();
    await page.locator('figure.chart canvas').first().waitFor();
    expect(await page.getByTestId('draft-problems').textContent()).toContain('the scenario has 0 actors');
    await shot('03-charts-no-actors');
    await tab('Edit');
    await page.getByRole('button', { name: 'Discard' }).click();
    for (let k = 2; k > 0; k--) {
      await page.locator('[data-grid="issues"] [aria-label^="Delete row"]').first().click();
      await expect.poll(() => page.locator('[data-grid="issues"] [role="row"]').count()).toBe(k);
    }
    await tab('Forecast & what-if');
    await page.getByTestId('draft-problems').waitFor();
    await tab('Charts');
    await page.getByTestId('draft-problems').waitFor();
    expect(await page.getByTestId('draft-problems').textContent()).toContain('the scenario has no issues');
    expect(await page.getByTestId('view-error').count()).toBe(0);
    await tab('Edit');
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.locator('.dirty').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('marks results of an earlier draft out of date, and leaves them out of the report', async () => {
    await page.goto(`${server.url}#/s/${BUSAN}/charts`);
    await page.locator('[data-chart-tab="montecarlo"]').click();
    await page.getByLabel('Draws').fill('200');
    await mcRun().click();
    await page.locator('[data-chart^="montecarlo-"] canvas').first().waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('stale-badge').count()).toBe(0);

    await tab('Forecast & what-if');
    await page.locator('.mc-line').first().waitFor();
    expect(await page.getByTestId('stale-badge').count()).toBe(0);
    const consensus = page.locator('[data-testid="consensus-fentanyl_tariff"]');
    const before = await consensus.textContent();
    await page.locator('.whatif-row[data-actor="xi"] input[aria-label="salience of xi"]').fill('90');
    await expect.poll(() => consensus.textContent()).not.toBe(before);
    await page.getByTestId('stale-badge').first().waitFor();
    expect(await page.locator('.legend-row').textContent()).toContain('computed before your last change — rerun');
    await shot('04-forecast-stale-monte-carlo');

    await tab('Charts');
    await page.locator('[data-chart^="montecarlo-"] [data-testid="stale-badge"]').waitFor();

    await tab('Report');
    await page.getByTestId('report-stale').waitFor();
    expect(await page.getByTestId('report-stale').textContent()).toContain('Monte Carlo');
    const frame = page.frameLocator('iframe.report-frame');
    await frame.getByText('Key judgments').waitFor();
    expect(await frame.locator('body').textContent()).not.toContain('How sure');
    expect(await frame.locator('.meta').textContent()).toContain('a draft with unsaved changes, based on version 1');
    await page.getByTestId('report-stale').getByRole('checkbox').check();
    await frame.getByText('How sure: Monte Carlo (out of date)').waitFor();
    await shot('05-report-stale-left-out');

    // Undo the what-if: the result is of the current draft again.
    await tab('Forecast & what-if');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('stale-badge').first().waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('keeps a running job across tabs and a reload, allows no second start, and cancels it once', { timeout: 120_000 }, async () => {
    await page.goto(`${server.url}#/s/${BUSAN}/charts`);
    await page.locator('[data-chart-tab="montecarlo"]').click();
    await page.getByLabel('Draws').fill('100000'); // long enough to be running throughout
    await mcRun().click();
    const progress = page.locator('[data-job-slot="montecarlo"] [role="progressbar"]');
    await progress.waitFor();
    expect(await mcRun().isDisabled()).toBe(true);

    await page.locator('[data-chart-tab="power"]').click();
    await page.locator('[data-chart="power-fentanyl_tariff"]').waitFor();
    await page.locator('[data-chart-tab="montecarlo"]').click();
    await progress.waitFor();
    expect(await mcRun().isDisabled()).toBe(true);

    await tab('Forecast & what-if');
    await page.locator('[data-testid="consensus-fentanyl_tariff"]').waitFor();
    await tab('Charts');
    expect(await page.locator('.subtabs button.active').textContent()).toBe('Monte Carlo');
    await progress.waitFor();
    expect(await mcRun().isDisabled()).toBe(true);
    await shot('06-job-kept-across-tabs');

    // After a reload the page finds the job again (its id is kept in localStorage) and follows it.
    await page.reload();
    await page.locator('[data-chart-tab="montecarlo"]').click();
    await progress.waitFor();
    expect(await mcRun().isDisabled()).toBe(true);
    const jobs = (await (await fetch(new URL('/api/jobs', server.url))).json()) as { jobs: { kind: string; status: string }[] };
    expect(jobs.jobs.filter((j) => j.kind === 'montecarlo' && (j.status === 'running' || j.status === 'queued'))).toHaveLength(1);

    const deletesBefore = requests.filter((r) => r.startsWith('DELETE')).length;
    await page.locator('[data-job-slot="montecarlo"]').getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-job-slot="montecarlo"]').getByText('Cancelled.').waitFor({ timeout: 60_000 });
    expect(requests.filter((r) => r.startsWith('DELETE')).length - deletesBefore).toBe(1);
    expect(failures.filter((f) => f.startsWith('DELETE'))).toEqual([]);
    expect(await mcRun().isDisabled()).toBe(false);
    expect(errors).toEqual([]);
  });

  it('shows a render error in a view with its message, and keeps the scenario usable', async () => {
    // A forecast the view cannot read (stubbed in the browser) makes the Forecast view fail to render.
    await page.route('**/api/forecast', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ scenario: {}, models: [], issues: null, details: [] }) }));
    await page.goto(`${server.url}#/s/small-talk/forecast`);
    const failure = page.getByTestId('view-error');
    await failure.waitFor();
    expect(await failure.textContent()).toMatch(/The Forecast & what-if view could not be shown\..*Your draft is kept/);
    await shot('11-view-error');
    await page.unroute('**/api/forecast');
    await tab('Edit');
    await page.locator('[data-grid="actors"]').waitFor(); // the other views still work
    expect(await failure.count()).toBe(0);
    errors.length = 0; // React reports the caught error on the console too
  });

  it('asks before leaving a scenario with unsaved changes', async () => {
    await page.goto(`${server.url}#/s/${BUSAN}/forecast`);
    await page.locator('.whatif-row[data-actor="xi"] input[aria-label="salience of xi"]').fill('70');
    await page.locator('.dirty').waitFor();
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.locator('.crumbs').getByRole('link', { name: 'Library' }).click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('unsaved changes');
    expect(await page.locator('.dirty').textContent()).toBe('Unsaved changes'); // still here, draft kept
    expect(page.url()).toContain(`#/s/${BUSAN}/forecast`);
    page.once('dialog', (d) => void d.accept());
    await page.locator('.crumbs').getByRole('link', { name: 'Library' }).click();
    await page.getByRole('heading', { name: 'Scenario library' }).waitFor();
  });

  it('fits a 390 px phone screen: no sideways scrolling, wide tables scroll in their own box', { timeout: 180_000 }, async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    watch(p);
    // (strings, evaluated in the page: this file is type-checked without the DOM library)
    const width = () => p.evaluate<number>('document.documentElement.scrollWidth');
    await p.goto(server.url);
    await p.locator('.scenario-card').first().waitFor();
    expect(await width()).toBeLessThanOrEqual(390);
    await shot('07-phone-library', p);
    for (const t of ['forecast', 'edit', 'charts', 'history', 'analysts', 'report']) {
      await p.goto(`${server.url}#/s/${BUSAN}/${t}`);
      await p.locator(`.tabs [aria-selected="true"]`).waitFor();
      if (t === 'forecast') await p.locator('[data-testid="consensus-fentanyl_tariff"]').waitFor();
      if (t === 'edit') await p.locator('[data-grid="stances"]').waitFor();
      if (t === 'charts') await p.locator('figure.chart canvas').first().waitFor();
      if (t === 'history') await p.locator('tr[data-version="1"]').waitFor();
      if (t === 'report') await p.locator('iframe.report-frame').waitFor();
      expect(await width(), t).toBeLessThanOrEqual(390);
      if (t === 'forecast') {
        // The what-if sliders sit in the selected issue's card, not below all fourteen cards.
        await p.locator('[data-issue="fentanyl_tariff"] .whatif').waitFor();
        await shot('08-phone-forecast', p);
      }
    }
    await p.locator('.tabs').getByRole('tab', { name: 'Charts' }).click();
    await p.locator('[data-chart-tab="montecarlo"]').click();
    await p.getByLabel('Draws').fill('100');
    await p.locator('[data-job-slot="montecarlo"] button.primary').click();
    const table = p.getByTestId('mc-table');
    await table.waitFor({ timeout: 120_000 });
    expect(await width()).toBeLessThanOrEqual(390);
    expect(await p.evaluate<string>(`getComputedStyle(document.querySelector('td.range')).whiteSpace`)).toBe('nowrap');
    const box = await p.evaluate<{ table: number; box: number; overflow: string }>(
      `(() => { const t = document.querySelector('[data-testid="mc-table"]'); return { table: t.scrollWidth, box: t.parentElement.clientWidth, overflow: getComputedStyle(t.parentElement).overflowX }; })()`,
    );
    expect(box.overflow).toBe('auto');
    expect(box.table).toBeGreaterThan(box.box); // scrolls inside its own box
    await table.scrollIntoViewIfNeeded();
    await shot('09-phone-monte-carlo-table', p);
    // A what-if in the card's own sliders marks the interval out of date, still within the screen.
    await p.locator('.tabs').getByRole('tab', { name: 'Forecast & what-if' }).click();
    await p.locator('[data-issue="fentanyl_tariff"] .whatif-row[data-actor="xi"] input[aria-label="salience of xi"]').fill('90');
    await p.getByTestId('stale-badge').first().waitFor();
    expect(await width()).toBeLessThanOrEqual(390);
    await shot('10-phone-stale-monte-carlo', p);
    await phone.close();
    expect(errors).toEqual([]);
  });
});
