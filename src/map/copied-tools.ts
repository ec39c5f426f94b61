// `COPY --from=<image> /usr/local/bin/<tool>`: the Wolfi package of the copied program,
// not of the image. docker:cli's `docker` is the CLI (docker-cli), not the engine that
// the name `docker` resolves to; bitnami/kubectl's kubectl is kubectl, not a cluster.

import type { Catalog } from '../catalog/catalog.js';

/**
 * Programs whose Wolfi package is not their own name, or whose own name is a heavier
 * package (an engine, a server). Keyed by the file name that is copied.
 */
const PROGRAM_PACKAGE: Readonly<Record<string, string>> = {
  docker: 'docker-cli',
  'docker-buildx': 'docker-cli-buildx',
  buildx: 'docker-cli-buildx',
  'docker-compose': 'docker-compose',
  node: 'nodejs',
  npm: 'npm',
  uvx: 'uv',
  'redis-cli': 'valkey-cli',
  'valkey-cli': 'valkey-cli',
  psql: 'postgresql-client',
  pg_dump: 'postgresql-client',
  mc: 'mc',
};

/** The file name of a copied path: `/usr/local/bin/docker` → docker; directories give null. */
function programName(source: string): string | null {
  const trimmed = source.replace(/\/+$/, '');
  if (trimmed !== source || trimmed === '') return null;
  return trimmed.split('/').pop() ?? null;
}

/**
 * The Wolfi package that provides what a COPY takes from an outside image, or null.
 * The copied program decides first (its table entry, else its own name); then the
 * image's repository name (composer:2 → composer), the CLI subpackage for a `cli` tag.
 */
export function copiedToolPackage(
  image: string,
  sources: readonly string[],
  catalog: Catalog,
): string | null {
  for (const source of sources) {
    const program = programName(source);
    if (!program) continue;
    const known = PROGRAM_PACKAGE[program];
    const pkg = (known && catalog.resolve(known)) ?? catalog.resolve(program);
    if (pkg) return pkg;
  }
  const [reference = image] = image.split('@');
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  const repository = colon > slash ? reference.slice(0, colon) : reference;
  const tag = colon > slash ? reference.slice(colon + 1) : '';
  const tool = repository.split('/').pop() ?? repository;
  if (/(^|-)cli($|-)/.test(tag)) {
    const cli = catalog.resolve(`${tool}-cli`);
    if (cli) return cli;
  }
  const known = PROGRAM_PACKAGE[tool];
  return (known && catalog.resolve(known)) ?? catalog.resolve(tool);
}
