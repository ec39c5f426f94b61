// `case "$(dpkg --print-architecture)" in ppc64el) …;; esac`: a branch whose patterns name
// only architectures that wolfify's images are never built for (Wolfi builds x86_64 and
// aarch64) never runs, so what it installs is not in the image.

/** Every spelling of x86_64 and aarch64: dpkg, uname -m, apk --print-arch, Go, Docker. */
const BUILT: ReadonlySet<string> = new Set([
  'amd64',
  'x86_64',
  'x86-64',
  'x64',
  'arm64',
  'aarch64',
  'arm64v8',
  'armv8',
  'linux/amd64',
  'linux/arm64',
  'linux/arm64/v8',
]);

/** Other architectures as dpkg, uname, apk, Go and Docker spell them. */
const OTHER: ReadonlySet<string> = new Set([
  'armhf',
  'armel',
  'arm',
  'armv5',
  'armv6',
  'armv6l',
  'armv7',
  'armv7l',
  'arm32v5',
  'arm32v6',
  'arm32v7',
  'i386',
  'i486',
  'i586',
  'i686',
  'x86',
  '386',
  'ppc64el',
  'ppc64le',
  'ppc64',
  'ppc',
  'powerpc',
  's390x',
  's390',
  'riscv64',
  'mips',
  'mipsel',
  'mips64el',
  'mips64le',
  'loong64',
  'loongarch64',
  'linux/386',
  'linux/arm',
  'linux/arm/v6',
  'linux/arm/v7',
  'linux/ppc64le',
  'linux/s390x',
  'linux/riscv64',
]);

/**
 * The architectures of the innermost `case` branch that only other architectures reach, or
 * null when the command can run on x86_64 or aarch64 (any glob or unknown word keeps it live).
 */
export function unbuiltArchitectureBranch(caseBranches: readonly string[][]): string[] | null {
  for (const patterns of caseBranches) {
    if (patterns.length === 0) continue;
    const words = patterns.map((p) => p.toLowerCase());
    if (words.some((w) => BUILT.has(w))) continue;
    if (words.every((w) => OTHER.has(w))) return patterns;
  }
  return null;
}
