// BuildKit sets TARGETARCH, TARGETOS, TARGETPLATFORM … per platform; melange sets none of
// them, but builds each architecture separately and substitutes ${{build.arch}} (x86_64,
// aarch64) and ${{build.goarch}} (amd64, arm64) into every step. So a platform ARG becomes
// the substitution, and a command that asks for the architecture (`dpkg
// --print-architecture`, which Wolfi does not have) becomes its answer: the shell then
// evaluates `case`/`if` on the architecture per target, as Docker did per platform.

/** A platform ARG's value in melange, or the same for every platform (`fixed`: OS values only). */
export function platformValue(name: string, mode: 'melange' | 'fixed'): string | null {
  const os: Readonly<Record<string, string>> = {
    TARGETOS: 'linux',
    BUILDOS: 'linux',
    TARGETVARIANT: '',
    BUILDVARIANT: '',
  };
  if (name in os) return os[name] as string;
  if (mode === 'fixed') return null;
  const arch: Readonly<Record<string, string>> = {
    TARGETARCH: '${{build.goarch}}',
    BUILDARCH: '${{build.goarch}}',
    TARGETPLATFORM: 'linux/${{build.goarch}}',
    BUILDPLATFORM: 'linux/${{build.goarch}}',
  };
  return arch[name] ?? null;
}

export const PLATFORM_ARGS: readonly string[] = [
  'TARGETARCH',
  'TARGETOS',
  'TARGETPLATFORM',
  'TARGETVARIANT',
  'BUILDARCH',
  'BUILDOS',
  'BUILDPLATFORM',
  'BUILDVARIANT',
];

/** `uname -m` → x86_64/aarch64; `dpkg --print-architecture` → amd64/arm64. */
export function archCommandValue(argv: readonly string[]): string | null {
  const [head, ...rest] = argv;
  const args = rest.join(' ');
  if (head === 'uname' && (args === '-m' || args === '--machine' || args === '-p'))
    return '${{build.arch}}';
  if (head === 'arch' && args === '') return '${{build.arch}}';
  if (head === 'apk' && args === '--print-arch') return '${{build.arch}}';
  if (head === 'dpkg' && args === '--print-architecture') return '${{build.goarch}}';
  return null;
}
