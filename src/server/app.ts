/**
 * Parley's HTTP API (and the static web app), as a hono app without a listener: tests call `app.request()`,
 * `node.ts` puts it on a port. Every route is a thin layer over the core the CLI uses: the same loader and
 * validation (so a 422 carries the CLI's messages), the same model registries, the same report shapes.
 *
 * Errors are mapped in one place (`onError`): InputError → 422 with every problem; HttpError → its status;
 * anything else → 500 with a message and no stack trace. Request bodies are capped (`maxBodyBytes`). Uploaded
 * files are read from the request into memory and stored in the database: their names are used only to pick
 * a reader, never as paths. The routes are described in `openapi.ts`, served at /api/openapi.json.
 *
 * Requests are read strictly (params.ts): a field the route does not take, a query parameter it does not take, or
 * a value of the wrong JSON type is refused with the name of the field and a "did you mean". A change (POST, PUT,
 * PATCH, DELETE) must come from this server's own pages: an `Origin` of another host — or `null`, which sandboxed
 * frames, data: URLs and files send — or `Sec-Fetch-Site: cross-site` is refused (403), and a body must be sent as
 * `application/json` (multipart only for /api/import): a missing Content-Type is a 415. Together these leave a page
 * elsewhere no request that a browser sends without asking this server first (CORS preflight), which it never allows.
 *
 * Forecasts on the request thread are guarded by their estimated cost (forecast.ts): one too large for a request is
 * refused (422 `too-costly`) and pointed to the `forecast` job, which runs in a worker thread.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { didYouMean, InputError, problem, type InputProblem } from '../core/errors.js';
import { DYNAMICS_MODELS } from '../core/dynamics/registry.js';
import { DEFAULT_MODELS, MODELS } from '../core/models/registry.js';
import type { UncertainScenario } from '../core/scenario.js';
import { validateScenario } from '../core/validateScenario.js';
import { readAnyScenario, SCENARIO_FORMATS } from '../formats/detect.js';
import { detectFolderFormat } from '../formats/genius.js';
import { approximationSummary, readGeniusNegotiation } from '../formats/geniusToScenario.js';
import { scenarioToFileObject, writeScenarioText } from '../formats/scenarioText.js';
import { combineAnalysts } from './combine.js';
import { compareScenarios } from './compare.js';
import { CostError, DEFAULT_SYNC_FORECAST_BUDGET_MS, forecastJson, guardForecastCost, readForecastRequest } from './forecast.js';
import { JobManager, QueueFullError, type Job } from './jobs.js';
import { openApiDocument } from './openapi.js';
import { isRecord, problemCount, problemsJson, relocate, suggestName, unknownFields } from './params.js';
import { ConflictError, slugify, type ScenarioStore, type VersionRecord } from './store.js';
import { backtestSource, prepareTask, TASKS, type TaskInput } from './tasks.js';
import { isZip, readZip, ZipError } from './zip.js';

export { problemsJson };

export interface AppOptions {
  store: ScenarioStore;
  jobs?: JobManager;
  /** The built web app (web/dist); when absent or missing, / explains how to build it. */
  webRoot?: string;
  /** Largest request body accepted, in bytes (default 8 MiB). */
  maxBodyBytes?: number;
  /**
   * Host names the server answers to (the Host header without its port); others get 421. A server bound to the
   * loopback address sets the loopback names, so a web page elsewhere cannot reach it by DNS rebinding. Default: any.
   */
  allowedHosts?: string[];
  /** The most estimated work a forecast on the request thread may take, in ms (default 2000; see forecast.ts). */
  syncForecastBudgetMs?: number;
}

type Status = 400 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 501 | 503;

