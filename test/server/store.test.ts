// The SQLite library: WAL mode, versions appended in transactions, two connections on one file (as two
// `parley serve` processes would be) losing nothing, and what a new connection sees after a crash.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultDatabasePath } from '../../src/server/node.js';
import { ConflictError, slugify, SqliteStore } from '../../src/server/store.js';
import { smallScenario } from './helpers.js';

const file = () => join(mkdtempSync(join(tmpdir(), 'parley-store-')), 'library.sqlite');

describe('SqliteStore', () => {
  it('uses WAL and keeps what was saved visible to a fresh connection without a clean close', async () => {
    const path = file();
    const store = new SqliteStore(path);
    await store.create({ content: smallScenario(), author: 'alice', message: 'm' });
    await store.save('small-test-scenario', { content: { ...smallScenario(), description: 'two' }, author: 'bob', message: 'm2' });
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT COUNT(*) AS n FROM versions').get()).toEqual({ n: 2 });
    raw.close();
    const other = new SqliteStore(path); // `store` never closed: as after a crash
    expect((await other.version('small-test-scenario'))?.content.description).toBe('two');
    await other.close();
    await store.close();
  });

  it('two connections saving in turn lose no version, and a stale base is refused across connections', async () => {
    const path = file();
    const a = new SqliteStore(path);
    const b = new SqliteStore(path);
    await a.create({ content: smallScenario(), author: 'alice', message: 'v1' });
    const saves = [];
    for (let k = 0; k < 30; k++) saves.push((k % 2 === 0 ? a : b).save('small-test-scenario', { content: { ...smallScenario(), description: `v${k + 2}` }, author: k % 2 ? 'bob' : 'alice', message: `save ${k}` }));
    const metas = await Promise.all(saves);
    expect(metas.map((m) => m!.version)).toEqual(Array.from({ length: 30 }, (_, k) => k + 2));
    await expect(b.save('small-test-scenario', { content: smallScenario(), author: 'bob', message: 'late', baseVersion: 5 })).rejects.toBeInstanceOf(ConflictError);
    expect((await a.versions('small-test-scenario')).length).toBe(31);
    expect((await b.latestByAuthor('small-test-scenario')).map((v) => [v.author, v.version])).toEqual([
      ['alice', 30],
      ['bob', 31],
    ]);
    await a.close();
    await b.close();
  });

  it('soft-deletes: a removed scenario is gone from the API but its id stays taken', async () => {
    const store = new SqliteStore(':memory:');
    await store.create({ content: smallScenario(), author: 'a', message: 'm' });
    expect(await store.remove('small-test-scenario')).toBe(true);
    expect(await store.get('small-test-scenario')).toBeUndefined();
    expect(await store.version('small-test-scenario')).toBeUndefined();
    expect(await store.save('small-test-scenario', { content: smallScenario(), author: 'a', message: 'm' })).toBeUndefined();
    const again = await store.create({ content: smallScenario(), author: 'a', message: 'm' });
    expect(again.scenario_id).toBe('small-test-scenario-2');
  });

  it('makes ids from titles', () => {
    expect(slugify("US–China leaders' summit, Busan, 30 October 2025")).toBe('us-china-leaders-summit-busan-30-october-2025');
    expect(slugify('Économie à Zürich')).toBe('economie-a-zurich');
    expect(slugify('!!!')).toBe('scenario');
  });

  it('puts the library in each platform’s per-user data folder', () => {
    expect(defaultDatabasePath({ XDG_DATA_HOME: '/x/data' }, 'linux')).toBe('/x/data/parley/library.sqlite');
    expect(defaultDatabasePath({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(/parley[\\/]library\.sqlite$/);
    expect(defaultDatabasePath({}, 'darwin')).toMatch(/Library\/Application Support\/parley\/library\.sqlite$/);
    expect(defaultDatabasePath({ PARLEY_DB: '/tmp/p.sqlite' }, 'linux')).toBe('/tmp/p.sqlite');
  });
});
