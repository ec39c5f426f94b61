import { finding } from '../findings.js';
import type {
  ApkoConfig,
  ApkoPath,
  CommandForm,
  Finding,
  Instruction,
  ParsedDockerfile,
  RunFact,
  Stage,
} from '../model.js';
import { PUBLIC_WOLFI_REPOSITORY } from '../map/context.js';
import { expandVariables } from '../parse/index.js';
import type { BaseContract } from '../map/contracts.js';
import { buildAccounts, type Accounts, type UserSwitch } from './accounts.js';
import { buildPaths, DIRECTORY_MODE } from './apko-paths.js';
import { copiedFile, looksLikeScript, type StartCommand } from './command-start.js';
import { rootPurpose, type RootPurpose } from './root-purpose.js';
import type { ShellParser } from '../shell/index.js';
import { quoteArgv } from './quote.js';
import { DEFAULT_PATH } from './default-path.js';

export const WOLFI_REPOSITORY = PUBLIC_WOLFI_REPOSITORY;
export const WOLFI_KEYRING = 'https://packages.wolfi.dev/os/wolfi-signing.rsa.pub';
export const DEFAULT_ARCHS = ['x86_64', 'aarch64'];
export { DEFAULT_PATH };

export interface ImageInput {
  /** The stages whose instructions make up the image, base first, the target stage last. */
  chain: readonly Stage[];
  /** RUN facts of those stages, in order. */
  facts: readonly RunFact[];
  /** Wolfi package names for the image, already mapped and checked against the catalog. */
  packages: readonly string[];
  repositories: readonly string[];
  keyring: readonly string[];
  archs: readonly string[];
  user: { name: string; uid: number | null } | null;
  /** Keep root when the Dockerfile runs as root: true, false, or null to decide per image. */
  keepRoot: boolean | null;
  /** Reads the entrypoint scripts an image designed to start as root is recognised by. */
  shell?: ShellParser | null;
  /** Build-context scripts by context-relative path (ConvertOptions.contextScripts). */
  contextScripts?: Readonly<Record<string, string>>;
  /** The whole Dockerfile: an entrypoint script copied from another stage is followed to its source. */
  parsed?: ParsedDockerfile;
  baseImageUsers: Readonly<Record<string, number>>;
  /** ENV the base image sets (JAVA_HOME, LANG …): containers inherit it, Dockerfile ENV overrides. */
  baseEnvironment: Readonly<Record<string, string>>;
  /**
   * The final image's base contract on Wolfi: its ENTRYPOINT/CMD (kept unless the Dockerfile
   * sets its own, by Docker's rules), WORKDIR, STOPSIGNAL, PATH additions and VOLUMEs.
   */
  baseContract?: BaseContract | null;
}

export interface ImageOutput {
  config: ApkoConfig;
  findings: Finding[];
  /** Commands of the image's RUNs that apko cannot express (src/not-carried.ts reports them). */
  notCarried: CommandFact[];
  /** What the image starts (ENTRYPOINT then CMD), for the start check; null: nothing. */
  command: StartCommand | null;
  /** The first program is the base image's, whose packages rules/base-contracts.yaml lists. */
  commandTrusted: boolean;
}

export type CommandFact = Extract<RunFact, { kind: 'command' }>;

/** What the final image's instructions say, folded in Docker's order of precedence. */
interface ImageSettings {
  environment: Map<string, string>;
  workdirs: { path: string; line: number }[];
  userSwitch: UserSwitch | null;
  /** `inherited`: the base image's, not the Dockerfile's. */
  entrypoint: { command: CommandForm; line: number; inherited?: boolean } | null;
  cmd: { command: CommandForm; line: number; inherited?: boolean } | null;
  annotations: Map<string, string>;
  stopSignal: string | null;
  volumes: string[];
}

