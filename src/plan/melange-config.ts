// Reading a melange config given as a plain object (MelangeConfig): fields are looked up
// without trusting their shape, so a hand-edited or partial config never throws.

export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(value)))
    if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  return out;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** A string field; a number (an unquoted `version: 1.2`) as YAML would print it. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
