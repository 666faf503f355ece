// The web app in a real browser (Debian's chromium driven by playwright-core, headless; never a downloaded
// browser): open the library, load the Busan example, change a salience and see the forecast move, open every
// chart, download charts and the report, edit in the grid with the keyboard and paste, restore an older
// version, import a file. Screenshots go to test-artifacts/browser/ for a person to look at.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, ensureWebBuilt, SHOTS, startBuiltServer } from './server.js';

const run = existsSync(CHROMIUM) ? describe : describe.skip;

const PAST_CASE = {
  title: 'Past case: a two-issue trade talk (outcomes known)',
  actors: [
    { id: 'north', name: 'North', capability: 60, group: 'North' },
    { id: 'south', name: 'South', capability: 40, group: 'South' },
    { id: 'broker', name: 'Broker', capability: 20, group: 'Mediators' },
  ],
  issues: [
    { id: 'tariff', name: 'Tariff cut', anchors: { 0: 'no cut', 100: 'full cut' }, status_quo: 0, no_deal: 0, outcome: 45 },
    { id: 'quota', name: 'Quota', status_quo: 20, outcome: 60 },
  ],
  stances: [
    { actor: 'north', issue: 'tariff', position: 20, salience: 70 },
    { actor: 'south', issue: 'tariff', position: 90, salience: 80 },
    { actor: 'broker', issue: 'tariff', position: 50, salience: 40 },
    { actor: 'north', issue: 'quota', position: 80, salience: 30 },
    { actor: 'south', issue: 'quota', position: 30, salience: 60 },
  ],
};
if (!existsSync(CHROMIUM)) describe.skip(`browser tests (skipped: no chromium at ${CHROMIUM}; apt-get install chromium)`, () => {});

