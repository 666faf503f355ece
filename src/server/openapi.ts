/**
 * The OpenAPI 3.1 description of Parley's HTTP API, served at /api/openapi.json. The scenario schema is the
 * published JSON Schema (from scenarioSchema.ts), so the API and the file format cannot drift apart.
 * A test checks that every route the app serves is described here and the other way round.
 */
import { scenarioJsonSchema } from '../core/scenarioSchema.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const errors = {
  '400': json(ref('Error'), 'Malformed request (not JSON, bad query parameter)'),
  '404': json(ref('Error'), 'No such scenario, version or job'),
  '403': json(ref('Error'), "A change sent from another site's page (an Origin of another host, Origin: null, or Sec-Fetch-Site: cross-site)"),
  '405': json(ref('Error'), 'The path exists but does not take this method (see the Allow header)'),
  '413': json(ref('Error'), 'Request body larger than the limit'),
  '415': json(ref('Error'), 'A change sent without Content-Type: application/json (or multipart/form-data for /api/import)'),
  '422': json(ref('Error'), 'Invalid input: every problem, with the CLI message; unknown fields with a "did you mean"; `too-costly` for a forecast too large for a request'),
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'Scenario id (a slug of its title)' };
const versionParam = { name: 'version', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const jobParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'Job id' };
const body = (schema: unknown, required = true) => ({ required, content: { 'application/json': { schema } } });
const scenarioBody = {
  oneOf: [
    { type: 'object', required: ['scenario'], properties: { scenario: ref('Scenario'), author: { type: 'string' }, message: { type: 'string' } } },
    { type: 'object', required: ['text'], properties: { text: { type: 'string', description: 'A scenario file in any importable format' }, file_name: { type: 'string', description: 'Used only to pick the reader' } } },
  ],
};