/** An error with an HTTP status and a stable code, thrown by handlers and mapped by onError. */
export class HttpError extends Error {
  constructor(
    readonly status: Status,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const DEFAULT_AUTHOR = 'analyst';
const EXPORT_FORMATS = ['yaml', 'json'] as const;
/** Longest `?wait` on a job, in seconds, and the wait of a bare `?wait`. */
const MAX_WAIT_S = 600;
const DEFAULT_WAIT_S = 60;

type Json = Record<string, unknown>;

/** The fields each body takes. */
const SCENARIO_FIELDS = ['scenario', 'text', 'file_name'];
const FIELDS = {
  validate: SCENARIO_FIELDS,
  forecast: [...SCENARIO_FIELDS, 'models', 'options'],
  create: [...SCENARIO_FIELDS, 'author', 'message'],
  importJson: ['file_name', 'text', 'author'],
  save: [...SCENARIO_FIELDS, 'base_version', 'author', 'message'],
  rename: ['title', 'base_version', 'author'],
  duplicate: ['version', 'title', 'author', 'message'],
  restore: ['author', 'message'],
  combine: ['authors', 'save', 'models', 'author', 'message'],
  job: ['kind', 'scenario_id', 'version', ...SCENARIO_FIELDS, 'params'],
} as const;

export function createApp(options: AppOptions): Hono {
  const { store } = options;
  const jobs = options.jobs ?? new JobManager();
  const maxBody = options.maxBodyBytes ?? 8 * 1024 * 1024;
  const budget = options.syncForecastBudgetMs ?? DEFAULT_SYNC_FORECAST_BUDGET_MS;
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof InputError) {
      return c.json({ error: { code: 'invalid-input', message: problemCount(err.problems.length), problems: problemsJson(err.problems, err.source) } }, 422);
    }
    if (err instanceof ConflictError) {
      return c.json({ error: { code: 'conflict', message: `${err.message} — reload the scenario, or save again without base_version to keep both`, latest_version: err.latest } }, 409);
    }
    if (err instanceof CostError) {
      return c.json({ error: { code: 'too-costly', message: err.message, problems: problemsJson([err.problem]) } }, 422);
    }
    if (err instanceof QueueFullError) {
      c.header('Retry-After', '30');
      return c.json({ error: { code: 'queue-full', message: err.message, waiting: err.waiting } }, 429);
    }
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      return c.json({ error: { code: err.code, message: err.message, ...err.extra } }, err.status);
    }
    return c.json({ error: { code: 'internal', message: `internal error: ${err instanceof Error ? err.message : String(err)}` } }, 500);
  });

  if (options.allowedHosts) {
    const allowed = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
    app.use('*', async (c, next) => {
      const host = (c.req.header('host') ?? new URL(c.req.url).host).toLowerCase().replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
      if (!allowed.has(host)) return c.json({ error: { code: 'wrong-host', message: `this server answers to ${[...allowed].join(', ')}, not "${host}"` } }, 421);
      await next();
    });
  }

  // The methods each API path takes (from the routes below), for 405 and for the content-type check.
  let table: { pattern: RegExp; method: string }[] | undefined;
  const methodsOf = (path: string): string[] => {
    table ??= app.routes
      .filter((r) => r.path.startsWith('/api/') && r.path !== '/api/*' && r.method !== 'ALL')
      .map((r) => ({ pattern: new RegExp(`^${r.path.replace(/:[^/]+/g, '[^/]+')}$`), method: r.method }));
    const out = new Set(table.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (out.has('GET')) out.add('HEAD');
    return [...out];
  };

  // Cross-site requests: a page on another site may send requests to this server (it cannot read the answers);
  // every change must come from the app's own origin, with a body of a type that makes the browser ask first.
  app.use('/api/*', async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const origin = c.req.header('origin');
    const refuse = (why: string) =>
      c.json({ error: { code: 'cross-origin', message: `requests that change the library must come from this server's own pages, not ${why}` } }, 403);
    if (origin !== undefined) {
      let sameHost = false;
      try {
        sameHost = origin !== 'null' && new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
      } catch {
        sameHost = false;
      }
      if (!sameHost) return refuse(origin === 'null' ? 'a page without an origin (Origin: null: a sandboxed frame, a data: URL or a file)' : origin);
    }
    if (c.req.header('sec-fetch-site') === 'cross-site') return refuse('a page on another site (Sec-Fetch-Site: cross-site)');
    if (method !== 'DELETE' && methodsOf(c.req.path).includes(method)) {
      const type = c.req.header('content-type') ?? '';
      const ok = /^application\/(.+\+)?json\b/i.test(type) || (c.req.path === '/api/import' && /^multipart\/form-data\b/i.test(type));
      if (!ok) {
        const wanted = c.req.path === '/api/import' ? 'JSON (Content-Type: application/json) or a multipart form (multipart/form-data)' : 'JSON (Content-Type: application/json)';
        return c.json({ error: { code: 'bad-content-type', message: `send the body as ${wanted}, not ${type === '' ? 'without a Content-Type' : type.split(';')[0]}` } }, 415);
      }
    }
    await next();
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: maxBody,
      onError: (c) => c.json({ error: { code: 'too-large', message: `the request is larger than ${Math.round(maxBody / 1024)} KiB — send a smaller file` } }, 413),
    }),
  );
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
  });

  // ------------------------------------------------------------------ about the API

  app.get('/api/health', (c) => c.json({ ok: true }));
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/api/capabilities', (c) =>
    c.json({
      models: MODELS.map((m) => ({ id: m.id, name: m.name, source: m.source })),
      default_models: DEFAULT_MODELS,
      dynamics: DYNAMICS_MODELS.map((m) => ({ id: m.id, name: m.name, source: m.source })),
      jobs: TASKS.map((t) => ({ id: t.id, name: t.name, params: t.params, variants: t.variants() })),
      import_formats: SCENARIO_FORMATS.map((f) => ({ id: f.id, name: f.name })),
      export_formats: EXPORT_FORMATS,
      limits: { max_body_bytes: maxBody, sync_forecast_ms: budget, queued_jobs: jobs.maxQueued, kept_jobs: jobs.keep, job_time_limit_ms: jobs.timeLimitMs },
      job_runner: jobs.mode,
    }),
  );

  // ------------------------------------------------------------------ stateless: validate and forecast

  app.post('/api/validate', async (c) => {
    const body = await readJson(c);
    const { scenario, problems, source } = scenarioFromBody(body, FIELDS.validate);
    if (!scenario) return c.json({ valid: false, problems: problemsJson(problems, source) }, 422);
    return c.json({ valid: true, actors: scenario.actors.length, issues: scenario.issues.length, stances: scenario.stances.length, scenario: scenarioToFileObject(scenario) });
  });

  app.post('/api/forecast', async (c) => {
    const body = await readJson(c);
    const { scenario, problems, source } = scenarioFromBody(body, FIELDS.forecast);
    const req = readForecastRequest(body.models, body.options);
    if (!scenario || req.problems.length > 0) throw new InputError([...problems, ...req.problems], source);
    guardForecastCost([scenario], req.ids, budget, ['models'], '"scenario": …');
    return c.json(forecastJson(scenario, req.ids, req.options));
  });

  // ------------------------------------------------------------------ the library

  app.get('/api/scenarios', async (c) => c.json({ scenarios: await store.list() }));

  app.post('/api/scenarios', async (c) => {
    const body = await readJson(c);
    const scenario = requireScenario(body, FIELDS.create);
    const v = await store.create({ content: scenarioToFileObject(scenario), author: author(c, body), message: message(body, 'created') });
    c.header('Location', scenarioUrl(v.scenario_id));
    return c.json({ scenario: await store.get(v.scenario_id), version: v }, 201);
  });

  app.post('/api/import', async (c) => {
    const dryRun = queryFlag(queries(c, ['dry_run']).dry_run, 'dry_run');
    const { fileName, text, body, bytes } = await readUpload(c);
    if (bytes) return importZip(c, fileName, bytes, body, dryRun);
    const result = readAnyScenario(text, fileName);
    if (!result.scenario || result.problems.length > 0) throw new InputError(result.problems, fileName);
    if (dryRun) return c.json({ format: result.format, scenario: scenarioToFileObject(result.scenario) });
    const v = await store.create({
      content: scenarioToFileObject(result.scenario),
      author: author(c, body),
      message: `imported from ${fileName} (${SCENARIO_FORMATS.find((f) => f.id === result.format)?.name ?? result.format})`,
      origin: 'import',
    });
    c.header('Location', scenarioUrl(v.scenario_id));
    return c.json({ format: result.format, scenario: await store.get(v.scenario_id), version: v }, 201);
  });

  /**
   * A zipped GENIUS / GeniusWeb negotiation, converted to a scenario (src/formats/geniusToScenario.ts) and stored;
   * the answer carries how far the converted utilities depart from the profiles. Non-linear profiles and numeric
   * issues are refused (422), each problem located in its file inside the archive.
   */
  async function importNegotiation(c: Context, fileName: string, files: { name: string; path: string; text: string }[], body: Json, dryRun: boolean) {
    const conv = readGeniusNegotiation(files, { title: fileName.replace(/^.*[\\/]/, '').replace(/\.zip$/i, '') });
    const tool = conv.format === 'geniusweb' ? 'GeniusWeb' : 'GENIUS';
    if (!conv.scenario) {
      const where = (file: string) => (file === '.' ? fileName : `${fileName}/${files.find((f) => f.name === file)?.path ?? file}`);
      const problems = conv.problems.flatMap(({ file, ...p }) => problemsJson([p], where(file)));
      return c.json({ error: { code: 'invalid-input', message: `the ${tool} negotiation in ${fileName} cannot be converted to a scenario: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems } }, 422);
    }
    const approximation = { summary: approximationSummary(conv.approximation), actors: conv.approximation };
    const content = scenarioToFileObject(conv.scenario);
    if (dryRun) return c.json({ format: conv.format, scenario: content, approximation });
    const worst = Math.max(...conv.approximation.map((a) => a.maxGap));
    const v = await store.create({
      content,
      author: author(c, body),
      message: `converted from the ${tool} negotiation in ${fileName} (Parley utilities within ${worst.toFixed(4)} of the profiles')`,
      origin: 'import',
    });
    c.header('Location', scenarioUrl(v.scenario_id));
    return c.json({ format: conv.format, scenario: await store.get(v.scenario_id), version: v, approximation }, 201);
  }

  /** A zip of scenario files: each is imported; a zipped GENIUS / GeniusWeb negotiation is converted to one scenario. */
  async function importZip(c: Context, fileName: string, bytes: Uint8Array, body: Json, dryRun: boolean) {
    const files = unzipTexts(bytes, ['file']);
    if (detectFolderFormat(files)) return importNegotiation(c, fileName, files, body, dryRun);
    const imported = [];
    const problems: ReturnType<typeof problemsJson> = [];
    for (const f of files) {
      const r = readAnyScenario(f.text, f.name);
      if (!r.scenario || r.problems.length > 0) {
        problems.push(...problemsJson(r.problems, `${fileName}/${f.path}`));
        continue;
      }
      if (dryRun) continue;
      const v = await store.create({ content: scenarioToFileObject(r.scenario), author: author(c, body), message: `imported from ${f.path} in ${fileName}`, origin: 'import' });
      imported.push(await store.get(v.scenario_id));
    }
    if (imported.length === 0 && problems.length > 0) {
      return c.json({ error: { code: 'invalid-input', message: `no scenario in ${fileName} could be read: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems } }, 422);
    }
    return c.json({ format: 'zip', scenarios: imported, scenario: imported[0] ?? null, problems }, 201);
  }

  app.get('/api/scenarios/:id', async (c) => {
    const id = c.req.param('id');
    const summary = await mustGet(id);
    const v = (await store.version(id))!;
    return c.json({ scenario: summary, version: meta(v), content: v.content });
  });

  app.put('/api/scenarios/:id', async (c) => {
    const id = c.req.param('id');
    const body = await readJson(c);
    const scenario = requireScenario(body, FIELDS.save);
    const base = optionalVersion(body.base_version, 'base_version');
    const summary = await mustGet(id);
    if (base !== undefined && base > summary.latest_version) throw noBase(base, summary.latest_version);
    const v = await store.save(id, { content: scenarioToFileObject(scenario), author: author(c, body), message: message(body, 'edited'), baseVersion: base });
    if (!v) throw notFound(id);
    return c.json({ scenario: await store.get(id), version: v });
  });

  // A rename or a restore saves numbers someone estimated before: the version keeps that analyst as its author, so
  // combining analysts does not count the copy as one more analyst's estimate; who asked for it is in the message.
  app.patch('/api/scenarios/:id', async (c) => {
    const id = c.req.param('id');
    const body = await readJson(c);
    rejectUnknown(body, FIELDS.rename, 'a rename');
    const title = titleField(body.title, ['title'], 'send { "title": "a name of 1–200 characters" }');
    const base = optionalVersion(body.base_version, 'base_version');
    const current = await mustVersion(id);
    if (base !== undefined && base > current.version) throw noBase(base, current.version);
    const by = requester(c, body);
    const v = await store.save(id, { content: { ...current.content, title }, author: current.author, message: `renamed to "${title}"${by && by !== current.author ? ` by ${by}` : ''}`, baseVersion: base });
    return c.json({ scenario: await store.get(id), version: v });
  });

  app.delete('/api/scenarios/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await store.remove(id))) throw notFound(id);
    return c.body(null, 204);
  });

  app.post('/api/scenarios/:id/duplicate', async (c) => {
    const id = c.req.param('id');
    const body = await readJson(c, true);
    rejectUnknown(body, FIELDS.duplicate, 'a duplicate request');
    const current = await mustVersion(id, optionalVersion(body.version, 'version'));
    const title = body.title === undefined || body.title === null ? `${String(current.content.title)} (copy)` : titleField(body.title, ['title'], 'send a title of 1–200 characters, or leave it out for "… (copy)"');
    const v = await store.create({ content: { ...current.content, title }, author: author(c, body), message: message(body, `duplicated from ${id} version ${current.version}`) });
    c.header('Location', scenarioUrl(v.scenario_id));
    return c.json({ scenario: await store.get(v.scenario_id), version: v }, 201);
  });

  app.get('/api/scenarios/:id/versions', async (c) => {
    const id = c.req.param('id');
    await mustGet(id);
    return c.json({ versions: await store.versions(id) });
  });

  app.get('/api/scenarios/:id/versions/:version', async (c) => {
    const id = c.req.param('id');
    const v = await mustVersion(id, pathVersion(c.req.param('version')));
    return c.json({ version: meta(v), content: v.content });
  });

  app.post('/api/scenarios/:id/versions/:version/restore', async (c) => {
    const id = c.req.param('id');
    const body = await readJson(c, true);
    rejectUnknown(body, FIELDS.restore, 'a restore request');
    const old = await mustVersion(id, pathVersion(c.req.param('version')));
    const by = requester(c, body);
    const note = message(body, '');
    const v = await store.save(id, {
      content: old.content,
      author: old.author,
      message: `restored version ${old.version}${by && by !== old.author ? ` by ${by}` : ''}${note ? `: ${note}` : ''}`,
    });
    return c.json({ scenario: await store.get(id), version: v });
  });

  app.get('/api/scenarios/:id/compare', async (c) => {
    const id = c.req.param('id');
    const q = queries(c, ['from', 'to', 'models']);
    const summary = await mustGet(id);
    const from = await mustVersion(id, queryVersion(q.from, 'from') ?? Math.max(1, summary.latest_version - 1));
    const to = await mustVersion(id, queryVersion(q.to, 'to') ?? summary.latest_version);
    const models = queryModels(q.models);
    const a = stored(from);
    const b = stored(to);
    guardForecastCost([a, b], models, budget, ['query', 'models'], `"scenario_id": "${id}", "version": ${to.version}`);
    const fa = forecastJson(a, models) as { issues: { id: string; forecasts: Record<string, number>; consensus: number }[] };
    const fb = forecastJson(b, models) as { issues: { id: string; forecasts: Record<string, number>; consensus: number }[] };
    const issues = b.issues.map((issue) => {
      const before = fa.issues.find((r) => r.id === issue.id);
      const after = fb.issues.find((r) => r.id === issue.id)!;
      const byModel = Object.fromEntries(
        Object.entries(after.forecasts).map(([m, x]) => [m, { from: before?.forecasts[m] ?? null, to: x, change: before?.forecasts[m] === undefined ? null : x - before.forecasts[m]! }]),
      );
      return { id: issue.id, name: issue.name, scale: issue.scale, models: byModel, consensus: { from: before?.consensus ?? null, to: after.consensus } };
    });
    return c.json({ from: meta(from), to: meta(to), changes: compareScenarios(a, b), forecast: issues });
  });

  app.get('/api/scenarios/:id/export', async (c) => {
    const id = c.req.param('id');
    const q = queries(c, ['format', 'version']);
    const format = q.format ?? 'yaml';
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new HttpError(400, 'bad-format', `unknown export format "${format}" — use one of ${EXPORT_FORMATS.join(', ')}`);
    const v = await mustVersion(id, queryVersion(q.version, 'version'));
    const text = writeScenarioText(stored(v), format as 'yaml' | 'json');
    const name = `${slugify(String(v.content.title))}-v${v.version}.${format}`;
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    c.header('Content-Type', format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8');
    return c.body(text);
  });

  app.get('/api/scenarios/:id/forecast', async (c) => {
    const id = c.req.param('id');
    const q = queries(c, ['version', 'models']);
    const v = await mustVersion(id, queryVersion(q.version, 'version'));
    const models = queryModels(q.models);
    const scenario = stored(v);
    guardForecastCost([scenario], models, budget, ['query', 'models'], `"scenario_id": "${id}", "version": ${v.version}`);
    return c.json(forecastJson(scenario, models));
  });

  app.get('/api/scenarios/:id/analysts', async (c) => {
    const id = c.req.param('id');
    await mustGet(id);
    return c.json({ analysts: (await store.latestByAuthor(id)).map(meta) });
  });

  app.post('/api/scenarios/:id/combine', async (c) => {
    const id = c.req.param('id');
    await mustGet(id);
    const body = await readJson(c, true);
    rejectUnknown(body, FIELDS.combine, 'a combine request');
    let versions = await store.latestByAuthor(id);
    const problems: InputProblem[] = [];
    const authors = body.authors ?? undefined;
    if (authors !== undefined && authors !== null) {
      if (!Array.isArray(authors) || !authors.every((a) => typeof a === 'string')) {
        problems.push(problem('wrong-type', ['authors'], '`authors` is not a list of analyst names', `send e.g. ["${versions.map((v) => v.author).slice(0, 2).join('", "')}"], or leave it out for every analyst`));
      } else {
        authors.forEach((a, k) => {
          if (!versions.some((v) => v.author === a)) {
            const guess = didYouMean(a, versions.map((v) => v.author));
            problems.push(problem('unknown-analyst', ['authors', k], `no version saved by "${a}"`, guess ? `did you mean "${guess}"?` : `choose from: ${versions.map((v) => v.author).join(', ')}`));
          }
        });
        versions = versions.filter((v) => authors.includes(v.author));
      }
    }
    const save = body.save ?? false;
    if (save !== true && save !== false && save !== 'uncertain') problems.push(problem('wrong-type', ['save'], `save cannot be ${JSON.stringify(save)}`, 'send save: true (the medians), "uncertain" (the ranges), or false'));
    const req = readForecastRequest(body.models, undefined);
    problems.push(...req.problems);
    if (problems.length > 0) throw new InputError(problems);
    if (versions.length < 2) throw new HttpError(422, 'too-few-analysts', 'combining needs versions by at least two analysts', { fix: 'save a version under another analyst name first' });
    const scenarios = versions.map((v) => ({ author: v.author, version: v.version, scenario: stored(v) }));
    guardForecastCost([...scenarios.map((s) => s.scenario), scenarios[0]!.scenario], req.ids, budget, ['models'], `"scenario_id": "${id}"`);
    const combined = combineAnalysts(scenarios, req.ids);
    let saved = null;
    if (save === true || save === 'uncertain') {
      const content = scenarioToFileObject(save === 'uncertain' ? combined.uncertain : combined.scenario);
      saved = await store.save(id, { content, author: author(c, body), message: message(body, `combined the versions of ${combined.analysts.map((a) => `${a.author} (v${a.version})`).join(', ')}`) });
    }
    return c.json({
      analysts: combined.analysts,
      scenario: scenarioToFileObject(combined.scenario),
      uncertain: scenarioToFileObject(combined.uncertain),
      disagreements: combined.disagreements,
      issues: combined.issues,
      forecast: combined.forecast,
      saved,
    });
  });

  // ------------------------------------------------------------------ jobs

  app.post('/api/jobs', async (c) => {
    const body = await readJson(c);
    rejectUnknown(body, FIELDS.job, 'a job request');
    const kind = typeof body.kind === 'string' ? body.kind : '';
    if (!TASKS.some((t) => t.id === kind)) {
      const guess = didYouMean(kind, TASKS.map((t) => t.id));
      throw new InputError([problem('unknown-job', ['kind'], `unknown job kind ${JSON.stringify(body.kind ?? null)}`, `${guess ? `did you mean "${guess}"? ` : ''}use one of: ${TASKS.map((t) => t.id).join(', ')}`)]);
    }
    const params = body.params ?? {};
    if (!isRecord(params)) throw new InputError([problem('wrong-type', ['params'], '`params` is not a mapping', 'send params as a JSON object, e.g. { "model": "eum" }')]);
    const p: Json = { ...params };
    const hasDraft = body.scenario !== undefined || body.text !== undefined;
    if (hasDraft && body.scenario_id !== undefined) {
      throw new InputError([problem('two-scenarios', ['scenario_id'], 'the request sends both a stored scenario (scenario_id) and a draft (scenario)', 'send one of them: scenario_id (with version) for a stored scenario, or scenario for a draft')]);
    }
    if (body.version !== undefined && body.scenario_id === undefined) {
      throw new InputError([problem('needs-stored', ['version'], '`version` applies to a stored scenario', 'send scenario_id with it, or leave version out')]);
    }
    let content: Record<string, unknown> | undefined;
    let scenarioId: string | null = null;
    let version: number | null = null;
    if (body.scenario_id !== undefined) {
      if (typeof body.scenario_id !== 'string') throw new InputError([problem('wrong-type', ['scenario_id'], '`scenario_id` is not text', 'send the id of a stored scenario, e.g. "us-china-busan-2025"')]);
      scenarioId = body.scenario_id;
      const v = await mustVersion(scenarioId, optionalVersion(body.version, 'version'));
      content = v.content;
      version = v.version;
    } else if (hasDraft) content = scenarioToFileObject(requireScenario(body, FIELDS.job));
    else if (kind !== 'backtest') throw new InputError([problem('missing-field', ['scenario_id'], 'the request names no scenario', 'send scenario_id (a stored scenario, with version if not the latest) or scenario (a draft)')]);
    if (kind === 'deals' && p.genius_zip !== undefined && p.genius_zip !== null) {
      // A zipped GENIUS folder, base64: unpacked here, in memory; the task gets its text files.
      if (typeof p.genius_zip !== 'string') throw new InputError([problem('bad-param', ['params', 'genius_zip'], 'genius_zip is not text', 'send the zipped folder as a base64 string')]);
      p.genius = unzipTexts(Buffer.from(p.genius_zip, 'base64'), ['params', 'genius_zip']);
      delete p.genius_zip;
    }
    let scenarios: { name: string; scenario: Record<string, unknown> }[] | undefined;
    if (p.analysts === true && (kind === 'montecarlo' || kind === 'sensitivity')) {
      if (!scenarioId) throw new InputError([problem('needs-stored', ['params', 'analysts'], 'analysts: true needs a stored scenario', 'send scenario_id instead of scenario')]);
      scenarios = (await store.latestByAuthor(scenarioId)).map((v) => ({ name: `${v.author} (v${v.version})`, scenario: v.content }));
    }
    if (kind === 'backtest' && backtestSource(p) === 'library') {
      const list = await store.list();
      if (list.length === 0) throw new InputError([problem('empty-library', ['params', 'source'], 'the library is empty', 'import scenarios with outcomes first, or send a DEU data set as params.deu')]);
      scenarios = [];
      for (const s of list) {
        const v = await store.version(s.id);
        const issues = (v?.content.issues ?? []) as { outcome?: unknown }[];
        if (v && issues.some((i) => typeof i.outcome === 'number')) scenarios.push({ name: s.title, scenario: v.content });
      }
    }
    const input: TaskInput = { ...(content ? { scenario: content } : {}), params: p, ...(scenarios ? { scenarios } : {}) };
    // Everything that can be checked without running: a bad parameter is a 422 here, never a failed job.
    const prepared = prepareTask(kind, input);
    const job = jobs.start(kind, input, { scenario_id: scenarioId, version, warnings: prepared.warnings });
    c.header('Location', `/api/jobs/${encodeURIComponent(job.id)}`);
    return c.json({ job: publicJob(job, false) }, 202);
  });

  app.get('/api/jobs', (c) => {
    const q = queries(c, ['limit', 'offset']);
    const all = jobs.list();
    const offset = queryWhole(q.offset, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = queryWhole(q.limit, 'limit', all.length, 1, 10_000);
    return c.json({ jobs: all.slice(offset, offset + limit).map((j) => publicJob(j, false)), total: all.length, offset, waiting: jobs.waiting });
  });

  app.get('/api/jobs/:id', async (c) => {
    const id = c.req.param('id');
    const wait = queryWait(queries(c, ['wait']).wait);
    if (wait > 0 && jobs.get(id)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([jobs.wait(id), new Promise<void>((r) => (timer = setTimeout(r, wait * 1000)))]);
      clearTimeout(timer);
    }
    const job = jobs.get(id);
    if (!job) throw new HttpError(404, 'not-found', `no job "${id}" (finished jobs are kept for a while, then forgotten)`);
    return c.json({ job: publicJob(job, true) });
  });

  app.delete('/api/jobs/:id', (c) => {
    const id = c.req.param('id');
    const job = jobs.get(id);
    if (!job) throw new HttpError(404, 'not-found', `no job "${id}"`);
    if (!jobs.cancel(id)) {
      const why = job.status === 'cancelling' ? 'is being cancelled already' : `has ended already (${job.status})`;
      return c.json({ error: { code: 'conflict', message: `job "${id}" ${why} — nothing to cancel` }, cancelled: false, job: publicJob(job, false) }, 409);
    }
    return c.json({ cancelled: true, job: publicJob(job, false) }, 202);
  });

  app.all('/api/*', (c) => {
    const allowed = methodsOf(c.req.path);
    if (allowed.length === 0) return c.json({ error: { code: 'not-found', message: `no API route ${c.req.method} ${c.req.path} — see /api/openapi.json` } }, 404);
    const allow = [...allowed, 'OPTIONS'].join(', ');
    c.header('Allow', allow);
    if (c.req.method === 'OPTIONS') return c.body(null, 204);
    return c.json({ error: { code: 'method-not-allowed', message: `${c.req.path} takes ${allowed.filter((m) => m !== 'HEAD').join(', ')}, not ${c.req.method}` } }, 405);
  });

  // ------------------------------------------------------------------ the web app

  app.get('*', (c) => serveWeb(c, options.webRoot));

  // ------------------------------------------------------------------ helpers that need the store

  async function mustGet(id: string) {
    const s = await store.get(id);
    if (!s) throw notFound(id);
    return s;
  }

  async function mustVersion(id: string, version?: number): Promise<VersionRecord> {
    await mustGet(id);
    const v = await store.version(id, version);
    if (!v) throw new HttpError(404, 'not-found', `scenario "${id}" has no version ${version}`);
    return v;
  }

  return app;
}

// -------------------------------------------------------------------- request helpers

async function readJson(c: Context, optional = false): Promise<Json> {
  const type = c.req.header('content-type') ?? '';
  // JSON only: a cross-site form cannot send this content type without the browser asking first.
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new HttpError(415, 'bad-content-type', `send the body as JSON (Content-Type: application/json), not ${type === '' ? 'without a Content-Type' : type.split(';')[0]}`);
  }
  const text = await c.req.text();
  if (text.trim() === '') {
    if (optional) return {};
    throw new HttpError(400, 'empty-body', 'the request has no body — send a JSON object');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'bad-json', `the request body is not valid JSON: ${(e as Error).message}`);
  }
  if (!isRecord(value)) throw new HttpError(400, 'bad-json', 'the request body must be a JSON object');
  return value;
}

/** Refuse fields a body does not take (422, each with a "did you mean"). */
function rejectUnknown(body: Json, known: readonly string[], what: string): void {
  const problems = unknownFields(body, known, [], what);
  if (problems.length > 0) throw new InputError(problems);
}

/**
 * `{ scenario: {...} }` (file layout) or `{ text, file_name }` (any supported format), with the problems of the
 * body's other fields (unknown names) among the scenario's.
 */
function scenarioFromBody(body: Json, known: readonly string[]): { scenario?: UncertainScenario; problems: InputProblem[]; source?: string } {
  const fieldProblems = unknownFields(body, known, [], 'the request');
  if (body.text !== undefined && body.scenario !== undefined) {
    return { problems: [...fieldProblems, problem('two-scenarios', ['text'], 'the request sends both `scenario` and `text`', 'send the scenario once: as { "scenario": {…} } or as { "text": "…", "file_name": "x.yaml" }')] };
  }
  if (body.text !== undefined) {
    if (typeof body.text !== 'string') return { problems: [...fieldProblems, problem('wrong-type', ['text'], '`text` is not text', 'send the file\'s text as a JSON string')] };
    const source = safeName(typeof body.file_name === 'string' ? body.file_name : 'scenario.yaml');
    const r = readAnyScenario(body.text, source);
    if (fieldProblems.length > 0) return { problems: fieldProblems };
    return { scenario: r.problems.length === 0 ? r.scenario : undefined, problems: r.problems, source };
  }
  if (body.scenario === undefined || body.scenario === null) {
    return { problems: [...fieldProblems, problem('missing-field', ['scenario'], 'the request has no `scenario`', 'send { "scenario": { "title": …, "actors": […], "issues": […], "stances": […] } } or { "text": "…", "file_name": "x.yaml" }')] };
  }
  if (!isRecord(body.scenario)) {
    return { problems: [...fieldProblems, problem('wrong-type', ['scenario'], `\`scenario\` is ${Array.isArray(body.scenario) ? 'a list' : `a ${typeof body.scenario}`}, not a JSON object`, 'send { "scenario": { "title": …, "actors": […], "issues": […], "stances": […] } }')] };
  }
  const r = validateScenario(body.scenario);
  const problems = [...fieldProblems, ...relocate(r.problems, ['scenario'])];
  if (r.scenario) problems.push(...titleProblems(r.scenario.title, ['scenario', 'title']));
  return { scenario: problems.length === 0 ? r.scenario : undefined, problems };
}

function requireScenario(body: Json, known: readonly string[]): UncertainScenario {
  const { scenario, problems, source } = scenarioFromBody(body, known);
  if (!scenario) throw new InputError(problems, source);
  return scenario;
}

const MAX_TITLE = 200;
function titleProblems(title: unknown, path: (string | number)[], fix = `give a title of 1–${MAX_TITLE} characters`): InputProblem[] {
  if (typeof title !== 'string') return [problem('wrong-type', path, `the title is ${title === undefined ? 'missing' : `${JSON.stringify(title)}, not text`}`, fix)];
  if (title.trim() === '') return [problem('bad-title', path, 'the title is empty', fix)];
  if (title.trim().length > MAX_TITLE) return [problem('bad-title', path, `the title is ${title.trim().length} characters long, more than ${MAX_TITLE}`, fix)];
  return [];
}

/** A title field (rename, duplicate): text of 1–200 characters, trimmed. */
function titleField(value: unknown, path: (string | number)[], fix: string): string {
  const problems = titleProblems(value, path, fix);
  if (problems.length > 0) throw new InputError(problems);
  return (value as string).trim();
}

/** The scenario of a stored version (validated when saved; validated again in case the file was edited by hand). */
function stored(v: VersionRecord): UncertainScenario {
  const r = validateScenario(v.content);
  if (!r.scenario) throw new InputError(r.problems, `${v.scenario_id} version ${v.version}`);
  return r.scenario;
}

/** The text files (XML, JSON, YAML, CSV) of a ZIP archive, as { name, text }; problems as an InputError. */
function unzipTexts(bytes: Uint8Array, path: (string | number)[]): { name: string; path: string; text: string }[] {
  if (!isZip(bytes)) throw new InputError([problem('not-a-zip', path, 'the upload is not a ZIP archive', 'zip the folder (with its domain and profile files) and upload the .zip')]);
  let entries;
  try {
    entries = readZip(bytes);
  } catch (e) {
    if (e instanceof ZipError) throw new InputError([problem('bad-zip', path, e.message, 'zip the folder again and upload it')]);
    throw e;
  }
  const texts = entries.filter((e) => /\.(xml|json|ya?ml|csv)$/i.test(e.name)).map((e) => ({ name: e.name, path: e.path, text: new TextDecoder().decode(e.data) }));
  if (texts.length === 0) throw new InputError([problem('empty-zip', path, 'the archive holds no XML, JSON, YAML or CSV file', 'zip the folder that holds the negotiation or scenario files')]);
  return texts;
}

async function readUpload(c: Context): Promise<{ fileName: string; text: string; body: Json; bytes?: Uint8Array }> {
  const type = c.req.header('content-type') ?? '';
  if (/^multipart\/form-data\b/i.test(type)) {
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody({ all: true });
    } catch (e) {
      throw new HttpError(400, 'bad-multipart', `the upload is not a readable multipart form (${e instanceof Error ? e.message : String(e)})`, {
        fix: 'send the file as the multipart field `file` (curl -F file=@my.yaml), or as JSON { "file_name": "my.yaml", "text": "…" }',
      });
    }
    const unknown = Object.keys(form).filter((k) => k !== 'file' && k !== 'author');
    const problems = unknown.map((k) => {
      const guess = suggestName(k, ['file', 'author']);
      return problem('unknown-field', [k], `the form has a field "${k}" the import does not take`, `${guess ? `did you mean "${guess}"? ` : ''}the fields are file and author`);
    });
    const file = form.file;
    if (!(file instanceof File)) problems.push(problem('missing-field', ['file'], Array.isArray(file) ? 'the form has more than one field `file`' : 'the form has no file field `file`', 'send one scenario file as the form field "file"'));
    if (form.author !== undefined && typeof form.author !== 'string') problems.push(problem('wrong-type', ['author'], 'the form field `author` is not text', 'send the analyst name once, as text'));
    if (problems.length > 0) throw new InputError(problems);
    const body: Json = typeof form.author === 'string' ? { author: form.author } : {};
    const f = file as File;
    const bytes = new Uint8Array(await f.arrayBuffer());
    if (isZip(bytes)) return { fileName: safeName(f.name), text: '', body, bytes };
    return { fileName: safeName(f.name), text: decode(bytes), body };
  }
  const body = await readJson(c);
  rejectUnknown(body, FIELDS.importJson, 'an import request');
  if (typeof body.text !== 'string') throw new InputError([problem('missing-field', ['text'], 'the request has no `text`', 'send { "file_name": "x.yaml", "text": "…the file…" } or a multipart form with a file')]);
  return { fileName: safeName(typeof body.file_name === 'string' ? body.file_name : 'scenario.yaml'), text: body.text, body };
}

function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError([problem('not-text', ['file'], 'the file is not UTF-8 text', 'save the file as UTF-8 (YAML, JSON, CSV or XML)')]);
  }
}