run('the web app in chromium', () => {
  let server: { url: string; child: ChildProcess };
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
  const api = async (path: string) => (await fetch(new URL(path, server.url))).json() as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    await ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'parley-browser-'));
    server = await startBuiltServer(join(dir, 'library.sqlite'));
    // A past case with known outcomes, for the backtest tab.
    await fetch(new URL('/api/scenarios', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-analyst': 'parley' },
      body: JSON.stringify({ message: 'a past case with outcomes', scenario: PAST_CASE }),
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // 422 answers are how the API reports invalid drafts; the browser logs them as failed loads.
      if (m.type() === 'error' && !/status of 422/.test(m.text())) errors.push(m.text());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
  });

  it('opens the library with the built-in Busan example', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Scenario library' }).waitFor();
    const card = page.locator('[data-scenario="us-china-busan-2025"]');
    await expect(card.getByText("US–China leaders' summit, Busan, 30 October 2025")).toBeTruthy();
    await card.waitFor();
    expect(await card.textContent()).toContain('16 actors');
    await page.locator('[data-scenario="past-case-a-two-issue-trade-talk-outcomes-known"]').waitFor();
    await shot('01-library');
  });

  it('loads the example and shows every issue forecast on its scale', async () => {
    await page.locator('[data-scenario="us-china-busan-2025"]').getByRole('link', { name: 'Open' }).click();
    await page.locator('[data-testid="consensus-fentanyl_tariff"]').waitFor();
    expect(await page.locator('.issue-card').count()).toBe(14);
    const shown = Number(await page.locator('[data-testid="consensus-fentanyl_tariff"]').textContent());
    const report = await api('/api/scenarios/us-china-busan-2025/forecast');
    expect(shown).toBeCloseTo(report.issues[0].consensus, 1);
    await shot('02-forecast');
  });

  it('changes a salience in the what-if panel and sees the forecast change at once', async () => {
    const consensus = page.locator('[data-testid="consensus-fentanyl_tariff"]');
    const before = await consensus.textContent();
    await page.locator('.whatif-row[data-actor="xi"] input[aria-label="salience of xi"]').fill('60');
    await expect.poll(() => consensus.textContent(), { timeout: 5000 }).not.toBe(before);
    expect(await page.locator('.dirty').textContent()).toBe('Unsaved changes');
    await page.locator('.whatif-row[data-actor="trump"] input[aria-label="position of trump"]').fill('90');
    await page.waitForTimeout(300);
    await shot('03-what-if');
    await page.getByLabel('Version message').fill('Xi cares more about the fentanyl tariff');
    await page.getByRole('button', { name: 'Save version' }).click();
    await page.getByText('Saved version 2').waitFor();
    const saved = await api('/api/scenarios/us-china-busan-2025');
    expect(saved.version).toMatchObject({ version: 2, message: 'Xi cares more about the fentanyl tariff' });
    expect(saved.content.stances.find((s: { actor: string; issue: string }) => s.actor === 'xi' && s.issue === 'fentanyl_tariff').salience).toBe(60);
  });

  it('edits in the grid with the keyboard, shows the CLI message on a bad cell, pastes a block, and undoes', async () => {
    await page.getByRole('tab', { name: 'Edit' }).click();
    const cap = page.locator('[data-grid="actors"] [data-cell="0:capability"]');
    await cap.click();
    await page.keyboard.type('-5');
    await page.keyboard.press('Enter');
    await page.locator('[data-grid="actors"] [data-cell="0:capability"].problem').waitFor();
    expect(await cap.getAttribute('title')).toBe('capability -5 is out of range — capability is ≥ 0 (any unit; say which in capability_unit)');
    await page.locator('.dirty.bad').waitFor();
    await page.keyboard.press('ArrowUp');
    await page.waitForTimeout(200);
    await shot('04-editor-problem');
    await page.keyboard.press('Control+z');
    await expect.poll(() => cap.textContent()).toBe('40');
    expect(await page.locator('.grid-cell.problem').count()).toBe(0);
    // Paste two rows × two columns (name, capability) copied from a spreadsheet into actor 2's name.
    await page.locator('[data-grid="actors"] [data-cell="1:name"]').click();
    // (a string, evaluated in the page: this file is type-checked without the DOM library)
    await page.evaluate(`{
      const data = new DataTransfer();
      data.setData('text/plain', 'Treasury (Bessent), pasted\\t16\\nUSTR (Greer), pasted\\t11\\n');
      document.querySelector('[data-grid="actors"]').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }`);
    await expect.poll(() => page.locator('[data-grid="actors"] [data-cell="2:capability"]').textContent()).toBe('11');
    expect(await page.locator('[data-grid="actors"] [data-cell="1:name"]').textContent()).toBe('Treasury (Bessent), pasted');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('[data-grid="actors"] [data-cell="2:capability"]').textContent()).toBe('10');
  });

  it('opens each chart, with PNG and SVG downloads', { timeout: 180_000 }, async () => {
    await page.getByRole('tab', { name: 'Charts' }).click();
    const tabs = await page.locator('[data-chart-tab]').evaluateAll((els) => els.map((e) => e.getAttribute('data-chart-tab')!));
    expect(tabs).toEqual(expect.arrayContaining(['positions', 'power', 'rounds', 'quad', 'deals', 'montecarlo', 'sensitivity', 'backtest']));
    const caps = await api('/api/capabilities');
    const runs: Record<string, RegExp> = { rounds: /Run the model|Run again/, deals: /Find the deals|Recompute/, montecarlo: /Run Monte Carlo|Run again/, sensitivity: /Run sensitivity|Run again/, backtest: /Backtest the library/ };
    for (const tab of tabs) {
      await page.locator(`[data-chart-tab="${tab}"]`).click();
      if (tab === 'montecarlo') await page.getByLabel('Draws').fill('300');
      const dynamic = tab === 'rounds' || tab === 'quad';
      if (runs[tab] && (!dynamic || caps.dynamics.length > 0) && (await page.locator('.job-panel').first().waitFor().then(() => page.locator('figure.chart, [data-testid="backtest-table"]').count())) === 0) {
        await page.locator('.job-panel').first().getByRole('button', { name: runs[tab] }).click();
      }
      if (tab === 'positions') {
        // Drag Xi's bubble on the fentanyl tariff from its position to 40: the draft changes, the forecasts follow.
        const content = (await api('/api/scenarios/us-china-busan-2025')).content;
        const stances = content.stances.filter((t: { issue: string }) => t.issue === 'fentanyl_tariff');
        const xi = stances.find((t: { actor: string }) => t.actor === 'xi');
        const yMax = Math.min(100, Math.ceil((Math.max(...stances.map((t: { salience: number }) => t.salience)) * 1.25) / 10) * 10);
        const box = (await page.locator('figure.chart .chart-canvas').boundingBox())!;
        const X = (p: number) => box.x + 56 + (p / 100) * (box.width - 96); // grid: left 56, right 40
        const Y = (v: number) => box.y + 76 + (1 - v / yMax) * (box.height - 140); // grid: top 76, bottom 64
        const before = await page.locator('.chart figcaption + div').getAttribute('class');
        await page.mouse.move(X(xi.position), Y(xi.salience));
        await page.mouse.down();
        await page.mouse.move(X(40), Y(xi.salience), { steps: 8 });
        await page.mouse.up();
        await page.locator('.dirty').waitFor();
        expect(before).toBe('chart-canvas');
        await page.waitForTimeout(400);
        await shot('05-chart-positions-dragged');
        await page.getByRole('button', { name: 'Undo' }).click();
        await page.locator('.dirty').waitFor({ state: 'detached' });
      }
      if (tab === 'deals') {
        await page.locator('figure.chart canvas').first().waitFor({ timeout: 90_000 });
        await page.getByRole('button', { name: 'Simulate', exact: true }).click();
        await page.locator('[data-chart="offer-trail"] canvas').first().waitFor({ timeout: 90_000 });
        await page.locator('[data-chart="offer-trail"]').scrollIntoViewIfNeeded();
        await page.waitForTimeout(500);
        await shot('05-chart-offer-trail');
        await page.evaluate('window.scrollTo(0, 0)');
      }
      if (tab === 'backtest') {
        await page.getByTestId('backtest-table').waitFor({ timeout: 60_000 });
        expect(await page.getByTestId('backtest-table').textContent()).toContain('compromise');
      } else {
        const hasChart = await page
          .locator('figure.chart canvas')
          .first()
          .waitFor({ timeout: dynamic && caps.dynamics.length === 0 ? 2_000 : 90_000 })
          .then(() => true, () => false);
        await page.waitForTimeout(600);
        await shot(`05-chart-${tab}`);
        expect(hasChart, `chart ${tab}`).toBe(!dynamic || caps.dynamics.length > 0);
      }
      if (tab === 'backtest') await shot(`05-chart-${tab}`);
    }
    await page.locator('[data-chart-tab="positions"]').click();
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG' }).click()]);
    expect(png.suggestedFilename()).toBe('positions-fentanyl_tariff.png');
    const pngBytes = readFileSync((await png.path())!);
    expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()]);
    const svgText = readFileSync((await svg.path())!, 'utf8');
    expect(svgText).toMatch(/^<svg[\s\S]*President Xi|xi/);
  });

  it('exports a self-contained briefing report', async () => {
    await page.getByRole('tab', { name: 'Report' }).click();
    await page.locator('iframe.report-frame').waitFor();
    await page.waitForTimeout(800);
    await shot('06-report');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download HTML' }).click()]);
    expect(dl.suggestedFilename()).toMatch(/briefing\.html$/);
    const html = readFileSync((await dl.path())!, 'utf8');
    writeFileSync(join(SHOTS, 'briefing.html'), html);
    expect(html).toContain('<title>US–China leaders&#39; summit, Busan, 30 October 2025 — Parley briefing</title>');
    expect(html).toContain('Key judgments');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(28); // a scale bar and a chart per issue
    expect(html).not.toMatch(/<script|src="http|href="http/); // self-contained: no scripts, no external resources
    const report = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    await report.setContent(html);
    await report.screenshot({ path: join(SHOTS, '07-report-page.png') });
    await report.emulateMedia({ media: 'print' });
    const pdf = await report.pdf({ format: 'A4' });
    writeFileSync(join(SHOTS, 'briefing.pdf'), pdf);
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await report.close();
  });

  it('compares versions and restores an older one', async () => {
    if ((await page.getByRole('button', { name: 'Discard' }).count()) > 0) await page.getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('tab', { name: 'History' }).click();
    await page.locator('tr[data-version="1"]').waitFor();
    await page.locator('.compare').waitFor();
    expect(await page.locator('.compare').textContent()).toContain('salience of xi on fentanyl_tariff: 12 → 60');
    await shot('08-history');
    await page.locator('tr[data-version="1"]').getByRole('button', { name: 'Restore' }).click();
    await page.getByText('Restored version 1 as version 3').waitFor();
    const latest = await api('/api/scenarios/us-china-busan-2025');
    const v1 = await api('/api/scenarios/us-china-busan-2025/versions/1');
    expect(latest.version.version).toBe(3);
    expect(latest.content).toEqual(v1.content);
  });

  it('combines two analysts', async () => {
    await page.getByLabel('Analyst name').fill('second analyst');
    await page.getByLabel('Analyst name').blur();
    await page.getByRole('tab', { name: 'Forecast & what-if' }).click();
    await page.locator('.whatif-row[data-actor="trump"] input[aria-label="salience of trump"]').fill('40');
    await page.getByRole('button', { name: 'Save version' }).click();
    await page.getByText('Saved version 4').waitFor();
    await page.getByRole('tab', { name: 'Analysts' }).click();
    await page.getByRole('heading', { name: 'Combined forecast' }).waitFor();
    await shot('09-analysts');
    expect(await page.locator('.analysts').textContent()).toContain('salience of trump on fentanyl_tariff');
  });

  it('imports, renames, duplicates and deletes in the library', async () => {
    await page.goto(server.url + '#/');
    await page.getByRole('heading', { name: 'Scenario library' }).waitFor();
    const file = join(mkdtempSync(join(tmpdir(), 'parley-up-')), 'tiny.yaml');
    writeFileSync(
      file,
      'title: Tiny import\nactors:\n  - { id: a, name: A, capability: 1 }\n  - { id: b, name: B, capability: 1 }\nissues:\n  - { id: x, name: X }\nstances:\n  - { actor: a, issue: x, position: 0, salience: 50 }\n  - { actor: b, issue: x, position: 100, salience: 50 }\n',
    );
    await page.getByTestId('import-input').setInputFiles(file);
    const card = page.locator('[data-scenario="tiny-import"]');
    await card.waitFor();
    await card.getByRole('button', { name: 'Rename' }).click();
    await card.getByLabel('New title').fill('Tiny, renamed');
    await card.locator('form.rename button.primary').click();
    await card.getByText('Tiny, renamed').waitFor();
    await card.getByRole('button', { name: 'Duplicate' }).click();
    await page.locator('[data-scenario="tiny-renamed-copy"]').waitFor();
    await card.getByRole('button', { name: 'Delete' }).click();
    await card.getByRole('button', { name: 'Yes, delete' }).click();
    await card.waitFor({ state: 'detached' });
    const bad = join(mkdtempSync(join(tmpdir(), 'parley-up-')), 'broken.yaml');
    writeFileSync(bad, 'title: Broken\nactors:\n  - { id: a, name: A, capability: -1 }\n');
    await page.getByTestId('import-input').setInputFiles(bad);
    await page.getByText('broken.yaml could not be imported').waitFor();
    expect(await page.locator('.problems-box').textContent()).toMatch(/broken\.yaml:3:\d+: capability -1 is out of range/);
    await shot('10-library-import-problems');
    expect(errors).toEqual([]);
  });
});