export function openApiDocument(): Record<string, unknown> {
  const scenarioSchema = { ...scenarioJsonSchema() };
  delete scenarioSchema.$schema;
  delete scenarioSchema.$id;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: '0.1.0',
      description:
        'Scenario library with versions, validation, forecasts by every registered model, and long analyses as jobs. ' +
        'Scenarios travel in the file layout of Parley YAML/JSON (snake_case, anchors as a map, quantities as numbers, ranges or distributions). ' +
        'Errors are `{ error: { code, message, problems? } }`; each problem carries `text`, the message the CLI prints. ' +
        'Unknown body fields, job parameters and query parameters are refused, naming the field. The analyst is `author` in the body or the X-Parley-Analyst header (percent-encoded for names outside ISO-8859-1).',
    },
    servers: [{ url: '/' }],
    paths: {
      '/api/health': { get: { summary: 'Liveness check', responses: { '200': json({ type: 'object', properties: { ok: { type: 'boolean' } } }) } } },
      '/api/openapi.json': { get: { summary: 'This description', responses: { '200': json({ type: 'object' }) } } },
      '/api/capabilities': {
        get: { summary: 'Registered forecast models, dynamic models, job kinds, import and export formats, limits', responses: { '200': json(ref('Capabilities')) } },
      },
      '/api/validate': {
        post: {
          summary: 'Validate a scenario (object or file text); 422 lists every problem',
          requestBody: body(scenarioBody),
          responses: { '200': json({ type: 'object', properties: { valid: { const: true }, scenario: ref('Scenario') } }), '422': json({ type: 'object', properties: { valid: { const: false }, problems: { type: 'array', items: ref('Problem') } } }), '400': errors['400'] },
        },
      },
      '/api/forecast': {
        post: {
          summary: "Every chosen model's forecast per issue (what-if: send an edited scenario)",
          requestBody: body({ allOf: [scenarioBody, { type: 'object', properties: { models: { type: 'array', items: { type: 'string' } }, options: { type: 'object', description: 'Options by model id, e.g. { nash: { utility: "quadratic" } }' } } }] }),
          responses: { '200': json(ref('ForecastReport')), ...errors },
        },
      },
      '/api/scenarios': {
        get: { summary: 'The library', responses: { '200': json({ type: 'object', properties: { scenarios: { type: 'array', items: ref('ScenarioSummary') } } }) } },
        post: { summary: 'Create a scenario (version 1)', requestBody: body(scenarioBody), responses: { '201': json(ref('Saved'), 'Created'), ...errors } },
      },
      '/api/import': {
        post: {
          summary: 'Import a file in any supported format (multipart field `file`, or JSON { file_name, text }); ?dry_run only reads it',
          parameters: [{ name: 'dry_run', in: 'query', required: false, schema: { type: 'string' }, description: '?dry_run or ?dry_run=true reads without saving; ?dry_run=false saves' }],
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, author: { type: 'string' } } } },
              'application/json': { schema: { type: 'object', required: ['text'], properties: { file_name: { type: 'string' }, text: { type: 'string' }, author: { type: 'string' } } } },
            },
          },
          responses: { '201': json(ref('Saved'), 'Imported'), '200': json({ type: 'object' }, 'Dry run: the scenario read'), ...errors },
        },
      },
      '/api/scenarios/{id}': {
        parameters: [idParam],
        get: { summary: 'The latest version', responses: { '200': json(ref('VersionContent')), ...errors } },
        put: {
          summary: 'Save a new version; with base_version, refused (409) when someone saved since',
          requestBody: body({ allOf: [scenarioBody, { type: 'object', properties: { base_version: { type: 'integer' } } }] }),
          responses: { '200': json(ref('Saved')), '409': json(ref('Error'), 'Conflict: a newer version exists'), ...errors },
        },
        patch: {
          summary: "Rename (saves a new version, under the author of the numbers it carries)",
          requestBody: body({ type: 'object', required: ['title'], properties: { title: { type: 'string' }, base_version: { type: 'integer' }, author: { type: 'string' } } }),
          responses: { '200': json(ref('Saved')), ...errors },
        },
        delete: { summary: 'Remove from the library', responses: { '204': { description: 'Removed' }, '404': errors['404'] } },
      },
      '/api/scenarios/{id}/duplicate': {
        parameters: [idParam],
        post: {
          summary: 'Copy a scenario (latest or a given version) under a new id',
          requestBody: body({ type: 'object', properties: { title: { type: 'string' }, version: { type: 'integer' }, author: { type: 'string' }, message: { type: 'string' } } }, false),
          responses: { '201': json(ref('Saved')), ...errors },
        },
      },
      '/api/scenarios/{id}/versions': {
        parameters: [idParam],
        get: { summary: 'Every version, newest first', responses: { '200': json({ type: 'object', properties: { versions: { type: 'array', items: ref('VersionMeta') } } }), '404': errors['404'] } },
      },
      '/api/scenarios/{id}/versions/{version}': {
        parameters: [idParam, versionParam],
        get: { summary: 'One version', responses: { '200': json(ref('VersionContent')), ...errors } },
      },
      '/api/scenarios/{id}/versions/{version}/restore': {
        parameters: [idParam, versionParam],
        post: {
          summary: "Save an old version again as the newest (under that version's author)",
          requestBody: body({ type: 'object', properties: { author: { type: 'string' }, message: { type: 'string' } } }, false),
          responses: { '200': json(ref('Saved')), ...errors },
        },
      },
      '/api/scenarios/{id}/compare': {
        parameters: [
          idParam,
          { name: 'from', in: 'query', schema: { type: 'integer' } },
          { name: 'to', in: 'query', schema: { type: 'integer' } },
          { name: 'models', in: 'query', schema: { type: 'string' }, description: 'Comma-separated model ids (default all)' },
        ],
        get: { summary: 'What changed between two versions, and how the forecasts moved', responses: { '200': json({ type: 'object' }), ...errors } },
      },
      '/api/scenarios/{id}/export': {
        parameters: [idParam, { name: 'format', in: 'query', schema: { enum: ['yaml', 'json'] } }, { name: 'version', in: 'query', schema: { type: 'integer' } }],
        get: { summary: 'Download as a Parley file', responses: { '200': { description: 'The file', content: { 'application/yaml': {}, 'application/json': {} } }, ...errors } },
      },
      '/api/scenarios/{id}/forecast': {
        parameters: [idParam, { name: 'version', in: 'query', schema: { type: 'integer' } }, { name: 'models', in: 'query', schema: { type: 'string' }, description: 'Comma-separated model ids' }],
        get: { summary: 'Forecast of a stored version', responses: { '200': json(ref('ForecastReport')), ...errors } },
      },
      '/api/scenarios/{id}/analysts': {
        parameters: [idParam],
        get: { summary: "Each analyst's latest version", responses: { '200': json({ type: 'object', properties: { analysts: { type: 'array', items: ref('VersionMeta') } } }), '404': errors['404'] } },
      },
      '/api/scenarios/{id}/combine': {
        parameters: [idParam],
        post: {
          summary: "Combine analysts' latest versions: medians of their numbers, their spread as uncertainty; save: true or \"uncertain\" stores the result",
          requestBody: body(
            {
              type: 'object',
              properties: {
                authors: { type: 'array', items: { type: 'string' } },
                save: { oneOf: [{ type: 'boolean' }, { const: 'uncertain' }] },
                models: { type: 'array', items: { type: 'string' } },
                author: { type: 'string' },
                message: { type: 'string' },
              },
            },
            false,
          ),
          responses: { '200': json({ type: 'object' }), ...errors },
        },
      },
      '/api/jobs': {
        get: {
          summary: 'Recent jobs (without results), newest first; ?limit and ?offset page them',
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 } },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 } },
          ],
          responses: { '200': json({ type: 'object', properties: { jobs: { type: 'array', items: ref('Job') }, total: { type: 'integer' }, offset: { type: 'integer' }, waiting: { type: 'integer' } } }), ...errors },
        },
        post: {
          summary: 'Start a long analysis (see capabilities.jobs) on a stored scenario or a sent one',
          requestBody: body({
            type: 'object',
            required: ['kind'],
            properties: {
              kind: { type: 'string' },
              scenario_id: { type: 'string' },
              version: { type: 'integer' },
              scenario: ref('Scenario'),
              text: { type: 'string' },
              file_name: { type: 'string' },
              params: { type: 'object' },
            },
          }),
          responses: {
            '202': json({ type: 'object', properties: { job: ref('Job') } }, 'Accepted (Location: the job): poll GET /api/jobs/{id}'),
            '429': json(ref('Error'), 'The queue is full (Retry-After)'),
            ...errors,
          },
        },
      },
      '/api/jobs/{id}': {
        parameters: [jobParam],
        get: {
          summary: 'Status, progress and (when done) result',
          parameters: [{ name: 'wait', in: 'query', schema: { type: 'string' }, description: 'Answer when the job has ended, or after 60 s (?wait), or after the given seconds (?wait=30, at most 600); ?wait=false does not wait' }],
          responses: { '200': json({ type: 'object', properties: { job: ref('Job') } }), '400': errors['400'], '404': errors['404'] },
        },
        delete: { summary: 'Cancel', responses: { '202': json({ type: 'object' }, 'Cancelled, or cancelling (a running job)'), '409': json(ref('Error'), 'Already ended'), '404': errors['404'] } },
      },
    },
    components: {
      schemas: {
        Scenario: scenarioSchema,
        Problem: {
          type: 'object',
          required: ['code', 'path', 'message', 'fix', 'text'],
          properties: {
            code: { type: 'string' },
            path: { type: 'array', items: { type: ['string', 'integer'] } },
            message: { type: 'string' },
            fix: { type: 'string' },
            line: { type: 'integer' },
            column: { type: 'integer' },
            text: { type: 'string', description: 'As the CLI prints it: source:line:column: message — fix' },
          },
        },
        Error: {
          type: 'object',
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, problems: { type: 'array', items: ref('Problem') } } } },
        },
        ScenarioSummary: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            title: { type: 'string' },
            origin: { enum: ['example', 'import', 'user'] },
            created_at: { type: 'string', format: 'date-time' },
            updated_at: { type: 'string', format: 'date-time' },
            latest_version: { type: 'integer' },
            versions: { type: 'integer' },
            analysts: { type: 'array', items: { type: 'string' } },
            actors: { type: 'integer' },
            issues: { type: 'integer' },
          },
        },
        VersionMeta: {
          type: 'object',
          properties: { scenario_id: { type: 'string' }, version: { type: 'integer' }, author: { type: 'string' }, message: { type: 'string' }, created_at: { type: 'string' }, title: { type: 'string' } },
        },
        VersionContent: { type: 'object', properties: { scenario: ref('ScenarioSummary'), version: ref('VersionMeta'), content: ref('Scenario') } },
        Saved: { type: 'object', properties: { scenario: ref('ScenarioSummary'), version: ref('VersionMeta') } },
        ForecastReport: {
          type: 'object',
          description: 'As `parley forecast --format json`: per issue, every model forecast, their spread and the nearest anchor',
          properties: { scenario: { type: 'object' }, models: { type: 'array' }, issues: { type: 'array', description: 'with `explanations` by model' }, notes: { type: 'object' }, details: { type: 'array' } },
        },
        Capabilities: { type: 'object' },
        Job: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            kind: { type: 'string' },
            status: { enum: ['queued', 'running', 'cancelling', 'done', 'failed', 'cancelled'] },
            scenario_id: { type: ['string', 'null'] },
            version: { type: ['integer', 'null'] },
            warnings: { type: 'array', items: { type: 'string' } },
            progress: { type: 'object', properties: { done: { type: 'number' }, total: { type: 'number' } } },
            result: {},
            error: { type: 'object' },
          },
        },
      },
    },
  };
}
