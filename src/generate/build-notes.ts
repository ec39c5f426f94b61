// BUILD.md: the exact commands that turn the written files into an image. Pure:
// Result → Markdown. Everything it names comes from the Result itself.

import type { Result } from '../model.js';
import { melangeFiles } from './melange-files.js';
import { packageName } from './melange-identity.js';

/** apko appends the Docker architecture to each tag of a tarball it writes. */
const DOCKER_ARCH: Readonly<Record<string, string>> = {
  x86_64: 'amd64',
  amd64: 'amd64',
  aarch64: 'arm64',
  arm64: 'arm64',
};

export function renderBuildNotes(result: Result): string {
  const melange = result.melange;
  const pkg = (melange?.package ?? null) as { name?: string; version?: string } | null;
  const name =
    pkg?.name ?? packageName(result.apko.annotations?.['org.opencontainers.image.title'] ?? 'app');
  const archs = result.apko.archs.length > 0 ? result.apko.archs : ['x86_64'];
  const arch = archs.join(',');
  const first = archs[0] ?? 'x86_64';
  const tag = `${name}:latest`;
  const context = result.contextDir ?? '.';
  const output = result.outputDir ?? null;
  const builds = melangeFiles(result);
  const ignored = result.contextIgnore ?? [];
  const lines: string[] = [
    `# Building ${name}`,
    '',
    `wolfify wrote these files from \`${result.source}\`. Run the commands below in this`,
    'directory, with current releases of [melange](https://github.com/chainguard-dev/melange) and',
    '[apko](https://github.com/chainguard-dev/apko) installed. Read `REPORT.md` first: it lists',
    'every package decision and what wolfify could not carry over.',
    '',
  ];
  // A base built in the same repository is built from its own context.
  const sourceDir = (i: number) => result.melangeOrigins?.[i]?.contextDir ?? context;
  const otherContexts = [...new Set(builds.map((_, i) => sourceDir(i)))].filter(
    (dir) => dir !== context,
  );
  let step = 1;
  if (builds.length > 0) {
    lines.push(
      `## ${step++}. A signing key for your packages (once)`,
      '',
      '```sh',
      'melange keygen',
      '```',
      '',
      'This writes `melange.rsa` (private: keep it out of version control) and `melange.rsa.pub`,',
      'which `apko.yaml` lists. Keep both names: the package index is signed under the key file name.',
      '',
      `## ${step++}. Keep build output out of the source tree`,
      '',
      `melange copies the build context (\`${context}\`) into its workspace, skipping what`,
      `\`${context === '.' ? '' : `${context}/`}.melangeignore\` lists (gitignore patterns). Put at least this in it:`,
      '',
      '```gitignore',
      // Anchored (leading /): a monorepo's own packages/ directory must still be copied.
      ...(output
        ? [
            "# wolfify's output directory: these files, your signing key, the packages",
            `/${output}/`,
          ]
        : ['/packages/', '/melange-cache/', '/melange.rsa']),
      '.git/',
      '# dependencies the build installs itself (melange skips symlinks, so copies would be broken)',
      'node_modules/',
      '.venv/',
      ...(ignored.length > 0
        ? ["# the build context's .dockerignore: Docker's COPY never saw these", ...ignored]
        : []),
      '```',
      '',
      ...(context === '.' || output
        ? []
        : ['Add this output directory too if it is inside the context.', '']),
      ...(otherContexts.length > 0
        ? [
            `Images this one builds on are built from their own contexts (${otherContexts.map((d) => `\`${d}\``).join(', ')}):`,
            'give each a `.melangeignore` too.',
            '',
          ]
        : []),
      builds.length > 1
        ? `## ${step++}. Build the packages, in this order`
        : `## ${step++}. Build the application package`,
      '',
      ...(builds.length > 1
        ? [
            ...(result.melangeOrigins
              ? [
                  'Each base image built in this repository and each stage the image takes files from',
                  'is a build of its own; a later build installs the packages of earlier ones from',
                  '`./packages` (`<name>@local`), so keep the order.',
                ]
              : [
                  'Each stage the image takes files from is a build of its own; a later build installs the',
                  'packages of earlier ones from `./packages` (`<name>@local`), so keep the order.',
                ]),
            '',
          ]
        : []),
      '```sh',
      ...builds.map(
        (b, i) =>
          `melange build ${b.file} --source-dir ${shellArg(sourceDir(i))} --signing-key melange.rsa --arch ${arch}${
            builds.length > 1
              ? ' --repository-append ./packages --keyring-append melange.rsa.pub'
              : ''
          }`,
      ),
      '```',
      '',
      melange
        ? `${builds.length > 1 ? "The application's package" : 'The package'} lands in \`./packages/<arch>/${name}-${pkg?.version ?? '0.0.0'}-r0.apk\`, with a signed`
        : 'The packages land in `./packages/<arch>/`, with a signed',
      '`APKINDEX.tar.gz`. Building for an architecture other than your machine needs QEMU',
      '(binfmt); to build for one architecture only, pass the same single `--arch` here and to apko.',
      'On macOS, add `--runner docker`.',
      '',
    );
  }
  lines.push(
    `## ${step++}. Build the image`,
    '',
    '```sh',
    `apko build apko.yaml ${tag} image.tar --arch ${arch}`,
    '```',
    '',
    builds.length > 0
      ? 'apko reads `./packages` and `./melange.rsa.pub` relative to this directory.'
      : 'The image uses only packages from the repositories listed in `apko.yaml`.',
    '',
    `## ${step++}. Load and run it`,
    '',
    '```sh',
    'docker load < image.tar',
    `docker run --rm ${tag}-${DOCKER_ARCH[first] ?? first}`,
    '```',
    '',
    'apko adds the architecture to each tag it writes into a tarball (`-amd64`, `-arm64`).',
    `To push ${archs.length > 1 ? 'a multi-architecture image' : 'the image'} to a registry instead: \`apko publish apko.yaml <registry>/${name}:latest --arch ${arch}\`.`,
    '',
  );
  return lines.join('\n');
}

function shellArg(path: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'"'"'`)}'`;
}