/** A file name reduced to its last component, used only in messages and to pick a reader: never a path. */
export function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f]/g, '').slice(0, 120);
  return clean === '' || clean === '.' || clean === '..' ? 'upload' : clean;
}

/**
 * The X-Parley-Analyst header as the name it carries. Browsers allow only ISO-8859-1 in header values, so a client
 * sends a name outside it percent-encoded (encodeURIComponent); a client that sends UTF-8 bytes as they are (curl)
 * arrives here as one Latin-1 character per byte, which is decoded back. A name that is neither is taken as it is.
 */
export function analystHeader(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let v = raw;
  // eslint-disable-next-line no-control-regex
  if (/[\u0080-\u00ff]/.test(v) && !/[^\u0000-\u00ff]/.test(v)) {
    try {
      v = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(v, 'latin1'));
    } catch {
      // Latin-1 text (not UTF-8 bytes): as it is.
    }
  }
  if (/%[0-9a-f]{2}/i.test(v)) {
    try {
      v = decodeURIComponent(v);
    } catch {
      // A name with a % that is not an escape: as it is.
    }
  }
  return v;
}

/** Who sent the request: `author` in the body, else the X-Parley-Analyst header; undefined when neither. */
function requester(c: Context, body: Json): string | undefined {
  if (body.author !== undefined && body.author !== null) return checkAuthor(body.author);
  const h = analystHeader(c.req.header('x-parley-analyst'));
  return h === undefined ? undefined : checkAuthor(h, ['header', 'X-Parley-Analyst']);
}

