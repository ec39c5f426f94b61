import type { Finding, Severity } from './model.js';

// Every finding id wolfify can emit, with its default severity and a one-line help text.
// Severity says what the finding means for the image (docs/findings.md, "Severity"):
//   error   — the image will not do what the original did (a step, package or file is lost)
//   warning — the image works, but differs in a way a person must accept (user, version, port)
//   info    — a note; nothing to do
// Ids are stable: never reuse a retired number. docs/findings.md explains each with an example;
// a test keeps the two in step. SARIF rules and `--format` help come from here too.
//   WF1xx reading the Dockerfile · WF2xx mapping packages · WF3xx what apko cannot express
//   WF4xx supply chain · WF5xx application package (melange) · WF6xx Dockerfile output

export interface FindingKind {
  severity: Severity;
  title: string;
}

export const FINDING_KINDS = {
  WF100: { severity: 'error', title: 'Dockerfile could not be converted' },
  WF101: { severity: 'warning', title: 'Dockerfile syntax problem' },
  WF102: { severity: 'warning', title: 'Variable cannot be resolved' },
  WF103: { severity: 'warning', title: 'Unknown instruction' },
  WF104: { severity: 'warning', title: 'Unknown instruction flag' },
  WF105: { severity: 'info', title: 'Byte order mark or CRLF line endings' },
  WF106: { severity: 'warning', title: 'Shell syntax error in RUN' },
  WF107: { severity: 'warning', title: 'Shell nesting too deep' },
  WF108: { severity: 'info', title: 'Invalid UTF-8 replaced' },

  WF201: { severity: 'error', title: 'Package list cannot be resolved' },
  WF202: { severity: 'warning', title: 'Package version pin not carried over' },
  WF203: { severity: 'error', title: 'Unknown package' },
  WF204: { severity: 'info', title: 'Package dropped' },
  WF205: { severity: 'error', title: 'Package only in the private repository' },
  WF206: { severity: 'warning', title: 'Requested version not in Wolfi' },
  WF207: { severity: 'error', title: 'Unknown base image' },
  WF208: { severity: 'info', title: 'Base image digest dropped' },
  WF209: { severity: 'warning', title: 'Package manager of another family' },
  WF210: { severity: 'info', title: 'Module or group install' },
  WF211: { severity: 'error', title: 'Rule names a package not in the catalog' },
  WF212: { severity: 'error', title: 'Package file instead of a package name' },
  WF213: { severity: 'warning', title: 'Base image runtime read from its name' },
  WF214: { severity: 'error', title: "Base image's software not in public Wolfi" },
  WF215: { severity: 'warning', title: 'Base image behaves differently on Wolfi' },
  WF216: { severity: 'info', title: "Base image's command kept" },
  WF217: { severity: 'info', title: "Package follows the image's runtime version" },
  WF218: { severity: 'info', title: 'Base image built in the same repository' },

  WF301: { severity: 'info', title: 'EXPOSE has no apko equivalent' },
  WF302: { severity: 'warning', title: 'HEALTHCHECK has no apko equivalent' },
  WF303: { severity: 'warning', title: 'ONBUILD has no apko equivalent' },
  WF304: { severity: 'warning', title: 'SHELL has no apko equivalent' },
  WF305: { severity: 'error', title: 'RUN step in the final image' },
  WF306: { severity: 'warning', title: 'Image runs as the default non-root user' },
  WF307: { severity: 'warning', title: 'Image ran as root' },
  WF308: { severity: 'info', title: 'Shell form needs a shell in the image' },
  WF309: { severity: 'info', title: 'User id chosen' },
  WF310: { severity: 'error', title: 'Files copied into the final image' },
  WF311: { severity: 'error', title: 'No entrypoint or command' },
  WF312: { severity: 'warning', title: 'Instruction has no effect in apko' },
  WF313: { severity: 'warning', title: 'Change to a user the stage does not create' },
  WF314: { severity: 'error', title: 'Command cannot start' },
  WF315: { severity: 'info', title: 'Shell or interpreter added for the command' },
  WF316: { severity: 'warning', title: 'Image keeps root on purpose' },
  WF317: { severity: 'warning', title: 'Port changed to run as non-root' },
  WF318: { severity: 'info', title: 'Written directory owned by the run-as user' },
  WF319: { severity: 'warning', title: 'Entrypoint script not read' },
  WF330: { severity: 'error', title: 'Image incomplete' },

  WF340: { severity: 'info', title: 'Dependencies installed into a directory the image points to' },
  WF341: { severity: 'error', title: 'Build tool not in the Wolfi catalog' },
  WF342: { severity: 'warning', title: 'Source build replaced by a Wolfi package' },
  WF343: { severity: 'error', title: 'RUN step cannot be carried' },
  WF344: { severity: 'error', title: 'Edit of a file a Wolfi package owns' },
  WF345: { severity: 'info', title: 'Configuration edit carried as a drop-in file' },
  WF346: { severity: 'info', title: 'Debian package file replaced by a Wolfi package' },
  WF347: { severity: 'info', title: 'Locales from glibc locale packages' },
  WF348: { severity: 'warning', title: 'Download checksum does not fit every architecture' },
  WF349: { severity: 'info', title: 'Temporary file copied into the build only' },
  WF350: { severity: 'info', title: 'Apache module or configuration enabled by a drop-in' },
  WF351: { severity: 'error', title: 'Carried command runs after a step that needs it' },

  WF401: { severity: 'warning', title: 'Download piped into a shell' },
  WF402: { severity: 'warning', title: 'Download without checksum' },
  WF403: { severity: 'warning', title: 'ADD from a URL without --checksum' },
  WF404: { severity: 'warning', title: 'Third-party package repository' },
  WF405: { severity: 'info', title: 'Installer replaced by a Wolfi package' },

  WF501: { severity: 'info', title: 'Application version unknown' },
  WF502: { severity: 'warning', title: 'Build step needs the network' },
  WF503: { severity: 'error', title: 'Secret or SSH mount in a build step' },
  WF504: { severity: 'info', title: 'Build-stage step kept as a script' },
  WF505: { severity: 'info', title: 'Copied files come from a Wolfi package' },
  WF506: { severity: 'error', title: 'COPY from an image without a Wolfi package' },
  WF507: { severity: 'warning', title: 'Value containing ${{ left out' },
  WF508: { severity: 'info', title: 'Dependencies installed into the application directory' },
  WF509: { severity: 'error', title: 'File not placed in the package' },
  WF510: { severity: 'info', title: 'melange lint disabled for a Docker path' },
  WF511: { severity: 'error', title: 'File in a temporary directory not packaged' },
  WF512: { severity: 'info', title: 'Stage built on its own' },
  // Self-check of generated melange configs (src/plan/self-check.ts): each would fail the build.
  WF520: { severity: 'error', title: 'Build step uses an empty path' },
  WF521: { severity: 'error', title: 'Build step copies the sandbox root' },
  WF522: { severity: 'error', title: 'Package installs into a path melange rejects' },
  WF523: { severity: 'error', title: 'Build step uses a BuildKit automatic argument' },
  WF524: { severity: 'error', title: 'Build step changes ownership to a user name' },
  WF525: { severity: 'error', title: 'Unknown melange substitution' },
  WF526: { severity: 'error', title: 'Unknown melange pipeline or input' },
  WF527: { severity: 'error', title: 'Build step runs a command its environment lacks' },
  WF528: { severity: 'error', title: 'Build step is not valid shell' },
  WF529: { severity: 'error', title: 'PATH in the build environment never reaches the steps' },

  WF601: { severity: 'error', title: 'RUN left as written' },
  WF602: { severity: 'warning', title: 'No Chainguard image for the base image' },
  WF603: { severity: 'info', title: 'Base image digest dropped from FROM' },
  WF604: { severity: 'warning', title: 'Runtime image chosen for a final stage' },
  WF605: { severity: 'warning', title: 'Image now runs as nonroot' },
  WF606: { severity: 'error', title: 'Command has no busybox equivalent' },
  WF607: { severity: 'error', title: 'Stage runs commands on an image without a shell' },
  WF608: { severity: 'info', title: 'Build dependencies stay installed' },
} as const satisfies Record<string, FindingKind>;

export type FindingId = keyof typeof FINDING_KINDS;

/** A finding with the registry's default severity unless one is given. */
export function finding(
  id: FindingId,
  message: string,
  where: { line: number | null; stage: string | null },
  extra: { hint?: string; severity?: Severity } = {},
): Finding {
  const result: Finding = {
    id,
    severity: extra.severity ?? FINDING_KINDS[id].severity,
    message,
    line: where.line,
    stage: where.stage,
  };
  if (extra.hint) result.hint = extra.hint;
  return result;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order for reports: by line, then severity, then id. */
const FINDING_ID = /^WF\d{3}$/;

/**
 * Finding ids in collation order. For ids of our shape (`WF` and three digits) code-unit
 * order is that order, and it spares a cold command loading ICU's collator (~10 ms).
 */
export function compareFindingIds(a: string, b: string): number {
  if (a === b) return 0;
  if (FINDING_ID.test(a) && FINDING_ID.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return a.localeCompare(b);
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.line ?? 0) - (b.line ?? 0) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      compareFindingIds(a.id, b.id) ||
      a.message.localeCompare(b.message),
  );
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER[severity] <= SEVERITY_ORDER[threshold];
}
