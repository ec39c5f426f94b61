// The `--flags` of FROM, RUN, COPY and ADD: which ones Docker knows, and the
// comma-separated `--mount` options.

import type { Mount } from '../model.js';
import type { RawFlag } from './words.js';

/** Flags Docker (dockerfile frontend 1.x, including labs flags in use today) accepts. */
export const KNOWN_FLAGS: Readonly<Record<string, ReadonlySet<string>>> = {
  FROM: new Set(['platform']),
  RUN: new Set(['mount', 'network', 'security', 'device']),
  COPY: new Set(['from', 'chown', 'chmod', 'link', 'parents', 'exclude']),
  ADD: new Set(['chown', 'chmod', 'link', 'checksum', 'keep-git-dir', 'exclude', 'unpack']),
};

/** The last value given for `name` (Docker lets a later flag win), or null. */
export function flagValue(flags: readonly RawFlag[], name: string): string | null {
  let value: string | null = null;
  for (const flag of flags) if (flag.name === name) value = flag.value ?? '';
  return value;
}

/** A boolean flag: `--link`, `--link=true`, `--link=false`. */
export function flagEnabled(flags: readonly RawFlag[], name: string): boolean {
  let enabled = false;
  for (const flag of flags) {
    if (flag.name === name) enabled = flag.value === null || flag.value.toLowerCase() !== 'false';
  }
  return enabled;
}

/**
 * `type=cache,target=/root/.cache,sharing=locked` → `{ type: 'cache', options }`.
 * Docker reads the list as CSV (double quotes protect commas); a key without `=`
 * (`readonly`, `rw`) means `true`. The type defaults to `bind`, as in Docker.
 */
export function parseMount(value: string): Mount {
  const options: Record<string, string> = {};
  for (const field of splitCsv(value)) {
    if (field === '') continue;
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase();
    Object.defineProperty(options, key, {
      value: eq < 0 ? 'true' : field.slice(eq + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { type: options['type'] ?? 'bind', options };
}

function splitCsv(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}