function checkAuthor(value: unknown, path: (string | number)[] = ['author']): string {
  const a = typeof value === 'string' ? value.trim() : '';
  if (typeof value !== 'string') throw new InputError([problem('wrong-type', path, 'the analyst name is not text', 'send "author" as text of 1–60 characters')]);
  if (a === '' || [...a].length > 60) throw new InputError([problem('bad-author', path, 'the analyst name is empty or longer than 60 characters', 'send "author" with 1–60 characters')]);
  return a;
}

function author(c: Context, body: Json): string {
  return requester(c, body) ?? DEFAULT_AUTHOR;
}

function message(body: Json, fallback: string): string {
  if (body.message !== undefined && body.message !== null && typeof body.message !== 'string') {
    throw new InputError([problem('wrong-type', ['message'], '`message` is not text', 'send a short note on the change as text')]);
  }
  return typeof body.message === 'string' && body.message.trim() !== '' ? body.message.trim().slice(0, 500) : fallback;
}

function optionalVersion(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new InputError([problem('bad-version', [field], `\`${field}\` must be a version number (1, 2, …)`, 'use a version from GET /api/scenarios/{id}/versions')]);
  return v;
}

/** A base_version after the latest: a version that never existed, not someone else's save. */
function noBase(base: number, latest: number): InputError {
  return new InputError([problem('bad-version', ['base_version'], `there is no version ${base} (the latest is ${latest})`, 'send the version your edit started from (GET /api/scenarios/{id} gives the latest)')]);
}

