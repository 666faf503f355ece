// A labelled choice of one of the scenario's issues (optionally "all issues"), shared by the editor, the
// forecast view and the charts.
import type { IssueRow } from '../api';

export function IssueSelect({
  issues,
  value,
  onChange,
  label,
  ariaLabel,
  className,
  allLabel,
}: {
  issues: IssueRow[];
  value: string;
  onChange: (id: string) => void;
  label: string;
  ariaLabel: string;
  className: string;
  /** When given, a first option with value "" and this text. */
  allLabel?: string;
}) {
  return (
    <label className={className}>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={ariaLabel}>
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {issues.map((i) => (
          <option key={i.id} value={i.id}>
            {i.name}
          </option>
        ))}
      </select>
    </label>
  );
}