export function generateApko(input: ImageInput): ImageOutput {
  const final = input.chain[input.chain.length - 1];
  if (!final) throw new Error('generateApko needs at least one stage');
  const stage = final.id;
  const findings: Finding[] = [];
  const settings = readSettings(input.chain, input.baseEnvironment, findings, input.baseContract);

  const packages = new Set(input.packages);
  const entry = renderEntrypoint(settings, stage, findings, packages);
  // The base image's command needs its helper packages only while the image keeps it.
  if (settings.entrypoint?.inherited || (!settings.entrypoint && settings.cmd?.inherited))
    for (const name of input.baseContract?.packages ?? []) packages.add(name);
  const dropped = input.baseContract?.droppedEntrypoint;
  if (dropped && !settings.entrypoint)
    findings.push(droppedEntrypointFinding(dropped, settings, stage));

  const command = startCommand(settings);
  const asRoot = !settings.userSwitch || ROOT_USERS.has(settings.userSwitch.user);
  const purpose =
    asRoot && !input.user && input.shell
      ? rootPurpose({
          command,
          contract: input.baseContract ?? null,
          ...entrypointScripts(command, input, settings),
          packages,
          shell: input.shell,
        })
      : ({ kind: 'none' } as const);
  const keepRoot = input.keepRoot ?? purpose.kind === 'root';
  const { accounts, findings: accountFindings } = buildAccounts({
    facts: input.facts,
    userSwitch: settings.userSwitch,
    override: input.user,
    keepRoot,
    stage,
    baseImageUsers: input.baseImageUsers,
  });
  findings.push(...accountFindings, ...rootFindings(purpose, input.keepRoot, stage));

  const config: ApkoConfig = {
    contents: {
      repositories: [...input.repositories],
      keyring: [...input.keyring],
      packages: [...packages].sort(),
    },
    accounts,
    archs: [...input.archs],
  };
  if (entry.entrypoint) config.entrypoint = entry.entrypoint;
  if (entry.cmd !== undefined) config.cmd = entry.cmd;
  // The base image's WORKDIR is where its process starts; the Dockerfile's own wins.
  const workdir =
    settings.workdirs[settings.workdirs.length - 1]?.path ?? input.baseContract?.workdir;
  if (workdir && workdir !== '/') config['work-dir'] = workdir;
  config.environment = renderEnvironment(settings.environment);
  if (settings.annotations.size > 0) config.annotations = Object.fromEntries(settings.annotations);
  if (settings.stopSignal) config['stop-signal'] = settings.stopSignal;
  if (settings.volumes.length > 0) config.volumes = [...new Set(settings.volumes)];
  const paths = buildPaths(settings.workdirs, input.facts, accounts, stage, findings);
  writableByRunAs(
    paths,
    [...settings.volumes, ...(input.baseContract?.writable ?? [])],
    accounts,
    stage,
    findings,
  );
  if (paths.length > 0) config.paths = paths;
  const first = settings.entrypoint ?? settings.cmd;
  return {
    config: orderKeys(config),
    findings,
    notCarried: unexpressibleRunSteps(input.facts),
    command,
    commandTrusted: Boolean(first?.inherited && input.baseContract?.commandChecked),
  };
}

const ROOT_USERS = new Set(['root', '0']);

/** The build-context scripts the command's first programs are (an entrypoint script). */
function entrypointScripts(
  command: StartCommand | null,
  input: ImageInput,
  settings: ImageSettings,
): { scripts: string[]; unreadScript: boolean } {
  const out = { scripts: [] as string[], unreadScript: false };
  if (!command || !('argv' in command)) return out;
  const workdir = settings.workdirs[settings.workdirs.length - 1]?.path ?? '/';
  for (const word of command.argv.slice(0, 4)) {
    const source = copiedFile(word, { workdir, chain: input.chain, parsed: input.parsed })?.source;
    const text = source ? input.contextScripts?.[source] : undefined;
    if (text) out.scripts.push(text);
    else if (text === undefined && source && looksLikeScript(source)) out.unreadScript = true;
  }
  return out;
}