function versionNumber(v: string, shown: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) throw new HttpError(400, 'bad-version', `${shown} is not a version number (1, 2, …)`);
  return n;
}

function queryVersion(v: string | undefined, field: string): number | undefined {
  if (v === undefined || v === '' || v === 'latest') return undefined;
  return versionNumber(v, `?${field}=${v}`);
}

function pathVersion(v: string): number {
  return versionNumber(v, `"${v}"`);
}

/** The route's query parameters; one it does not take is a 400 naming it. */
function queries(c: Context, known: readonly string[]): Record<string, string | undefined> {
  const q = c.req.query();
  const unknown = Object.keys(q).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    const problems = unknown.map((k) => {
      const guess = suggestName(k, known);
      return problem('unknown-query', ['query', k], `unknown query parameter "${k}"`, `${guess ? `did you mean "${guess}"? ` : ''}${known.length > 0 ? `this route takes ${known.join(', ')}` : 'this route takes none'}`);
    });
    throw new HttpError(400, 'bad-query', `unknown query parameter${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `"${k}"`).join(', ')}`, { problems: problemsJson(problems) });
  }
  return q;
}

/** `?flag`, `?flag=true` or `=1` → true; `?flag=false` or `=0` (or absent) → false. */
function queryFlag(v: string | undefined, field: string): boolean {
  if (v === undefined || v === 'false' || v === '0') return false;
  if (v === '' || v === 'true' || v === '1') return true;
  throw new HttpError(400, 'bad-query', `?${field}=${v} is not true or false`, { fix: `write ?${field}, ?${field}=true or ?${field}=false` });
}

