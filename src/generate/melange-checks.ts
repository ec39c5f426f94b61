// melange lints every package it builds, and some default lints fail the build: files
// under /usr/local (`usrlocal`), /opt (`opt`) or /srv (`srv`) belong to no Wolfi package.
// An application image puts its files there all the time, so the package disables
// exactly the lints its Docker paths would trip, and says why in melange.yaml.

import { YAMLMap } from 'yaml';
import { finding } from '../findings.js';
import type { Finding } from '../model.js';

/** A path the package installs (a directory includes what is under it), and the line that put it there. */
export interface PackagedPath {
  path: string;
  where: { line: number; stage: string } | null;
}

/** melange's lint and the directory it refuses. */
const PATH_LINTS: readonly (readonly [lint: string, root: string])[] = [
  ['usrlocal', '/usr/local'],
  ['opt', '/opt'],
  ['srv', '/srv'],
];

export interface DisabledChecks {
  /** `package.checks` with a comment, or null when no lint needs disabling. */
  config: YAMLMap | null;
  findings: Finding[];
}

export function disabledChecks(packaged: readonly PackagedPath[]): DisabledChecks {
  const findings: Finding[] = [];
  const disabled: string[] = [];
  const roots: string[] = [];
  for (const [lint, root] of PATH_LINTS) {
    // A tree copied over `/` (`COPY rootfs /`) may hold anything, these directories included.
    const first = packaged.find(
      ({ path }) => path === '/' || path === root || path.startsWith(`${root}/`),
    );
    if (!first) continue;
    disabled.push(lint);
    roots.push(root);
    findings.push(
      finding(
        'WF510',
        `the package installs ${first.path}, as the Docker image did: melange's ${lint} lint would fail the build on files under ${root}, so melange.yaml disables it`,
        first.where ?? { line: null, stage: null },
      ),
    );
  }
  if (disabled.length === 0) return { config: null, findings };
  const config = new YAMLMap<string, string[]>();
  config.set('disabled', disabled);
  const lints = disabled.length > 1 ? `${and(disabled)} lints fail` : `${and(disabled)} lint fails`;
  config.commentBefore = ` The Docker image keeps files under ${and(roots)}; without this, melange's ${lints} the build.`;
  return { config, findings };
}

/** `a`, `a and b`, `a, b and c`. */
function and(words: readonly string[]): string {
  return words.length > 1
    ? `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`
    : (words[0] ?? '');
}
