// Docker tags as the size model reads them: `3.12.13-slim-trixie` is version 3.12.13 of the
// `slim` variant on trixie; named versions (`lts`, `stable`) read through the data's table.

export const CODENAMES: ReadonlySet<string> = new Set([
  'bookworm',
  'trixie',
  'bullseye',
  'buster',
  'forky',
  'noble',
  'jammy',
  'focal',
  'bionic',
  'resolute',
]);

export interface TagParts {
  /** `3.12.13` → [3, 12, 13]; null for `latest`, `slim`, `lts`. */
  version: number[] | null;
  /** Words that pick a variant (`slim`, `alpine`, `jre`), codenames and alpine versions removed. */
  variant: string;
  codename: string | null;
}

function versionNumbers(text: string): number[] | null {
  return /^v?\d+(\.\d+)*$/.test(text)
    ? text
        .replace(/^v/, '')
        .split('.')
        .map((n) => Number(n))
    : null;
}

/** `3.12.13-slim-trixie` → version 3.12.13, variant `slim`, codename trixie. */
export function tagParts(tag: string, names: Record<string, string> = {}): TagParts {
  const words = tag.split('-').filter((w) => w !== '');
  let version: number[] | null = null;
  const first = words[0] ?? '';
  const named = names[first];
  if (named !== undefined) version = versionNumbers(named);
  else version = versionNumbers(first);
  const rest = version !== null || named !== undefined ? words.slice(1) : words;
  let codename: string | null = null;
  const variant: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i] ?? '';
    const alpine = /^alpine(\d+\.\d+)?$/.exec(w);
    // `trixie-20260803-slim`: a dated snapshot of the line, the same variant.
    if (/^\d{8}$/.test(w)) continue;
    if (CODENAMES.has(w)) codename = w;
    else if (alpine) {
      variant.push('alpine');
      // `alpine-3.24` (eclipse-temurin) spells the version as its own word.
      if (alpine[1]) codename = alpine[1];
      else if (/^\d+\.\d+$/.test(rest[i + 1] ?? '')) codename = rest[++i] ?? null;
    } else if (w !== 'latest') variant.push(w);
  }
  return { version, variant: variant.join('-'), codename };
}

export function tagOf(reference: string): string {
  const colon = reference.lastIndexOf(':');
  return colon === -1 ? 'latest' : reference.slice(colon + 1);
}

export function sameVersion(a: number[] | null, b: number[] | null): boolean {
  return a !== null && b !== null && a.length === b.length && a.every((n, i) => n === b[i]);
}

/** The measured tag itself, or a documented tag that is the same image (repo-info's resolved tag). */

/** Distance between versions: the first differing component decides; missing ones match anything. */
export function versionDistance(wanted: number[] | null, have: number[] | null): number {
  // A tag without a version (`alpine`, `latest`) may be any release: farther than a minor step.
  if (wanted === null || have === null) return wanted === have ? 0 : 250;
  for (let i = 0; i < Math.min(wanted.length, have.length); i++) {
    const a = wanted[i] ?? 0;
    const b = have[i] ?? 0;
    if (a !== b) return (3 - Math.min(i, 2)) * 100 + Math.min(99, Math.abs(a - b));
  }
  return 0;
}

export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
