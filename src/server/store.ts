/**
 * The scenario library's storage: scenarios, every saved version of each, and a few settings.
 *
 * `ScenarioStore` is the narrow interface the HTTP app uses (async, so a PostgreSQL store can implement it
 * with a connection pool); `SqliteStore` implements it with better-sqlite3 in WAL mode. Every change runs in
 * one transaction (BEGIN IMMEDIATE, so two processes on one file serialise instead of losing a save), and a
 * save never overwrites: it appends version n + 1. Scenarios are stored in file layout (the JSON object that
 * `scenarioToFileObject` returns), already validated by the caller.
 *
 * Schema (3 tables):
 *   scenarios(id TEXT PK, title, origin, created_at, updated_at, deleted_at)
 *   versions(scenario_id, version, author, message, created_at, content JSON) PK (scenario_id, version)
 *   meta(key PK, value)
 * Cost: list O(s) for s scenarios; save O(size of the scenario) plus one index lookup.
 */
import Database from 'better-sqlite3';
import type { ScenarioSummary, VersionMeta } from './records.js';

export type { ScenarioSummary, VersionMeta };


export interface VersionRecord extends VersionMeta {
  /** The scenario in file layout. */
  content: Record<string, unknown>;
}

export interface NewScenario {
  content: Record<string, unknown>;
  author: string;
  message: string;
  origin?: string;
  /** Wanted id (a slug); a suffix is added when it is taken. */
  id?: string;
}

export interface SaveRequest {
  content: Record<string, unknown>;
  author: string;
  message: string;
  /** The version the edit started from; when given and no longer the latest, the save is refused (conflict). */
  baseVersion?: number;
}

/** A save based on an old version: the client must reload or save without a base. */
export class ConflictError extends Error {
  constructor(
    readonly latest: number,
    readonly base: number,
  ) {
    super(`the scenario was saved by someone else since version ${base} (latest is ${latest})`);
    this.name = 'ConflictError';
  }
}

