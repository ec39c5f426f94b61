import { analyzeStage, type StageAnalysis } from './analyze/stage.js';
import { loadBuiltinCatalog, type Catalog } from './catalog/index.js';
import { WolfifyError } from './errors.js';
import { finding, sortFindings } from './findings.js';
import { DEFAULT_ARCHS, generateApko, WOLFI_KEYRING, WOLFI_REPOSITORY } from './generate/apko.js';
import { mapBaseImage, mapPackage, type BaseImageDecision, type MapContext } from './map/index.js';
import { loadBuiltinRules } from './map/builtin-rules.js';
import type { RuleSet } from './map/rules.js';
import type {
  DistroFamily,
  Finding,
  PackageDecision,
  PackageManager,
  ParsedDockerfile,
  Result,
  RunFact,
  Stage,
} from './model.js';
import { parseDockerfile } from './parse/index.js';
import { ShellParser } from './shell/index.js';

export interface ConvertOptions {
  /** How the Dockerfile is named in the output: its path, or `-` for stdin. */
  source?: string;
  /** `--build-arg K=V`: overrides of declared ARG defaults. */
  buildArgs?: Record<string, string>;
  /** `--target STAGE`: the stage that becomes the image (default: the last). */
  target?: string;
  archs?: string[];
  /** Extra repositories and keys, listed after Wolfi's unless `replaceRepositories`. */
  repositories?: string[];
  keyring?: string[];
  /** Use only the given repositories and keys, not Wolfi's public ones. */
  replaceRepositories?: boolean;
  /** `--user NAME[:UID]`: the user the image runs as. */
  user?: { name: string; uid: number | null };
  /** `--keep-root`: keep running as root when the Dockerfile does. */
  keepRoot?: boolean;
  catalog?: Catalog;
  rules?: RuleSet;
}

// The package manager says whose names a package list uses, whatever the base image is.
const MANAGER_FAMILY: Record<PackageManager, DistroFamily> = {
  apt: 'debian',
  apk: 'alpine',
  dnf: 'fedora',
  zypper: 'suse',
};

/** Convert a Dockerfile's text into a Result. Pure apart from loading the shipped data once. */
export async function convert(text: string, options: ConvertOptions = {}): Promise<Result> {
  const source = options.source ?? 'Dockerfile';
  const parsed = parseDockerfile(text, { buildArgs: options.buildArgs ?? {}, fileName: source });
  const shell = await ShellParser.load();
  const analyses = parsed.stages.map((stage) => analyzeStage(stage, shell));

  const repositories = options.replaceRepositories
    ? [...(options.repositories ?? [])]
    : [WOLFI_REPOSITORY, ...(options.repositories ?? [])];
  const keyring = options.replaceRepositories
    ? [...(options.keyring ?? [])]
    : [WOLFI_KEYRING, ...(options.keyring ?? [])];
  const ctx: MapContext = {
    catalog: options.catalog ?? loadBuiltinCatalog(),
    rules: options.rules ?? loadBuiltinRules(),
    repositories,
  };

  const target = findTargetStage(parsed, options.target, source);
  const chain = stageChain(parsed, target);
  const inImage = new Set(chain.map((s) => s.id));

  const findings: Finding[] = [...parsed.findings];
  const decisions: PackageDecision[] = [];
  const imagePackages: string[] = [];
  const bases = new Map<string, BaseImageDecision>();

  for (const analysis of analyses) {
    const { stage } = analysis;
    const role = inImage.has(stage.id) ? 'image' : 'build';
    findings.push(...analysis.findings);
    const root = stageChain(parsed, stage)[0] ?? stage;
    let base = bases.get(root.id);
    if (!base) {
      base = mapBaseImage(root.base.kind === 'image' ? root.base.image : null, ctx);
      bases.set(root.id, base);
    }
    if (stage === root) {
      decisions.push(baseImageDecision(stage, base, role));
      for (const f of base.findings) findings.push({ ...f, line: stage.line, stage: stage.id });
      if (role === 'image') imagePackages.push(...base.runtime);
    }
    for (const install of analysis.installs) {
      const target = install.buildOnly || role === 'build' ? 'build' : 'image';
      const decision = decidePackage(
        install.name,
        install.manager,
        stage.id,
        install.line,
        target,
        ctx,
        findings,
      );
      decisions.push(decision);
      if (decision.target === 'image') imagePackages.push(...decision.to);
    }
    findings.push(...supplyChainFindings(analysis));
  }

  const finalRoot = chain[0];
  const baseImageUsers = finalRoot ? (bases.get(finalRoot.id)?.users ?? {}) : {};
  const image = generateApko({
    chain,
    facts: analyses.filter((a) => inImage.has(a.stage.id)).flatMap((a) => a.facts),
    packages: imagePackages,
    repositories,
    keyring,
    archs: options.archs && options.archs.length > 0 ? options.archs : DEFAULT_ARCHS,
    user: options.user ?? null,
    keepRoot: options.keepRoot ?? false,
    baseImageUsers,
  });
  findings.push(...image.findings);

  return {
    version: 1,
    source,
    apko: image.config,
    melange: null,
    packages: decisions,
    findings: sortFindings(findings),
    size: null,
  };
}

