// melange's `${{…}}` substitutions: the values melange puts into `runs:`, `with:` and
// `working-directory` before a step runs. Any text that merely looks like `${{…}}` is
// substituted or fails the build, so a name outside this table is an error.

import type { MelangeConfig } from '../model.js';
import { list, record, text } from './melange-config.js';

/** The workspace melange copies the source tree into, and where packages are assembled. */
export const WORKSPACE = '/home/build';
export const OUTDIR = `${WORKSPACE}/melange-out`;

export type BuildArch = 'x86_64' | 'aarch64';

const GOARCH: Record<BuildArch, string> = { x86_64: 'amd64', aarch64: 'arm64' };

/** Every substitution a step of the main package (or of subpackage `subpackage`) can use. */
export function melangeSubstitutions(
  config: MelangeConfig,
  arch: BuildArch,
  subpackage: string | null = null,
): Map<string, string> {
  const pkg = record(config.package);
  const name = text(pkg.name);
  const version = text(pkg.version);
  const epoch = String(typeof pkg.epoch === 'number' ? pkg.epoch : 0);
  const destdir = `${OUTDIR}/${name}`;
  const values = new Map<string, string>([
    ['package.name', name],
    ['package.version', version],
    ['package.epoch', epoch],
    ['package.full-version', `${version}-r${epoch}`],
    ['package.description', text(pkg.description)],
    ['package.srcdir', WORKSPACE],
    ['targets.outdir', OUTDIR],
    ['targets.destdir', destdir],
    ['targets.contextdir', subpackage ? `${OUTDIR}/${subpackage}` : destdir],
    ['context.name', subpackage ?? name],
    ['build.arch', arch],
    ['build.goarch', GOARCH[arch]],
    ['host.triplet.gnu', `${arch}-pc-linux-gnu`],
    ['host.triplet.rust', `${arch}-unknown-linux-gnu`],
    ['cross.triplet.gnu.glibc', `${arch}-pc-linux-gnu`],
    ['cross.triplet.gnu.musl', `${arch}-pc-linux-musl`],
    ['cross.triplet.rust.glibc', `${arch}-unknown-linux-gnu`],
    ['cross.triplet.rust.musl', `${arch}-unknown-linux-musl`],
  ]);
  if (subpackage) {
    values.set('targets.subpkgdir', `${OUTDIR}/${subpackage}`);
    values.set('subpkg.name', subpackage);
  }
  const vars = record(config.vars);
  for (const [key, value] of Object.entries(vars)) values.set(`vars.${key}`, text(value));
  for (const transform of list(config['var-transforms'])) {
    const t = record(transform);
    const to = text(t.to);
    if (!to) continue;
    // `from` is itself a template (`${{package.version}}`).
    let value = substitute(text(t.from), values).text;
    try {
      value = value.replace(
        new RegExp(text(t.match), 'g'),
        text(t.replace).replace(/\$\{(\d+)\}/g, '$$$1'),
      );
    } catch {
      // An invalid pattern leaves the value as it is; melange reports it when it builds.
    }
    values.set(`vars.${to}`, value);
  }
  for (const option of Object.keys(record(config.options)))
    values.set(`options.${option}.enabled`, 'false');
  return values;
}

export interface Substituted {
  text: string;
  /** Names inside `${{…}}` that melange does not know. */
  unknown: string[];
}

/**
 * Replace every `${{name}}` with its value. Unknown names are listed and stay as written,
 * or become `unknownAs` when given.
 */
export function substitute(
  input: string,
  values: ReadonlyMap<string, string>,
  unknownAs: string | null = null,
): Substituted {
  let out = '';
  const unknown: string[] = [];
  let pos = 0;
  for (;;) {
    const open = input.indexOf('${{', pos);
    const close = open < 0 ? -1 : input.indexOf('}}', open + 3);
    if (open < 0 || close < 0) break;
    const name = input.slice(open + 3, close).trim();
    const value = values.get(name);
    out += input.slice(pos, open);
    if (value === undefined) {
      unknown.push(name);
      out += unknownAs ?? input.slice(open, close + 2);
    } else out += value;
    pos = close + 2;
  }
  return { text: out + input.slice(pos), unknown };
}
