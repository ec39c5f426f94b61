// Exec form (JSON array) versus shell form, and the shell text analyzers read.

import type { CommandForm } from '../model.js';

/**
 * Docker's `parseMaybeJSON`: a JSON array of strings is the exec form; anything
 * else, including invalid JSON that starts with `[`, is the shell form.
 */
export function parseCommandForm(text: string): CommandForm {
  const argv = parseJsonArray(text);
  return argv ? { form: 'exec', argv } : { form: 'shell', script: text.trim() };
}

export function parseJsonArray(text: string): string[] | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    // Includes RangeError on absurdly nested arrays: not an exec form either way.
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  const items: unknown[] = parsed;
  return items.every((item): item is string => typeof item === 'string') ? items : null;
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Joins argv into one shell command line that splits back into exactly these words. */
export function shellQuote(argv: readonly string[]): string {
  return argv
    .map((word) => (SAFE_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`))
    .join(' ');
}
