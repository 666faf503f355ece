// Problems (the core's and the API's) in the app's words: where the CLI says "under `actors:`" or
// "{ triangular: [30, 40, 60] }", the grid has an Actors table and tri(30, 40, 60); where the API names
// "params.draws", the app has a Draws field.
import type { Problem } from './api';

/** Labels of job parameters as the Charts tab shows them. */
const PARAM_LABELS: Record<string, string> = {
  draws: 'Draws',
  rounds: 'Rounds',
  deu: 'DEU data set',
  genius: 'GENIUS negotiation',
  genius_zip: 'GENIUS negotiation',
  parties: 'Parties',
  strategies: 'Strategies',
  uncertainty: 'Spread',
  model: 'Model',
  models: 'Models',
  seed: 'Seed',
};

const LISTS: Record<string, string> = { actors: 'actor', issues: 'issue', stances: 'stance' };

/** Rewrite file and API wording in a message or fix into the web app's terms. */
export function uiWords(text: string): string {
  return (
    text
      // Quantities as the grid writes them.
      .replace(/\{\s*triangular:\s*\[\s*([^,\]\s]+)\s*,\s*([^,\]\s]+)\s*,\s*([^,\]\s]+)\s*\]\s*\}/g, 'tri($1, $2, $3)')
      .replace(/\{\s*normal:\s*\{\s*mean:\s*([^,}\s]+)\s*,\s*sd:\s*([^,}\s]+)\s*\}\s*\}/g, 'N($1, $2)')
      .replace(/\{\s*uniform:\s*\[\s*([^,\]\s]+)\s*,\s*([^,\]\s]+)\s*\]\s*\}/g, '$1–$2')
      .replace(/\[\s*(-?[\d.]+|low)\s*,\s*(-?[\d.]+|high)\s*\]/g, '$1–$2')
      // Where things go: the editor's tables rather than YAML sections.
      .replace(/add the other parties under `actors:`/g, 'add the other parties in the Actors table (+ Add actor on Edit)')
      .replace(/define the (actor|issue) under `(actor|issue)s:` first/g, (_, k: string) => `add the ${k} in the ${k === 'actor' ? 'Actors' : 'Issues'} table first`)
      .replace(/add at least one issue under `issues:`/g, 'add at least one issue in the Issues table (+ Add issue on Edit)')
      .replace(/add stances with `issue: ([^`]+)`/g, 'add stances for issue $1 in the Stances table')
      .replace(/under `([a-z_]+):`/g, 'in $1')
      .replace(/write scale: \{ min: 0, max: 100 \} with min < max/g, 'set Min below Max')
      .replace(/give issues an `outcome` \(what actually happened\)/g, 'fill in the Outcome column of past issues on Edit (what actually happened) and save the version')
      .replace(/send a DEU data set as params\.deu \{ issues, stances \}/g, 'upload a DEU data set (issues.csv and stances.csv) here')
      .replace(/see `parley schema`( for what this field takes)?/g, "see the column's help (hover its heading)")
      .replace(/(actors|issues|stances)\[(\d+)\]/g, (_, list: string, k: string) => `${LISTS[list]} row ${Number(k) + 1}`)
      .replace(/add `([a-z_]+):( …)?`/g, 'fill in $1')
      .replace(/`([^`]+)`/g, '$1')
  );
}

/** Where a problem is, in the app's terms ("Draws", "actor row 2, capability"); the field is left out when the message starts with it. */
function where(path: (string | number)[], message: string): string {
  if (path[0] === 'scenario') path = path.slice(1);
  if (path[0] === 'params' && typeof path[1] === 'string') return PARAM_LABELS[path[1]] ?? '';
  if (typeof path[0] === 'string' && LISTS[path[0]] && typeof path[1] === 'number') {
    const name = typeof path[2] === 'string' ? path[2] : '';
    const said = name && message.replace(/`/g, '').startsWith(name);
    return `${LISTS[path[0]]} row ${path[1] + 1}${name && !said ? `, ${name.replace(/_/g, ' ')}` : ''}`;
  }
  return '';
}

/** One problem as a line: "Draws: draws 0 is not allowed — give a whole number from 1 to 100000 …". */
export function problemLine(p: Partial<Problem> & { message?: string; fix?: string }, withWhere = true): string {
  if (!p.message) return p.text ? uiWords(p.text.replace(/^<input>(: [\w.[\]]+)?: /, '')) : '';
  const at = withWhere && p.path ? where(p.path, p.message) : '';
  return `${at ? `${at}: ` : ''}${uiWords(p.message)} — ${uiWords(p.fix ?? '')}`;
}

/**
 * The lines to show for a failed or refused job. A job that failed on the server carries its problems without the
 * formatted `text`, but its message has one formatted line per problem, with the file they are in (issues.csv:3:1: …).
 */
export function jobErrorLines(error: { message?: string; problems?: Partial<Problem>[] } | undefined): string[] {
  if (!error) return ['the job failed without saying why'];
  const problems = error.problems ?? [];
  const fromMessage = (error.message ?? '').split('\n').filter(Boolean);
  if (problems.length > 0 && problems.every((p) => !p.text) && fromMessage.length === problems.length && problems.some((p) => p.line !== undefined)) {
    return fromMessage.map((l) => uiWords(l.replace(/^<input>(: [\w.[\]]+)?: /, '')));
  }
  const lines = problems.map((p) => problemLine(p)).filter(Boolean);
  return lines.length > 0 ? lines : fromMessage.length > 0 ? fromMessage.map(uiWords) : ['the job failed without saying why'];
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
