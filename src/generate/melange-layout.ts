// Where pip and bundler put what they install. Docker's pip wrote into the system
// Python and bundler into the system gems; Wolfi keeps those to its packages, so the
// build installs into the application directory, which the package ships, and the image's
// environment points there.

import { posix } from 'node:path';
import { finding } from '../findings.js';
import type { Finding } from '../model.js';
import { isSystemPipInstall } from '../plan/written.js';
import { DEFAULT_PATH } from './apko.js';
import { keptLeaves, type RunUnit, type Step } from './melange-steps.js';
import { quoteWord } from './quote.js';

/** What the layout changes in the package's build and in the image. */
export interface BuildLayout {
  /** Variables the whole build gets (VIRTUAL_ENV, BUNDLE_PATH). */
  buildEnvironment: Map<string, string>;
  steps: Step[];
  /** apko environment entries the image gets. */
  imageEnvironment: Record<string, string>;
  /** The image's PATH as the apko config sets it, if it does. */
  imagePath: string | undefined;
}

/** Where pip and bundler put what they install: inside the application directory. */
export function layout(unit: RunUnit, build: BuildLayout, findings: Finding[]): void {
  for (const leaf of keptLeaves(unit)) {
    for (const fact of leaf.facts) {
      if (fact.kind !== 'command') continue;
      const where = { line: leaf.line, stage: unit.stage };
      if (
        isSystemPipInstall(fact.argv) &&
        !unit.run.env.VIRTUAL_ENV &&
        !build.buildEnvironment.has('VIRTUAL_ENV')
      ) {
        const venv = posix.join(unit.workdir, '.venv');
        build.buildEnvironment.set('VIRTUAL_ENV', venv);
        build.steps.push({
          step: {
            name: `virtual environment for pip (line ${leaf.line})`,
            runs: `python3 -m venv ${quoteWord(venv)}`,
          },
        });
        const imagePath = build.imagePath ?? DEFAULT_PATH;
        build.imageEnvironment.PATH = `${venv}/bin:${imagePath}`;
        findings.push(
          finding(
            'WF508',
            `pip installs into a virtual environment at ${venv}, which the package ships; the image's PATH starts with ${venv}/bin`,
            where,
            { hint: 'Wolfi keeps the system Python to its packages: a venv keeps yours apart.' },
          ),
        );
      }
      if (
        fact.argv[0] === 'bundle' &&
        fact.argv[1] === 'install' &&
        !unit.run.env.BUNDLE_PATH &&
        !build.buildEnvironment.has('BUNDLE_PATH')
      ) {
        const path = posix.join(unit.workdir, 'vendor', 'bundle');
        build.buildEnvironment.set('BUNDLE_PATH', path);
        build.imageEnvironment.BUNDLE_PATH = path;
        findings.push(
          finding(
            'WF508',
            `bundle install puts the gems into ${path}, which the package ships; the image sets BUNDLE_PATH`,
            where,
          ),
        );
      }
    }
  }
}