function rootFindings(purpose: RootPurpose, chosen: boolean | null, stage: string): Finding[] {
  const where = { line: null, stage };
  if (purpose.kind === 'root' && chosen === null) {
    return [
      finding(
        'WF316',
        `the image is designed to start as root (${purpose.why}); wolfify keeps root`,
        where,
        {
          hint: 'Check that it gives up root itself; to force a non-root user pass --user NAME[:UID] (or answer in the wizard), knowing the start may then fail.',
        },
      ),
    ];
  }
  if (purpose.kind === 'root' && chosen === false) {
    return [
      finding(
        'WF316',
        `the image is designed to start as root (${purpose.why}), but runs as non-root as chosen: it may fail to start`,
        where,
      ),
    ];
  }
  if (purpose.kind === 'non-root-equivalent' && chosen !== true) {
    return [
      finding(
        'WF317',
        `the image runs as non-root and listens on port ${purpose.to} instead of ${purpose.from}: ${purpose.note}`,
        where,
        { hint: 'Pass --keep-root to keep root and the original port.' },
      ),
    ];
  }
  return [];
}

/**
 * Directories the application writes (its VOLUMEs, a server's data directory) belong to the
 * user it runs as: created root-owned, a non-root process could not write them.
 */
function writableByRunAs(
  paths: ApkoPath[],
  directories: readonly string[],
  accounts: Accounts,
  stage: string,
  findings: Finding[],
): void {
  const user = accounts.users.find((u) => u.username === accounts['run-as']);
  if (!user) return;
  for (const path of new Set(directories)) {
    const existing = paths.find((p) => p.path === path);
    if (existing && existing.uid !== 0) continue;
    if (existing) Object.assign(existing, { uid: user.uid, gid: user.gid });
    else
      paths.push({
        path,
        type: 'directory',
        uid: user.uid,
        gid: user.gid,
        permissions: DIRECTORY_MODE,
      });
    findings.push(
      finding('WF318', `${path} is written at run time: it belongs to ${user.username}`, {
        line: null,
        stage,
      }),
    );
  }
}

/** ENTRYPOINT and CMD joined as Docker runs them (a shell-form ENTRYPOINT ignores CMD). */
function startCommand(settings: ImageSettings): StartCommand | null {
  const { entrypoint, cmd } = settings;
  const words = (c: CommandForm): string[] =>
    c.form === 'exec' ? c.argv : ['/bin/sh', '-c', c.script];
  if (entrypoint?.command.form === 'shell') return { script: entrypoint.command.script };
  const argv = [
    ...(entrypoint ? words(entrypoint.command) : []),
    ...(cmd ? words(cmd.command) : []),
  ];
  if (!entrypoint && cmd?.command.form === 'shell') return { script: cmd.command.script };
  return argv.length > 0 ? { argv } : null;
}

function readSettings(
  chain: readonly Stage[],
  baseEnvironment: Readonly<Record<string, string>>,
  findings: Finding[],
  contract: BaseContract | null | undefined,
): ImageSettings {
  const settings: ImageSettings = {
    environment: new Map(Object.entries(baseEnvironment)),
    workdirs: [],
    userSwitch: null,
    entrypoint: null,
    cmd: null,
    annotations: new Map(),
    stopSignal: null,
    volumes: [],
  };
  // What the base image set comes first; the Dockerfile's instructions override it in order.
  const from = chain[0]?.line ?? 0;
  if (contract) {
    if (contract.path.length > 0)
      settings.environment.set('PATH', `${contract.path.join(':')}:${DEFAULT_PATH}`);
    const exec = (argv: string[]): CommandForm => ({ form: 'exec', argv });
    if (contract.entrypoint)
      settings.entrypoint = { command: exec(contract.entrypoint), line: from, inherited: true };
    if (contract.cmd) settings.cmd = { command: exec(contract.cmd), line: from, inherited: true };
    settings.stopSignal = contract.stopSignal;
    settings.volumes.push(...contract.volumes);
    // Docker keeps the base image's USER (distroless :nonroot, a base of the repository).
    if (contract.user) settings.userSwitch = { user: contract.user, group: null, line: from };
  }
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      applyInstruction(settings, instruction, stage.id, findings);
    }
  }
  return settings;
}

