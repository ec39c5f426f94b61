// Files the image copies from another image (`COPY --from=composer:2 …`, certificates,
// time zones, /etc/passwd): melange cannot pull an image, so they come from the Wolfi
// package that provides them, or from the accounts apko writes.

import { posix } from 'node:path';
import type { Catalog } from '../catalog/index.js';
import { finding } from '../findings.js';
import { copiedToolPackage } from '../map/copied-tools.js';
import type { Stage } from '../model.js';
import type { CopyInstruction } from '../plan/model.js';
import type { CopyEffects } from './melange-copy-install.js';
import { trimSlash } from './melange-copy.js';
import type { StagePaths } from './melange-stage-paths.js';

export interface CopiedImageContext {
  catalog: Catalog;
  paths: StagePaths;
}

/** A copied tool's package goes into the build, and into the image when the image copied it. */
export type CopiedImageEffects = Pick<CopyEffects, 'findings' | 'envPackages' | 'imagePackages'>;

/** Files that a copy from another image or stage brings, and the Wolfi package with them. */
const SYSTEM_FILES: Readonly<Record<string, string>> = {
  '/usr/share/zoneinfo': 'tzdata',
  '/etc/ssl/certs': 'ca-certificates-bundle',
  '/etc/ssl/certs/ca-certificates.crt': 'ca-certificates-bundle',
  '/etc/ssl/cert.pem': 'ca-certificates-bundle',
  '/etc/passwd': '',
  '/etc/group': '',
};

/** `COPY --from=composer:2 …`: the tool comes from its Wolfi package instead. */
export function externalImage(
  copy: CopyInstruction,
  stage: Stage,
  inImage: boolean,
  context: CopiedImageContext,
  effects: CopiedImageEffects,
): void {
  const where = { line: copy.line, stage: stage.id };
  const image = copy.from ?? '';
  const repository = image.split('@')[0]?.split(':')[0] ?? image;
  const tool = repository.split('/').pop() ?? repository;
  const pkg = copiedToolPackage(image, copy.sources, context.catalog);
  if (systemFiles(copy, stage, context, effects)) return;
  if (!pkg) {
    effects.findings.push(
      finding(
        'WF506',
        `COPY --from=${image}: no Wolfi package provides ${tool}; ${copy.sources.join(' ')} is not copied`,
        where,
        {
          hint: 'Install the tool from a Wolfi package (apko.yaml or the melange environment), or build it in melange.',
        },
      ),
    );
    return;
  }
  effects.envPackages.add(pkg);
  if (inImage) effects.imagePackages.add(pkg);
  effects.findings.push(
    finding(
      'WF505',
      `COPY --from=${image} ${copy.sources.join(' ')}: the Wolfi package ${pkg} provides it${inImage ? ' in the image and the build' : ' in the build'}`,
      where,
    ),
  );
}

/** Certificates, time zones and passwd copied from another stage come from packages. */
export function systemFiles(
  copy: CopyInstruction,
  stage: Stage,
  context: Pick<CopiedImageContext, 'paths'>,
  effects: Omit<CopiedImageEffects, 'envPackages'>,
): boolean {
  if (copy.sources.length !== 1) return false;
  const source = trimSlash(posix.resolve('/', copy.sources[0] as string));
  const provider = SYSTEM_FILES[source];
  if (provider === undefined) return false;
  const dest = posix.resolve(context.paths.workdirAt(stage, copy), copy.dest);
  const sameFile =
    trimSlash(dest) === source || (copy.dest.endsWith('/') && dest === posix.dirname(source));
  if (!sameFile) return false;
  if (provider) effects.imagePackages.add(provider);
  effects.findings.push(
    finding(
      'WF505',
      provider
        ? `COPY --from=${copy.from ?? ''} ${source}: the image gets it from the Wolfi package ${provider}`
        : `COPY --from=${copy.from ?? ''} ${source}: apko writes it from the accounts in apko.yaml`,
      { line: copy.line, stage: stage.id },
    ),
  );
  return true;
}

/** The copy brings certificates, time zones or accounts, which packages or apko provide. */
export function isSystemCopy(copy: CopyInstruction): boolean {
  if (copy.sources.length !== 1) return false;
  return SYSTEM_FILES[trimSlash(posix.resolve('/', copy.sources[0] as string))] !== undefined;
}
