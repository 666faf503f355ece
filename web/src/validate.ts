// Validation of the draft in the browser, by the same function the API uses (src/core/validateScenario.ts, pure,
// bundled here): an invalid draft is never sent, so no view or request ever sees it, and its problems are exactly
// the ones the API would report.
import { validateScenario } from '../../src/core/validateScenario';
import type { Problem, ScenarioFile } from './api';

export function validateDraft(draft: ScenarioFile): Problem[] {
  return validateScenario(draft).problems.map((p) => ({ ...p, text: `${p.message} — ${p.fix}` }));
}
