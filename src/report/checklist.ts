import { compareFindingIds, FINDING_KINDS, type FindingKind } from '../findings.js';
import type { Finding, Severity } from '../model.js';

// What the user must do before building, in order: what is lost first (errors), then what
// changes (warnings); notes need nothing. One item per finding id and hint, so ten unknown
// packages with the same fix are one item with ten lines, not ten items.

export interface ChecklistItem {
  id: string;
  severity: Exclude<Severity, 'info'>;
  /** The finding's title (`Unknown package`). */
  title: string;
  /** What to do: the findings' shared hint, else "Fix:"/"Confirm:" and the first message. */
  action: string;
  /** Dockerfile lines, ascending; empty when the findings are about the whole file. */
  lines: number[];
  /** The findings' messages, in line order. */
  messages: string[];
}

export function checklist(findings: readonly Finding[]): ChecklistItem[] {
  const items = new Map<string, ChecklistItem>();
  for (const f of findings) {
    if (f.severity === 'info') continue;
    const key = `${f.severity}\0${f.id}\0${f.hint ?? ''}`;
    let item = items.get(key);
    if (!item) {
      item = {
        id: f.id,
        severity: f.severity,
        title: titleOf(f.id),
        action: f.hint ?? `${f.severity === 'error' ? 'Fix' : 'Confirm'}: ${f.message}`,
        lines: [],
        messages: [],
      };
      items.set(key, item);
    }
    if (f.line !== null && !item.lines.includes(f.line)) item.lines.push(f.line);
    item.messages.push(f.message);
  }
  const first = (item: ChecklistItem) => Math.min(...item.lines, Number.MAX_SAFE_INTEGER);
  return [...items.values()]
    .map((item) => ({ ...item, lines: [...item.lines].sort((a, b) => a - b) }))
    .sort(
      (a, b) =>
        (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
        first(a) - first(b) ||
        compareFindingIds(a.id, b.id),
    );
}

function titleOf(id: string): string {
  return (FINDING_KINDS as Record<string, FindingKind>)[id]?.title ?? id;
}