/** `?wait`: absent/false → 0; bare or true → 60 s; a number of seconds (up to 600). */
function queryWait(v: string | undefined): number {
  if (v === undefined || v === 'false' || v === '0') return 0;
  if (v === '' || v === 'true') return DEFAULT_WAIT_S;
  const s = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !(s > 0)) throw new HttpError(400, 'bad-query', `?wait=${v} is not a number of seconds`, { fix: `write ?wait (up to ${DEFAULT_WAIT_S} s), ?wait=SECONDS (up to ${MAX_WAIT_S}) or leave it out` });
  return Math.min(s, MAX_WAIT_S);
}

function queryWhole(v: string | undefined, field: string, fallback: number, min: number, max: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) throw new HttpError(400, 'bad-query', `?${field}=${v} is not a whole number from ${min} to ${max}`);
  return n;
}

/** `?models=a,b` (empty: the default models), checked. */
function queryModels(v: string | undefined): string[] {
  const list = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) return [...DEFAULT_MODELS];
  const r = readForecastRequest(list, undefined, ['query']);
  if (r.problems.length > 0) throw new InputError(r.problems);
  return r.ids;
}

function notFound(id: string) {
  return new HttpError(404, 'not-found', `no scenario "${id}" in the library`);
}

const scenarioUrl = (id: string) => `/api/scenarios/${encodeURIComponent(id)}`;

