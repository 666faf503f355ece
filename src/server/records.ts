/**
 * The library's records as the HTTP API sends them. No imports, so the web app can share these types with the
 * server (`import type`) without pulling in the SQLite store.
 */

export interface ScenarioSummary {
  id: string;
  title: string;
  /** "example" for the built-in examples, "import" for uploaded files, "user" otherwise. */
  origin: string;
  created_at: string;
  updated_at: string;
  latest_version: number;
  versions: number;
  /** Everyone who saved a version, in order of first save. */
  analysts: string[];
  actors: number;
  issues: number;
}

export interface VersionMeta {
  scenario_id: string;
  version: number;
  author: string;
  message: string;
  created_at: string;
  title: string;
}