function findTargetStage(
  parsed: ParsedDockerfile,
  target: string | undefined,
  source: string,
): Stage {
  if (target === undefined) {
    const last = parsed.stages[parsed.stages.length - 1];
    if (!last) throw new WolfifyError('no FROM instruction', 2, source);
    return last;
  }
  const wanted = target.toLowerCase();
  const stage = parsed.stages.find((s) => s.id === wanted || String(s.index) === wanted);
  if (!stage) {
    const known = parsed.stages.map((s) => s.id).join(', ');
    throw new WolfifyError(`--target ${target}: no such stage (stages: ${known})`, 2, source);
  }
  return stage;
}

/** The stage and the stages it is built FROM, base first. */
export function stageChain(parsed: ParsedDockerfile, stage: Stage): Stage[] {
  const chain: Stage[] = [stage];
  let current = stage;
  while (current.base.kind === 'stage') {
    const ref = current.base.stage;
    const parent = parsed.stages.find((s) => s.id === ref || String(s.index) === ref);
    // The parser rejects dangling and forward references; stop rather than loop on a bad model.
    if (!parent || chain.includes(parent)) break;
    chain.unshift(parent);
    current = parent;
  }
  return chain;
}

function baseImageDecision(
  stage: Stage,
  base: BaseImageDecision,
  role: 'image' | 'build',
): PackageDecision {
  const from = stage.base.kind === 'image' ? stage.base.image.raw : 'scratch';
  return {
    from,
    manager: 'base-image',
    stage: stage.id,
    line: stage.line,
    to: role === 'image' ? base.runtime : [...base.runtime, ...base.build],
    target: role,
    rule: base.rule,
  };
}

function decidePackage(
  name: string,
  manager: PackageManager,
  stage: string,
  line: number,
  target: 'image' | 'build',
  ctx: MapContext,
  findings: Finding[],
): PackageDecision {
  const mapping = mapPackage(name, MANAGER_FAMILY[manager], ctx);
  const where = { line, stage };
  const decision = { from: name, manager, stage, line };
  switch (mapping.kind) {
    case 'mapped':
      return { ...decision, to: mapping.to, target, rule: mapping.rule };
    case 'dropped':
      findings.push(finding('WF204', `${name} is not needed in Wolfi: ${mapping.reason}`, where));
      return { ...decision, to: [], target: 'dropped', rule: mapping.rule };
    case 'private':
      if (ctx.repositories.some(isPrivateRepository)) {
        return { ...decision, to: mapping.to, target, rule: mapping.rule };
      }
      findings.push(
        finding(
          'WF205',
          `${name} → ${mapping.to.join(', ')} moved from public Wolfi to Chainguard's private repository on ${mapping.on}; left out`,
          where,
          {
            hint: "Add your organisation's repository: --repository https://apk.cgr.dev/<org> (and its keyring), or a mapping of your own with --rules.",
          },
        ),
      );
      return { ...decision, to: [], target: 'dropped', rule: mapping.rule };
    case 'unknown': {
      const suggestions = mapping.suggestions.length
        ? `; did you mean ${mapping.suggestions.map((s) => `\`${s}\``).join(', ')}?`
        : '';
      findings.push(
        finding(
          'WF203',
          `no Wolfi package for ${manager} package \`${name}\`${suggestions}`,
          where,
          {
            hint: 'Map it in a rule file (--rules) or drop it there with a reason.',
          },
        ),
      );
      return { ...decision, to: [], target: 'dropped', rule: mapping.rule };
    }
  }
}

export function isPrivateRepository(url: string): boolean {
  return url.startsWith('https://apk.cgr.dev/');
}

function supplyChainFindings(analysis: StageAnalysis): Finding[] {
  const stage = analysis.stage.id;
  const out: Finding[] = [];
  for (const fact of analysis.facts) out.push(...downloadFindings(fact, stage));
  for (const instruction of analysis.stage.instructions) {
    if (instruction.kind !== 'add') continue;
    const urls = instruction.sources.filter((s) => /^https?:\/\//.test(s));
    if (urls.length > 0 && !instruction.checksum) {
      out.push(
        finding(
          'WF403',
          `ADD ${urls.join(' ')} is not verified with --checksum`,
          { line: instruction.line, stage },
          {
            hint: 'Fetch it in melange with `uses: fetch` and `expected-sha256`, or add --checksum=sha256:….',
          },
        ),
      );
    }
  }
  return out;
}

function downloadFindings(fact: RunFact, stage: string): Finding[] {
  const where = { line: fact.line, stage };
  if (fact.kind === 'repository') {
    return [
      finding('WF404', `third-party package source: ${fact.text}`, where, {
        hint: 'Wolfi images trust only the repositories and keys listed in apko.yaml; find the package in Wolfi or add its repository there.',
      }),
    ];
  }
  if (fact.kind !== 'download') return [];
  const url = fact.url ?? '(unknown URL)';
  if (fact.pipedTo) {
    return [
      finding(
        'WF401',
        `${fact.tool} ${url} is piped into ${fact.pipedTo} without verification`,
        where,
        {
          hint: 'Install the software from a Wolfi package, or fetch it in melange with a pinned checksum.',
        },
      ),
    ];
  }
  if (!fact.verified) {
    return [
      finding('WF402', `${fact.tool} ${url} downloads without a checksum check`, where, {
        hint: 'Verify the download (sha256sum -c) or fetch it in melange with `expected-sha256`.',
      }),
    ];
  }
  return [];
}