function applyInstruction(
  settings: ImageSettings,
  instruction: Instruction,
  stage: string,
  findings: Finding[],
): void {
  const where = { line: instruction.line, stage };
  switch (instruction.kind) {
    case 'env':
      // `$PATH` is the base image's PATH, which the parser cannot know; in the image it is
      // apko's default (or what an earlier ENV set).
      for (const [key, value] of instruction.vars) {
        const path = settings.environment.get('PATH') ?? DEFAULT_PATH;
        settings.environment.set(key, expandVariables(value, { PATH: path }).value);
      }
      return;
    case 'workdir':
      settings.workdirs.push({ path: instruction.path, line: instruction.line });
      return;
    case 'user':
      settings.userSwitch = {
        // `USER $APP_UID`: the variable may come from the base image's ENV.
        user: expandVariables(instruction.user, Object.fromEntries(settings.environment)).value,
        group: instruction.group,
        line: instruction.line,
      };
      return;
    case 'entrypoint':
      // Docker: setting ENTRYPOINT resets a CMD inherited from earlier.
      settings.entrypoint = { command: instruction.command, line: instruction.line };
      settings.cmd = null;
      return;
    case 'cmd':
      settings.cmd = { command: instruction.command, line: instruction.line };
      return;
    case 'label':
      for (const [key, value] of instruction.labels) settings.annotations.set(key, value);
      return;
    case 'maintainer':
      settings.annotations.set('org.opencontainers.image.authors', instruction.text);
      return;
    case 'stopsignal':
      settings.stopSignal = instruction.signal;
      return;
    case 'volume':
      settings.volumes.push(...instruction.paths);
      return;
    case 'expose':
      findings.push(
        finding(
          'WF301',
          `EXPOSE ${instruction.ports.join(' ')}: apko images do not declare ports`,
          where,
          {
            hint: 'Declare the port where the container runs (Kubernetes containerPort, compose ports).',
          },
        ),
      );
      return;
    case 'healthcheck':
      findings.push(
        finding('WF302', 'HEALTHCHECK is not part of an apko image', where, {
          hint: 'Use the orchestrator: a Kubernetes liveness/readiness probe or a compose healthcheck.',
        }),
      );
      return;
    case 'onbuild':
      findings.push(
        finding('WF303', 'ONBUILD triggers have no apko equivalent and are dropped', where, {
          hint: 'Run those steps in the melange pipeline of the package that needs them.',
        }),
      );
      return;
    case 'shell':
      findings.push(
        finding('WF304', `SHELL ${instruction.text} has no apko equivalent`, where, {
          hint: 'Build steps run in melange with /bin/sh; invoke another shell explicitly if needed.',
        }),
      );
      return;
    case 'arg':
    case 'run':
    case 'copy':
    case 'add':
    case 'unknown':
      // RUN facts, COPY/ADD (melange) and unknown instructions are reported elsewhere;
      // ARG is build-time only.
      return;
  }
}

