/**
 * Parley's HTTP API (and the static web app), as a hono app without a listener: tests call `app.request()`,
 * `node.ts` puts it on a port. Every route is a thin layer over the core the CLI uses: the same loader and
 * validation (so a 422 carries the CLI's messages), the same model registries, the same report shapes.
 *
 * Errors are mapped in one place (`onError`): InputError → 422 with every problem; HttpError → its status;
 * anything else → 500 with a message and no stack trace. Request bodies are capped (`maxBodyBytes`). Uploaded
 * files are read from the request into memory and stored in the database: their names are used only to pick
 * a reader, never as paths. The routes are described in `openapi.ts`, served at /api/openapi.json.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { formatProblem, InputError, problem, type InputProblem } from '../core/errors.js';
import { forecastScenario } from '../core/forecast.js';
import { DYNAMICS_MODELS } from '../core/dynamics/registry.js';
import { DEFAULT_MODELS, MODELS } from '../core/models/registry.js';
import type { ForecastOptions } from '../core/models/types.js';
import { toPointScenario, type UncertainScenario } from '../core/scenario.js';
import { validateScenario } from '../core/validateScenario.js';
import { readAnyScenario, SCENARIO_FORMATS } from '../formats/detect.js';
import { detectFolderFormat } from '../formats/genius.js';
import { approximationSummary, readGeniusNegotiation } from '../formats/geniusToScenario.js';
import { scenarioToFileObject, writeScenarioText } from '../formats/scenarioText.js';
import { combineAnalysts } from './combine.js';
import { compareScenarios } from './compare.js';
import { JobManager } from './jobs.js';
import { openApiDocument } from './openapi.js';
import { ConflictError, slugify, type ScenarioStore, type VersionRecord } from './store.js';
import { TASKS } from './tasks.js';
import { isZip, readZip, ZipError } from './zip.js';

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
}

/** An error with an HTTP status and a stable code, thrown by handlers and mapped by onError. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 415 | 422 | 500 | 501,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const DEFAULT_AUTHOR = 'analyst';
const EXPORT_FORMATS = ['yaml', 'json'] as const;

type Json = Record<string, unknown>;

/** Problems as JSON: each with the CLI's one-line text (`source:line:column: message — fix`). */
export function problemsJson(problems: InputProblem[], source?: string) {
  return problems.map((p) => ({ ...p, text: formatProblem(p, source) }));
}

