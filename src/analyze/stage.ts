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
  /** dnf module streams enabled before the install (`nodejs:20`): they pick its version. */
  streams?: string[];
  /** Every install of it sits in a `case` branch for other architectures than x86_64/aarch64. */
  otherArchitecturesOnly?: string[];
}

/** `nodejs:20/common` → module `nodejs`, stream `20`; a module without a stream has none. */
export function moduleStream(spec: string): { module: string; stream: string | null } {
  const [module = spec, stream] = (spec.split('/')[0] ?? spec).split(':');
  return { module, stream: stream || null };
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
  /** Packages installed somewhere that runs on x86_64/aarch64; else the branch's architectures. */
  const live = new Set<string>();
  const onlyOn = new Map<string, string[]>();
  /** apk --virtual group name → the packages installed under it. */
  const virtuals = new Map<string, string[]>();
  /** dnf module → enabled stream, in the order enabled. */
  const streams = new Map<string, string>();
  const key = (manager: PackageManager, name: string): string => `${manager}\u0000${name}`;
  const add = (
    name: string,
    version: string | null,
    fact: RunFact & { manager: PackageManager },
    index: number,
  ): void => {
    const k = key(fact.manager, name);
    if (!installs.has(k)) {
      const enabled = fact.manager === 'dnf' ? [...streams].map(([m, s]) => `${m}:${s}`) : [];
      installs.set(k, {
        name,
        version,
        manager: fact.manager,
        line: fact.line,
        buildOnly: false,
        ...(enabled.length > 0 ? { streams: enabled } : {}),
      });
    }
    lastInstall.set(k, index);
    const other = fact.kind === 'install' ? fact.onlyOn : undefined;
    if (other) onlyOn.set(k, other);
    else live.add(k);
  };
  facts.forEach((fact, index) => {
    if (fact.kind === 'module-enable') {
      for (const spec of fact.modules) {
        const { module, stream } = moduleStream(spec);
        if (stream) streams.set(module, stream);
      }
      // `dnf module install nodejs:20` installs the module's package of the same name.
      if (fact.install)
        for (const spec of fact.modules) add(moduleStream(spec).module, null, fact, index);
    } else if (fact.kind === 'install') {
      for (const pkg of fact.packages) add(pkg.name, pkg.version, fact, index);
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
  return [...installs].map(([k, pkg]) => {
    const other = live.has(k) ? undefined : onlyOn.get(k);
    return {
      ...pkg,
      buildOnly: (lastRemoval.get(k) ?? -1) > (lastInstall.get(k) ?? 0),
      ...(other ? { otherArchitecturesOnly: other } : {}),
    };
  });
}
