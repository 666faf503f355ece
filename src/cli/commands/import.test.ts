// `parley import … --out` in-process (test/inProcess.ts): never over its own input, --format agreeing with the name,
// a bad --out refused before converting.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parleyInProcess as parley } from '../../../test/inProcess.js';
import { REPO } from '../../../test/shared.js';
import { outputFormatFor } from './import.js';

const EC = join(REPO, 'scenarios', 'ec-car-emissions-1994.yaml');
let dir: string;
let input: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-import-'));
  input = join(dir, 'ec.yaml');
  copyFileSync(EC, input);
});

describe('parley import --out', () => {
  it('refuses to overwrite its own input, also through a link, naming both and another name', async () => {
    const r = await parley('import', input, '--out', input);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out .*ec\.yaml is the input file .*ec\.yaml — the import would overwrite its own input; choose another name, e.g. --out ec-parley\.yaml/);
    symlinkSync('ec.yaml', join(dir, 'link.yaml'));
    expect((await parley('import', input, '--out', join(dir, 'link.yaml'))).code).toBe(2);
    expect(readFileSync(input, 'utf8')).toBe(readFileSync(EC, 'utf8'));
  });

  it('the format follows a .json name; --format contradicting the name is refused and nothing is written', async () => {
    const json = join(dir, 'x.json');
    const bad = await parley('import', input, '--out', json, '--format', 'yaml');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--format yaml contradicts --out .*x\.json \(a \.json file is read as JSON\) — drop --format \(the name decides\), or name the file .*x\.yaml/);
    expect(() => readFileSync(json)).toThrow();
    expect((await parley('import', input, '--out', json)).code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).actors).toHaveLength(10);
    expect((await parley('validate', json)).code).toBe(0);
  });

  it('outputFormatFor: --format, else the name, else yaml', () => {
    expect(outputFormatFor(undefined, undefined)).toBe('yaml');
    expect(outputFormatFor('a.JSON', undefined)).toBe('json');
    expect(outputFormatFor('a.yml', undefined)).toBe('yaml');
    expect(outputFormatFor('a.txt', 'json')).toBe('json');
    expect(outputFormatFor(undefined, 'json')).toBe('json');
    expect(() => outputFormatFor('a.yaml', 'json')).toThrow(/contradicts/);
    expect(() => outputFormatFor('a.yaml', 'xml')).toThrow(/use yaml or json/);
  });

  it('a folder as --out is refused with a file name to use', async () => {
    const d = join(dir, 'outdir');
    mkdirSync(d);
    const r = await parley('import', input, '--out', d);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/outdir is a folder — give a file name, e.g. .*outdir[\\/]scenario\.yaml/);
  });

  it.runIf(process.platform !== 'win32')('--out /dev/stdout prints the scenario', async () => {
    const r = await parley('import', input, '--out', '/dev/stdout');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^title: EC car-emission/);
  });
});