export interface ScenarioStore {
  list(): Promise<ScenarioSummary[]>;
  get(id: string): Promise<ScenarioSummary | undefined>;
  create(input: NewScenario): Promise<VersionMeta>;
  /** Append a version. Throws ConflictError when baseVersion is given and stale; undefined when the scenario does not exist. */
  save(id: string, input: SaveRequest): Promise<VersionMeta | undefined>;
  /** Soft delete: the scenario leaves the library, its versions stay in the file until `purge`. */
  remove(id: string): Promise<boolean>;
  versions(id: string): Promise<VersionMeta[]>;
  /** A version, or the latest when `version` is undefined. */
  version(id: string, version?: number): Promise<VersionRecord | undefined>;
  /** The latest version saved by each analyst. */
  latestByAuthor(id: string): Promise<VersionRecord[]>;
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS scenarios (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  origin TEXT NOT NULL DEFAULT 'user',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE TABLE IF NOT EXISTS versions (
  scenario_id TEXT NOT NULL REFERENCES scenarios(id),
  version INTEGER NOT NULL,
  author TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at TEXT NOT NULL,
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  PRIMARY KEY (scenario_id, version)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** "US–China trade, Busan 2025" → "us-china-trade-busan-2025". */
export function slugify(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return s === '' ? 'scenario' : s;
}

interface VersionRow extends VersionMeta {
  content?: string;
}

export interface SqliteStoreOptions {
  /** The clock, for tests; default: the system time. */
  now?: () => Date;
}

export class SqliteStore implements ScenarioStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;

  /** `file` is a path, or ":memory:" for a throw-away library. */
  constructor(file: string, options: SqliteStoreOptions = {}) {
    this.db = new Database(file);
    this.now = options.now ?? (() => new Date());
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL'); // with WAL: durable at each commit except on power loss of the OS
    this.db.pragma('busy_timeout = 5000'); // another process holding the write lock: wait, do not fail
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
  }

  /** Run `fn` in one write transaction (BEGIN IMMEDIATE). */
  private write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  async list(): Promise<ScenarioSummary[]> {
    const rows = this.db.prepare(`SELECT id FROM scenarios WHERE deleted_at IS NULL ORDER BY updated_at DESC, id`).all() as { id: string }[];
    return rows.map((r) => this.summary(r.id)!);
  }

  async get(id: string): Promise<ScenarioSummary | undefined> {
    return this.summary(id);
  }

  private summary(id: string): ScenarioSummary | undefined {
    const s = this.db.prepare(`SELECT * FROM scenarios WHERE id = ? AND deleted_at IS NULL`).get(id) as
      | { id: string; title: string; origin: string; created_at: string; updated_at: string }
      | undefined;
    if (!s) return undefined;
    const agg = this.db.prepare(`SELECT MAX(version) AS latest, COUNT(*) AS n FROM versions WHERE scenario_id = ?`).get(id) as { latest: number; n: number };
    const authors = this.db
      .prepare(`SELECT author FROM versions WHERE scenario_id = ? GROUP BY author ORDER BY MIN(version)`)
      .all(id) as { author: string }[];
    const latest = this.db.prepare(`SELECT content FROM versions WHERE scenario_id = ? AND version = ?`).get(id, agg.latest) as { content: string } | undefined;
    const content = latest ? (JSON.parse(latest.content) as { actors?: unknown[]; issues?: unknown[] }) : {};
    return {
      id: s.id,
      title: s.title,
      origin: s.origin,
      created_at: s.created_at,
      updated_at: s.updated_at,
      latest_version: agg.latest ?? 0,
      versions: agg.n,
      analysts: authors.map((a) => a.author),
      actors: content.actors?.length ?? 0,
      issues: content.issues?.length ?? 0,
    };
  }

  async create(input: NewScenario): Promise<VersionMeta> {
    return this.write(() => {
      const title = titleOf(input.content);
      const base = slugify(input.id ?? title);
      let id = base;
      for (let k = 2; this.db.prepare(`SELECT 1 FROM scenarios WHERE id = ?`).get(id); k++) id = `${base}-${k}`;
      const at = this.stamp();
      this.db.prepare(`INSERT INTO scenarios (id, title, origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(id, title, input.origin ?? 'user', at, at);
      return this.insertVersion(id, 1, input, at);
    });
  }

  async save(id: string, input: SaveRequest): Promise<VersionMeta | undefined> {
    return this.write(() => {
      const exists = this.db.prepare(`SELECT 1 FROM scenarios WHERE id = ? AND deleted_at IS NULL`).get(id);
      if (!exists) return undefined;
      const { latest } = this.db.prepare(`SELECT MAX(version) AS latest FROM versions WHERE scenario_id = ?`).get(id) as { latest: number };
      if (input.baseVersion !== undefined && input.baseVersion !== latest) throw new ConflictError(latest, input.baseVersion);
      const at = this.stamp();
      this.db.prepare(`UPDATE scenarios SET title = ?, updated_at = ? WHERE id = ?`).run(titleOf(input.content), at, id);
      return this.insertVersion(id, latest + 1, input, at);
    });
  }

  private insertVersion(id: string, version: number, input: { content: Record<string, unknown>; author: string; message: string }, at: string): VersionMeta {
    const title = titleOf(input.content);
    this.db
      .prepare(`INSERT INTO versions (scenario_id, version, author, message, created_at, title, content) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(id, version, input.author, input.message, at, title, JSON.stringify(input.content));
    return { scenario_id: id, version, author: input.author, message: input.message, created_at: at, title };
  }

  async remove(id: string): Promise<boolean> {
    return this.write(() => this.db.prepare(`UPDATE scenarios SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`).run(this.stamp(), id).changes > 0);
  }

  async versions(id: string): Promise<VersionMeta[]> {
    if (!this.summary(id)) return [];
    const rows = this.db
      .prepare(`SELECT scenario_id, version, author, message, created_at, title FROM versions WHERE scenario_id = ? ORDER BY version DESC`)
      .all(id) as VersionRow[];
    return rows.map(toMeta);
  }

  async version(id: string, version?: number): Promise<VersionRecord | undefined> {
    if (!this.summary(id)) return undefined;
    const row = (
      version === undefined
        ? this.db.prepare(`SELECT * FROM versions WHERE scenario_id = ? ORDER BY version DESC LIMIT 1`).get(id)
        : this.db.prepare(`SELECT * FROM versions WHERE scenario_id = ? AND version = ?`).get(id, version)
    ) as VersionRow | undefined;
    return row ? { ...toMeta(row), content: JSON.parse(row.content!) as Record<string, unknown> } : undefined;
  }

  async latestByAuthor(id: string): Promise<VersionRecord[]> {
    if (!this.summary(id)) return [];
    const rows = this.db
      .prepare(
        `SELECT v.* FROM versions v JOIN (SELECT author, MAX(version) AS version FROM versions WHERE scenario_id = ? GROUP BY author) l
         ON v.author = l.author AND v.version = l.version WHERE v.scenario_id = ? ORDER BY v.version`,
      )
      .all(id, id) as VersionRow[];
    return rows.map((r) => ({ ...toMeta(r), content: JSON.parse(r.content!) as Record<string, unknown> }));
  }

  async getSetting(key: string): Promise<string | undefined> {
    return (this.db.prepare(`SELECT value FROM meta WHERE key = ?`).get(key) as { value: string } | undefined)?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.write(() => this.db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, value));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function toMeta(r: VersionRow): VersionMeta {
  return { scenario_id: r.scenario_id, version: r.version, author: r.author, message: r.message, created_at: r.created_at, title: r.title };
}

function titleOf(content: Record<string, unknown>): string {
  return typeof content.title === 'string' && content.title.trim() !== '' ? content.title : 'Untitled scenario';
}