export function createApp(options: AppOptions): Hono {
  const { store } = options;
  const jobs = options.jobs ?? new JobManager();
  const maxBody = options.maxBodyBytes ?? 8 * 1024 * 1024;
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof InputError) {
      return c.json({ error: { code: 'invalid-input', message: `${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} found`, problems: problemsJson(err.problems, err.source) } }, 422);
    }
    if (err instanceof ConflictError) {
      return c.json({ error: { code: 'conflict', message: `${err.message} — reload the scenario, or save again without base_version to keep both`, latest_version: err.latest } }, 409);
    }
    if (err instanceof HttpError) return c.json({ error: { code: err.code, message: err.message, ...err.extra } }, err.status);
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
  // Cross-site requests: a page on another site may send forms to this server (it cannot read the answers); every
  // change must come from the app's own origin. Browsers send Origin with such requests.
  app.use('/api/*', async (c, next) => {
    const origin = c.req.header('origin');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && origin !== undefined && origin !== 'null') {
      let sameHost = false;
      try {
        sameHost = new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
      } catch {
        sameHost = false;
      }
      if (!sameHost) return c.json({ error: { code: 'cross-origin', message: `requests that change the library must come from this server's own pages, not ${origin}` } }, 403);
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
      limits: { max_body_bytes: maxBody },
      job_runner: jobs.mode,
    }),
  );

  // ------------------------------------------------------------------ stateless: validate and forecast

  app.post('/api/validate', async (c) => {
    const body = await readJson(c);
    const { scenario, problems, source } = scenarioFromBody(body);
    if (!scenario) return c.json({ valid: false, problems: problemsJson(problems, source) }, 422);
    return c.json({ valid: true, actors: scenario.actors.length, issues: scenario.issues.length, stances: scenario.stances.length, scenario: scenarioToFileObject(scenario) });
  });

  app.post('/api/forecast', async (c) => {
    const body = await readJson(c);
    const scenario = requireScenario(body);
    return c.json(runForecast(scenario, body.models, body.options));
  });

  // ------------------------------------------------------------------ the library

  app.get('/api/scenarios', async (c) => c.json({ scenarios: await store.list() }));

  app.post('/api/scenarios', async (c) => {
    const body = await readJson(c);
    const scenario = requireScenario(body);
    const v = await store.create({ content: scenarioToFileObject(scenario), author: author(c, body), message: message(body, 'created') });
    return c.json({ scenario: await store.get(v.scenario_id), version: v }, 201);
  });

  app.post('/api/import', async (c) => {
    const { fileName, text, body, bytes } = await readUpload(c);
    if (bytes) return importZip(c, fileName, bytes, body);
    const result = readAnyScenario(text, fileName);
    if (!result.scenario || result.problems.length > 0) throw new InputError(result.problems, fileName);
    if (c.req.query('dry_run') !== undefined) return c.json({ format: result.format, scenario: scenarioToFileObject(result.scenario) });
    const v = await store.create({
      content: scenarioToFileObject(result.scenario),
      author: author(c, body),
      message: `imported from ${fileName} (${SCENARIO_FORMATS.find((f) => f.id === result.format)?.name ?? result.format})`,
      origin: 'import',
    });
    return c.json({ format: result.format, scenario: await store.get(v.scenario_id), version: v }, 201);
  });

  /**
   * A zipped GENIUS / GeniusWeb negotiation, converted to a scenario (src/formats/geniusToScenario.ts) and stored;
   * the answer carries how far the converted utilities depart from the profiles. Non-linear profiles and numeric
   * issues are refused (422), each problem located in its file inside the archive.
   */
  async function importNegotiation(c: Context, fileName: string, files: { name: string; path: string; text: string }[], body: Json) {
    const conv = readGeniusNegotiation(files, { title: fileName.replace(/^.*[\\/]/, '').replace(/\.zip$/i, '') });
    const tool = conv.format === 'geniusweb' ? 'GeniusWeb' : 'GENIUS';
    if (!conv.scenario) {
      const where = (file: string) => (file === '.' ? fileName : `${fileName}/${files.find((f) => f.name === file)?.path ?? file}`);
      const problems = conv.problems.flatMap(({ file, ...p }) => problemsJson([p], where(file)));
      return c.json({ error: { code: 'invalid-input', message: `the ${tool} negotiation in ${fileName} cannot be converted to a scenario: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems } }, 422);
    }
    const approximation = { summary: approximationSummary(conv.approximation), actors: conv.approximation };
    const content = scenarioToFileObject(conv.scenario);
    if (c.req.query('dry_run') !== undefined) return c.json({ format: conv.format, scenario: content, approximation });
    const worst = Math.max(...conv.approximation.map((a) => a.maxGap));
    const v = await store.create({
      content,
      author: author(c, body),
      message: `converted from the ${tool} negotiation in ${fileName} (Parley utilities within ${worst.toFixed(4)} of the profiles')`,
      origin: 'import',
    });
    return c.json({ format: conv.format, scenario: await store.get(v.scenario_id), version: v, approximation }, 201);
  }

  /** A zip of scenario files: each is imported; a zipped GENIUS / GeniusWeb negotiation is converted to one scenario. */
  async function importZip(c: Context, fileName: string, bytes: Uint8Array, body: Json) {
    const files = unzipTexts(bytes, ['file']);
    if (detectFolderFormat(files)) return importNegotiation(c, fileName, files, body);
    const imported = [];
    const problems: ReturnType<typeof problemsJson> = [];
    for (const f of files) {
      const r = readAnyScenario(f.text, f.name);
      if (!r.scenario || r.problems.length > 0) {
        problems.push(...problemsJson(r.problems, `${fileName}/${f.path}`));
        continue;
      }
      if (c.req.query('dry_run') !== undefined) continue;
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
    const scenario = requireScenario(body);
    const base = optionalVersion(body.base_version, 'base_version');
    const v = await store.save(id, { content: scenarioToFileObject(scenario), author: author(c, body), message: message(body, 'edited'), baseVersion: base });
    if (!v) throw notFound(id);
    return c.json({ scenario: await store.get(id), version: v });
  });

  app.patch('/api/scenarios/:id', async (c) => {
    const id = c.req.param('id');
    const body = await readJson(c);
    const title = typeof body.title === 'string' ? body.title.trim() : '';
    if (title === '' || title.length > 200) throw new InputError([problem('bad-title', ['title'], 'the new title is empty or longer than 200 characters', 'send { "title": "a name of 1–200 characters" }')]);
    const current = await mustVersion(id);
    const v = await store.save(id, { content: { ...current.content, title }, author: author(c, body), message: `renamed to "${title}"`, baseVersion: optionalVersion(body.base_version, 'base_version') });
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
    const current = await mustVersion(id, optionalVersion(body.version, 'version'));
    const title = typeof body.title === 'string' && body.title.trim() !== '' ? body.title.trim() : `${String(current.content.title)} (copy)`;
    const v = await store.create({ content: { ...current.content, title }, author: author(c, body), message: `duplicated from ${id} version ${current.version}` });
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
    const old = await mustVersion(id, pathVersion(c.req.param('version')));
    const v = await store.save(id, { content: old.content, author: author(c, body), message: `restored version ${old.version}` });
    return c.json({ scenario: await store.get(id), version: v });
  });

  app.get('/api/scenarios/:id/compare', async (c) => {
    const id = c.req.param('id');
    const summary = await mustGet(id);
    const from = await mustVersion(id, queryVersion(c.req.query('from'), 'from') ?? Math.max(1, summary.latest_version - 1));
    const to = await mustVersion(id, queryVersion(c.req.query('to'), 'to') ?? summary.latest_version);
    const a = stored(from);
    const b = stored(to);
    const fa = forecastScenario(toPointScenario(a), DEFAULT_MODELS);
    const fb = forecastScenario(toPointScenario(b), DEFAULT_MODELS);
    const issues = b.issues.map((issue) => {
      const before = fa.issues.find((r) => r.id === issue.id);
      const after = fb.issues.find((r) => r.id === issue.id)!;
      const models = Object.fromEntries(
        Object.entries(after.forecasts).map(([m, x]) => [m, { from: before?.forecasts[m] ?? null, to: x, change: before?.forecasts[m] === undefined ? null : x - before.forecasts[m]! }]),
      );
      return { id: issue.id, name: issue.name, scale: issue.scale, models, consensus: { from: before?.consensus ?? null, to: after.consensus } };
    });
    return c.json({ from: meta(from), to: meta(to), changes: compareScenarios(a, b), forecast: issues });
  });

  app.get('/api/scenarios/:id/export', async (c) => {
    const id = c.req.param('id');
    const format = c.req.query('format') ?? 'yaml';
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new HttpError(400, 'bad-format', `unknown export format "${format}" — use one of ${EXPORT_FORMATS.join(', ')}`);
    const v = await mustVersion(id, queryVersion(c.req.query('version'), 'version'));
    const text = writeScenarioText(stored(v), format as 'yaml' | 'json');
    const name = `${slugify(String(v.content.title))}-v${v.version}.${format}`;
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    c.header('Content-Type', format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8');
    return c.body(text);
  });

  app.get('/api/scenarios/:id/forecast', async (c) => {
    const id = c.req.param('id');
    const v = await mustVersion(id, queryVersion(c.req.query('version'), 'version'));
    const models = c.req.query('models')?.split(',').map((s) => s.trim()).filter(Boolean);
    return c.json(runForecast(stored(v), models, undefined));
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
    let versions = await store.latestByAuthor(id);
    if (Array.isArray(body.authors)) {
      const wanted = body.authors.map(String);
      const unknown = wanted.filter((a) => !versions.some((v) => v.author === a));
      if (unknown.length > 0) throw new InputError([problem('unknown-analyst', ['authors'], `no version saved by ${unknown.join(', ')}`, `choose from: ${versions.map((v) => v.author).join(', ')}`)]);
      versions = versions.filter((v) => wanted.includes(v.author));
    }
    if (versions.length < 2) throw new HttpError(422, 'too-few-analysts', 'combining needs versions by at least two analysts', { fix: 'save a version under another analyst name first' });
    const combined = combineAnalysts(
      versions.map((v) => ({ author: v.author, version: v.version, scenario: stored(v) })),
      DEFAULT_MODELS,
    );
    let saved = null;
    if (body.save === true || body.save === 'uncertain') {
      const content = scenarioToFileObject(body.save === 'uncertain' ? combined.uncertain : combined.scenario);
      saved = await store.save(id, { content, author: author(c, body), message: `combined the versions of ${combined.analysts.map((a) => `${a.author} (v${a.version})`).join(', ')}` });
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
    const kind = typeof body.kind === 'string' ? body.kind : '';
    if (!TASKS.some((t) => t.id === kind)) {
      throw new InputError([problem('unknown-job', ['kind'], `unknown job kind "${kind}"`, `use one of: ${TASKS.map((t) => t.id).join(', ')}`)]);
    }
    const params = body.params === undefined ? {} : body.params;
    if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new InputError([problem('wrong-type', ['params'], '`params` is not a mapping', 'send params as a JSON object, e.g. { "model": "eum" }')]);
    let content: Record<string, unknown>;
    let scenarioId: string | null = null;
    if (kind === 'backtest' && body.scenario === undefined && body.scenario_id === undefined) {
      // A backtest scores the library (or an uploaded data set): any stored scenario stands in as the job's own.
      const first = (await store.list())[0];
      if (!first) throw new InputError([problem('empty-library', ['scenario_id'], 'the library is empty', 'import scenarios with outcomes first, or send a DEU data set as params.deu')]);
      content = (await mustVersion(first.id)).content;
    } else if (typeof body.scenario_id === 'string') {
      scenarioId = body.scenario_id;
      content = (await mustVersion(scenarioId, optionalVersion(body.version, 'version'))).content;
    } else content = scenarioToFileObject(requireScenario(body));
    const p = params as Json;
    if (kind === 'deals' && typeof p.genius_zip === 'string') {
      // A zipped GENIUS folder, base64: unpacked here, in memory; the task gets its text files.
      p.genius = unzipTexts(Buffer.from(p.genius_zip, 'base64'), ['params', 'genius_zip']);
      delete p.genius_zip;
    }
    let scenarios: { name: string; scenario: Record<string, unknown> }[] | undefined;
    if (p.analysts === true && (kind === 'montecarlo' || kind === 'sensitivity')) {
      if (!scenarioId) throw new InputError([problem('needs-stored', ['params', 'analysts'], 'analysts: true needs a stored scenario', 'send scenario_id instead of scenario')]);
      scenarios = (await store.latestByAuthor(scenarioId)).map((v) => ({ name: `${v.author} (v${v.version})`, scenario: v.content }));
    }
    if (kind === 'backtest' && p.deu === undefined && (p.source ?? 'library') === 'library') {
      scenarios = [];
      for (const s of await store.list()) {
        const v = await store.version(s.id);
        const issues = (v?.content.issues ?? []) as { outcome?: unknown }[];
        if (v && issues.some((i) => typeof i.outcome === 'number')) scenarios.push({ name: s.title, scenario: v.content });
      }
      if (scenarios.length === 0) {
        throw new InputError([problem('no-outcomes', ['params', 'source'], 'no scenario in the library has an issue with a known outcome', 'give issues an `outcome` (what actually happened), or send a DEU data set as params.deu { issues, stances }')]);
      }
    }
    const job = jobs.start(kind, { scenario: content, params: p, scenarios }, scenarioId);
    return c.json({ job: publicJob(job, false) }, 202);
  });

  app.get('/api/jobs', (c) => c.json({ jobs: jobs.list().map((j) => publicJob(j, false)) }));

  app.get('/api/jobs/:id', async (c) => {
    const id = c.req.param('id');
    if (c.req.query('wait') !== undefined) await jobs.wait(id);
    const job = jobs.get(id);
    if (!job) throw new HttpError(404, 'not-found', `no job "${id}" (finished jobs are kept for a while, then forgotten)`);
    return c.json({ job: publicJob(job, true) });
  });

  app.delete('/api/jobs/:id', (c) => {
    const id = c.req.param('id');
    const job = jobs.get(id);
    if (!job) throw new HttpError(404, 'not-found', `no job "${id}"`);
    const cancelled = jobs.cancel(id);
    return c.json({ cancelled, job: publicJob(job, false) }, cancelled ? 202 : 409);
  });

  app.all('/api/*', (c) => c.json({ error: { code: 'not-found', message: `no API route ${c.req.method} ${c.req.path} — see /api/openapi.json` } }, 404));

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
  const type = c.req.header('content-type');
  // JSON only: a cross-site form cannot send this content type without the browser asking first.
  if (type !== undefined && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new HttpError(415, 'bad-content-type', `send the body as JSON (Content-Type: application/json), not ${type.split(';')[0]}`);
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
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'bad-json', 'the request body must be a JSON object');
  return value as Json;
}

/** `{ scenario: {...} }` (file layout) or `{ text, file_name }` (any supported format). */
function scenarioFromBody(body: Json): { scenario?: UncertainScenario; problems: InputProblem[]; source?: string } {
  if (typeof body.text === 'string') {
    const source = safeName(typeof body.file_name === 'string' ? body.file_name : 'scenario.yaml');
    const r = readAnyScenario(body.text, source);
    return { scenario: r.problems.length === 0 ? r.scenario : undefined, problems: r.problems, source };
  }
  if (body.scenario === undefined) {
    return { problems: [problem('missing-field', ['scenario'], 'the request has no `scenario`', 'send { "scenario": { "title": …, "actors": […], "issues": […], "stances": […] } } or { "text": "…", "file_name": "x.yaml" }')] };
  }
  const r = validateScenario(body.scenario);
  return { scenario: r.scenario, problems: r.problems.map((p) => ({ ...p, path: ['scenario', ...p.path] })) };
}

function requireScenario(body: Json): UncertainScenario {
  const { scenario, problems, source } = scenarioFromBody(body);
  if (!scenario) throw new InputError(problems, source);
  return scenario;
}

/** The scenario of a stored version (validated when saved; validated again in case the file was edited by hand). */
function stored(v: VersionRecord): UncertainScenario {
  const r = validateScenario(v.content);
  if (!r.scenario) throw new InputError(r.problems, `${v.scenario_id} version ${v.version}`);
  return r.scenario;
}

function runForecast(scenario: UncertainScenario, models: unknown, options: unknown) {
  let ids: string[] = [...DEFAULT_MODELS];
  if (models !== undefined) {
    if (!Array.isArray(models) || models.length === 0 || !models.every((m) => typeof m === 'string')) {
      throw new InputError([problem('wrong-type', ['models'], '`models` is not a list of model ids', `send e.g. ["${MODELS.map((m) => m.id).join('", "')}"]`)]);
    }
    ids = models;
  }
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new InputError([problem('wrong-type', ['options'], '`options` is not a mapping', 'send options by model id, e.g. { "nash": { "utility": "quadratic" } }')]);
  }
  const opts = { ...(scenario.model_options ?? {}), ...((options as Json | undefined) ?? {}) } as ForecastOptions;
  const nash = opts.nash as Json | undefined;
  if (nash?.utility !== undefined && nash.utility !== 'linear' && nash.utility !== 'quadratic') {
    throw new InputError([problem('bad-option', ['options', 'nash', 'utility'], `unknown Nash utility "${String(nash.utility)}"`, 'use "linear" or "quadratic"')]);
  }
  if (nash?.weights !== undefined && nash.weights !== 'capability-salience' && nash.weights !== 'capability') {
    throw new InputError([problem('bad-option', ['options', 'nash', 'weights'], `unknown Nash weights "${String(nash.weights)}"`, 'use "capability-salience" or "capability"')]);
  }
  return forecastScenario(toPointScenario(scenario), ids, opts);
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
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File)) throw new InputError([problem('missing-field', ['file'], 'the form has no file field `file`', 'send the scenario file as the form field "file"')]);
    const body: Json = typeof form.author === 'string' ? { author: form.author } : {};
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (isZip(bytes)) return { fileName: safeName(file.name), text: '', body, bytes };
    return { fileName: safeName(file.name), text: decode(bytes), body };
  }
  const body = await readJson(c);
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

function author(c: Context, body: Json): string {
  const raw = typeof body.author === 'string' ? body.author : (c.req.header('x-parley-analyst') ?? DEFAULT_AUTHOR);
  const a = raw.trim();
  if (a === '' || a.length > 60) throw new InputError([problem('bad-author', ['author'], 'the analyst name is empty or longer than 60 characters', 'send "author" with 1–60 characters')]);
  return a;
}

function message(body: Json, fallback: string): string {
  return typeof body.message === 'string' && body.message.trim() !== '' ? body.message.trim().slice(0, 500) : fallback;
}

function optionalVersion(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InputError([problem('bad-version', [field], `\`${field}\` must be a version number (1, 2, …)`, 'use a version from GET /api/scenarios/{id}/versions')]);
  return v;
}

function queryVersion(v: string | undefined, field: string): number | undefined {
  if (v === undefined || v === '' || v === 'latest') return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new HttpError(400, 'bad-version', `?${field}=${v} is not a version number`);
  return Number(v);
}

function pathVersion(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new HttpError(400, 'bad-version', `"${v}" is not a version number`);
  return Number(v);
}

function notFound(id: string) {
  return new HttpError(404, 'not-found', `no scenario "${id}" in the library`);
}

function meta(v: VersionRecord) {
  return { scenario_id: v.scenario_id, version: v.version, author: v.author, message: v.message, created_at: v.created_at, title: v.title };
}

function publicJob(job: ReturnType<JobManager['get']> & object, withResult: boolean) {
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
