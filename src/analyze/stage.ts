// A stage's RUN instructions together: the packages it installs, and which of them
// are build-only because the same stage removes them again (`apt-get purge`,
// `apk del .build-deps`).

import type { Finding, PackageManager, RunFact, Stage } from '../model.js';
import type { ShellParser } from '../shell/index.js';
import { analyzeRunWithUsers, type KnownUsers } from './run.js';

export interface InstalledPackage {
  name: string;
  version: string | null;
  manager: PackageManager;
  /** Line of the first install of this package in the stage. */
  line: number;
  /** Removed again later in the same stage: needed to build, not to run. */
  buildOnly: boolean;
}

export interface StageAnalysis {
  stage: Stage;
  facts: RunFact[];
  installs: InstalledPackage[];
  findings: Finding[];
}

export function analyzeStage(stage: Stage, shell: ShellParser): StageAnalysis {
  const facts: RunFact[] = [];
  const findings: Finding[] = [];
  const users: KnownUsers = new Map();
  for (const instruction of stage.instructions) {
    if (instruction.kind !== 'run') continue;
    const result = analyzeRunWithUsers(instruction, shell, stage.id, users);
    facts.push(...result.facts);
    findings.push(...result.findings);
  }
  return { stage, facts, installs: installedPackages(facts), findings };
}

/** Per package: the first install, and whether a removal follows the last install. */
export function installedPackages(facts: readonly RunFact[]): InstalledPackage[] {
  const installs = new Map<string, InstalledPackage>();
  const lastInstall = new Map<string, number>();
  const lastRemoval = new Map<string, number>();
  /** apk --virtual group name → the packages installed under it. */
  const virtuals = new Map<string, string[]>();
  const key = (manager: PackageManager, name: string): string => `${manager}\u0000${name}`;
  facts.forEach((fact, index) => {
    if (fact.kind === 'install') {
      for (const pkg of fact.packages) {
        const k = key(fact.manager, pkg.name);
        if (!installs.has(k)) {
          installs.set(k, {
            name: pkg.name,
            version: pkg.version,
            manager: fact.manager,
            line: fact.line,
            buildOnly: false,
          });
        }
        lastInstall.set(k, index);
      }
      if (fact.virtual !== null) {
        const members = virtuals.get(fact.virtual) ?? [];
        virtuals.set(fact.virtual, [...members, ...fact.packages.map((p) => p.name)]);
      }
    } else if (fact.kind === 'remove') {
      for (const name of fact.packages) {
        const removed = fact.manager === 'apk' ? [name, ...(virtuals.get(name) ?? [])] : [name];
        for (const r of removed) lastRemoval.set(key(fact.manager, r), index);
      }
    }
  });
  return [...installs].map(([k, pkg]) => ({
    ...pkg,
    buildOnly: (lastRemoval.get(k) ?? -1) > (lastInstall.get(k) ?? 0),
  }));
}