function meta(v: VersionRecord) {
  return { scenario_id: v.scenario_id, version: v.version, author: v.author, message: v.message, created_at: v.created_at, title: v.title };
}

function publicJob(job: Job, withResult: boolean) {
  const { result, params, ...rest } = job;
  // Uploaded files stay out of the job's echo of its parameters.
  const shown = { ...params };
  if (shown.deu !== undefined) shown.deu = '(uploaded data set)';
  if (shown.genius !== undefined) shown.genius = '(uploaded negotiation)';
  const out = { ...rest, params: shown };
  return withResult && result !== undefined ? { ...out, result } : out;
}

// -------------------------------------------------------------------- static files

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

function serveWeb(c: Context, webRoot?: string) {
  const root = webRoot ? resolve(webRoot) : undefined;
  if (!root || !existsSync(join(root, 'index.html'))) {
    return c.html(
      `<!doctype html><meta charset="utf-8"><title>Parley</title><body style="font:16px system-ui;max-width:40em;margin:4em auto">` +
        `<h1>Parley</h1><p>The API is running (see <a href="/api/openapi.json">/api/openapi.json</a>), but the web app has not been built.</p>` +
        `<p>Build it with <code>npx vite build web</code> (or <code>npm run build:web</code>) and restart <code>parley serve</code>.</p>`,
      503,
    );
  }
  let rel: string;
  try {
    rel = decodeURIComponent(c.req.path);
  } catch {
    return c.text('bad path', 400);
  }
  const target = normalize(join(root, rel));
  const inside = target === root || target.startsWith(root + sep);
  const file = inside && existsSync(target) && statSync(target).isFile() ? target : join(root, 'index.html');
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  c.header('Content-Type', type);
  c.header('Cache-Control', file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
  return c.body(readFileSync(file));
}
