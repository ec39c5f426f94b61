// The image's `paths:` in apko.yaml. Docker's WORKDIR creates its directory, and a final
// image's RUN may make directories, empty files and links, and set owners and modes; apko
// says the same with path entries, with numeric modes and the accounts' ids only.

import { posix } from 'node:path';
import { finding } from '../findings.js';
import type { ApkoPath, Finding, RunFact } from '../model.js';
import type { Accounts } from './accounts.js';

/** Docker creates directories (WORKDIR, mkdir) with this mode. */
export const DIRECTORY_MODE = 0o755;

function parseOctalMode(mode: string | null): number | null {
  if (mode === null || !/^[0-7]{3,4}$/.test(mode)) return null;
  return parseInt(mode, 8);
}

/**
 * The image's `paths`: the directories WORKDIR creates, and what the final image's RUNs did to
 * paths (mkdir, touch, chown, chmod, ln -s) as apko can say it; what it cannot is a finding.
 */
export function buildPaths(
  workdirs: readonly { path: string; line: number }[],
  facts: readonly RunFact[],
  accounts: Accounts,
  stage: string,
  findings: Finding[],
): ApkoPath[] {
  const paths = new Map<string, ApkoPath>();
  const directory = (path: string, mode = DIRECTORY_MODE): ApkoPath => {
    const existing = paths.get(path);
    if (existing) return existing;
    const entry: ApkoPath = { path, type: 'directory', uid: 0, gid: 0, permissions: mode };
    paths.set(path, entry);
    return entry;
  };
  // apko records work-dir as metadata only; Docker's WORKDIR also creates the directory.
  for (const { path } of workdirs) if (path !== '/') directory(path);

  for (const raw of facts) {
    if (raw.kind !== 'path') continue;
    // apko paths are absolute; a RUN's relative paths are relative to its WORKDIR.
    const cwd = workdirAt(workdirs, raw.line);
    const fact = { ...raw, paths: raw.paths.map((p) => posix.resolve(cwd, p)) };
    const where = { line: fact.line, stage };
    switch (fact.op) {
      case 'mkdir':
        for (const path of fact.paths)
          directory(path, parseOctalMode(fact.value) ?? DIRECTORY_MODE);
        break;
      case 'touch':
        for (const path of fact.paths) {
          if (!paths.has(path)) {
            paths.set(path, { path, type: 'empty-file', uid: 0, gid: 0, permissions: 0o644 });
          }
        }
        break;
      case 'chown': {
        const owner = resolveOwner(fact.value, accounts);
        if (!owner) {
          findings.push(
            finding(
              'WF312',
              `chown ${fact.value ?? ''}: the owner is not a user or group of the image`,
              where,
            ),
          );
          break;
        }
        // A path the image does not create is taken for a directory: chown targets mostly are.
        for (const path of fact.paths) Object.assign(paths.get(path) ?? directory(path), owner);
        if (fact.recursive) {
          findings.push(
            finding(
              'WF312',
              `chown -R on ${fact.paths.join(' ')}: apko sets the owner of the directory only`,
              where,
              {
                hint: 'Files inside come from a package; give them their owner there (COPY --chown in melange).',
              },
            ),
          );
        }
        break;
      }
      case 'chmod': {
        const mode = parseOctalMode(fact.value);
        if (mode === null) {
          findings.push(
            finding(
              'WF312',
              `chmod ${fact.value ?? ''}: only numeric modes can be expressed in apko paths`,
              where,
              {
                hint: 'Write the mode in octal (chmod 0755) or set it in the package that installs the file.',
              },
            ),
          );
          break;
        }
        for (const path of fact.paths) {
          const existing = paths.get(path);
          if (existing) existing.permissions = mode;
          else paths.set(path, { path, type: 'permissions', permissions: mode });
        }
        break;
      }
      case 'symlink':
        for (const path of fact.paths) {
          paths.set(path, {
            path,
            type: 'symlink',
            source: fact.value ?? '',
            permissions: DIRECTORY_MODE,
          });
        }
        break;
    }
  }
  return [...paths.values()];
}

/** The WORKDIR in force at a Dockerfile line (Docker's default is /). */
function workdirAt(workdirs: readonly { path: string; line: number }[], line: number): string {
  let cwd = '/';
  for (const w of workdirs) if (w.line < line) cwd = w.path;
  return cwd;
}

function resolveOwner(
  owner: string | null,
  accounts: Accounts,
): { uid: number; gid: number } | null {
  if (!owner) return null;
  const [userPart = '', groupPart] = owner.split(/[:.]/, 2);
  const user = /^\d+$/.test(userPart)
    ? { uid: Number(userPart), gid: Number(userPart) }
    : accounts.users.find((u) => u.username === userPart);
  if (!user) return null;
  let gid = user.gid;
  if (groupPart !== undefined && groupPart !== '') {
    const group = /^\d+$/.test(groupPart)
      ? Number(groupPart)
      : accounts.groups.find((g) => g.groupname === groupPart)?.gid;
    if (group === undefined) return null;
    gid = group;
  }
  return { uid: user.uid, gid };
}
