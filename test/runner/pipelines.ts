// melange's built-in build pipelines that samples use, as the scripts melange runs for them
// (melange pkg/build/pipelines/go/build.yaml and cargo/build.yaml), with their input defaults.

const GO_BUILD_DEFAULTS: Readonly<Record<string, string>> = {
  modroot: '.',
  prefix: 'usr',
  'install-dir': 'bin',
  strip: '-w',
  toolchaintags: 'netgo,osusergo',
  tags: '',
  ldflags: '',
  'extra-args': '',
};

const CARGO_BUILD_DEFAULTS: Readonly<Record<string, string>> = {
  modroot: '.',
  opts: '--release',
  prefix: 'usr',
  'install-dir': 'bin',
  'output-dir': 'target/release',
  rustflags: '',
  output: '',
};

/** An input's value: the given one, else the pipeline's default, else ''. */
function withDefaults(
  defaults: Readonly<Record<string, string>>,
  given: Readonly<Record<string, string>>,
): (name: string) => string {
  return (name) => given[name] ?? defaults[name] ?? '';
}

const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/** The script of a built-in pipeline the runner runs in the sandbox, or null for others. */
export function builtinPipelineScript(
  uses: string,
  given: Readonly<Record<string, string>>,
): string | null {
  switch (uses) {
    case 'go/build': {
      const inputs = withDefaults(GO_BUILD_DEFAULTS, given);
      const target = `\${{targets.contextdir}}/${inputs('prefix')}/${inputs('install-dir')}/${inputs('output')}`;
      const tags = [inputs('toolchaintags'), inputs('tags')].filter((t) => t !== '').join(',');
      return [
        `cd ${quote(inputs('modroot'))}`,
        `go build -o "${target}" -tags ${quote(tags)} -ldflags ${quote(`${inputs('strip')} ${inputs('ldflags')}`.trim())} -trimpath ${inputs('extra-args')} ${inputs('packages')}`,
      ].join('\n');
    }
    case 'cargo/build': {
      const inputs = withDefaults(CARGO_BUILD_DEFAULTS, given);
      const dir = `\${{targets.contextdir}}/${inputs('prefix')}/${inputs('install-dir')}`;
      // melange runs `cargo auditable build`; the auditable plugin only adds a dependency list.
      return [
        `cd ${quote(inputs('modroot'))}`,
        `RUSTFLAGS=${quote(inputs('rustflags'))} cargo build ${inputs('opts')}`,
        `mkdir -p "${dir}"`,
        inputs('output')
          ? `install -Dm755 ${quote(`${inputs('output-dir')}/${inputs('output')}`)} "${dir}/${inputs('output')}"`
          : `find ${quote(inputs('output-dir'))} -maxdepth 1 -type f -perm -u+x -exec install -Dm755 {} "${dir}/" \\;`,
      ].join('\n');
    }
    default:
      return null;
  }
}