function renderEntrypoint(
  settings: ImageSettings,
  stage: string,
  findings: Finding[],
  packages: Set<string>,
): { entrypoint?: ApkoConfig['entrypoint']; cmd?: string } {
  const out: { entrypoint?: ApkoConfig['entrypoint']; cmd?: string } = {};
  const { entrypoint, cmd } = settings;
  const needShell = (line: number, what: string) => {
    packages.add('busybox');
    findings.push(
      finding(
        'WF308',
        `${what} uses the shell form: the image gets busybox for /bin/sh`,
        { line, stage },
        {
          hint: `Write ${what} in exec form (["cmd", "arg"]) to keep the image shell-free.`,
        },
      ),
    );
  };
  if (entrypoint) {
    if (entrypoint.command.form === 'exec') {
      if (entrypoint.command.argv.length > 0)
        out.entrypoint = { command: quoteArgv(entrypoint.command.argv) };
    } else {
      out.entrypoint = { 'shell-fragment': entrypoint.command.script };
      needShell(entrypoint.line, 'ENTRYPOINT');
    }
  }
  // Docker ignores CMD when ENTRYPOINT is in shell form.
  const cmdIgnored = entrypoint?.command.form === 'shell';
  if (cmd && !cmdIgnored) {
    if (cmd.command.form === 'exec') {
      if (cmd.command.argv.length > 0) out.cmd = quoteArgv(cmd.command.argv);
    } else {
      // apko adds no shell to cmd, so spell out what Docker runs: /bin/sh -c "<script>".
      out.cmd = quoteArgv(['/bin/sh', '-c', cmd.command.script]);
      needShell(cmd.line, 'CMD');
    }
  }
  const inherited = [
    ...(entrypoint?.inherited && out.entrypoint
      ? [`ENTRYPOINT ${out.entrypoint.command ?? ''}`]
      : []),
    ...(cmd?.inherited && out.cmd !== undefined ? [`CMD ${out.cmd}`] : []),
  ];
  if (inherited.length > 0) {
    findings.push(
      finding(
        'WF216',
        `the image keeps its base image's ${inherited.join(' and ')}, as Docker does when the Dockerfile sets none`,
        { line: entrypoint?.inherited ? entrypoint.line : (cmd?.line ?? null), stage },
      ),
    );
  }
  if (!out.entrypoint && out.cmd === undefined) {
    findings.push(
      finding(
        'WF311',
        'the image has no ENTRYPOINT or CMD of its own',
        { line: null, stage },
        {
          hint: 'Base images bring a default command; set entrypoint.command in apko.yaml if the image needs one.',
        },
      ),
    );
  }
  return out;
}

/**
 * Docker's image wrapped the command in a helper script Wolfi has no package for. Most such
 * scripts (node's docker-entrypoint.sh) only prepend the runtime to arguments that are not a
 * program: harmless when the command names one, a broken start when it is `server.js`.
 */
function droppedEntrypointFinding(
  dropped: { argv: string[]; package: string },
  settings: ImageSettings,
  stage: string,
): Finding {
  const cmd = settings.cmd?.command;
  const first = cmd?.form === 'exec' ? (cmd.argv[0] ?? '') : cmd ? 'sh' : '';
  const bareProgram = first !== '' && !first.startsWith('-') && !/\.[a-z]+$/.test(first);
  return finding(
    'WF215',
    `the base image's ENTRYPOINT ${dropped.argv.join(' ')} has no Wolfi package for this version (${dropped.package}); the image starts its CMD directly`,
    { line: settings.cmd?.line ?? null, stage },
    bareProgram
      ? { severity: 'info' }
      : {
          hint: 'Name the program first in CMD, in exec form: CMD ["node", "server.js"].',
        },
  );
}

function renderEnvironment(environment: Map<string, string>): Record<string, string> {
  const withPath = new Map(environment);
  if (!withPath.has('PATH')) withPath.set('PATH', DEFAULT_PATH);
  return Object.fromEntries([...withPath].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Commands left in the final image's RUNs once installs, users and paths are taken out. */
function unexpressibleRunSteps(facts: readonly RunFact[]): CommandFact[] {
  return facts.filter((f): f is CommandFact => f.kind === 'command');
}

/** The key order a reader expects: what is installed, who runs it, how it starts, the rest. */
function orderKeys(config: ApkoConfig): ApkoConfig {
  const order: (keyof ApkoConfig)[] = [
    'contents',
    'accounts',
    'work-dir',
    'entrypoint',
    'cmd',
    'environment',
    'paths',
    'volumes',
    'stop-signal',
    'annotations',
    'archs',
  ];
  const out: Record<string, unknown> = {};
  for (const key of order) if (config[key] !== undefined) out[key] = config[key];
  return out as unknown as ApkoConfig;
}
