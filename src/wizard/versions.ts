import type { Catalog } from '../catalog/catalog.js';
import { normaliseImageRef, parseTag, DEFAULT_DOCKER_HUB } from '../map/image-ref.js';
import type { RuleSet } from '../map/rules.js';
import { familyMembers } from '../map/version-family.js';
import type { Result } from '../model.js';
import { parseDockerfile } from '../parse/index.js';

// WF206: the base image asks for a version Wolfi no longer has (python:3.9 → python-3.10).
// `.wolfify.yaml` can choose another supported version only through a build arg, so the
// question is asked where the FROM tag takes its version from an ARG; a literal tag is
// the Dockerfile's own decision, and changing it is the way to choose.

export interface VersionQuestion {
  /** The image as written after expansion, e.g. `python:3.9-slim`. */
  image: string;
  requested: string;
  /** The Wolfi package convert chose, e.g. `python-3.10`. */
  current: string;
  /** Supported members of the family, oldest first. */
  members: { name: string; version: string }[];
  /** The ARG that holds the version, and its value for each member's version. */
  arg: string | null;
  argValue(version: string): string;
  lines: number[];
}

/** One question per version-family base image that WF206 flagged, merged per ARG. */
export function versionQuestions(
  result: Result,
  text: string,
  options: { buildArgs: Record<string, string>; rules: RuleSet; catalog: Catalog },
): VersionQuestion[] {
  const flagged = new Set(result.findings.filter((f) => f.id === 'WF206').map((f) => f.line));
  const out: VersionQuestion[] = [];
  const parsed = parseDockerfile(text, { buildArgs: options.buildArgs, fileName: result.source });
  for (const d of result.packages) {
    if (d.manager !== 'base-image' || !flagged.has(d.line)) continue;
    const rule = options.rules.images.get(d.rule.replace(/^images:/, '').replace(/@.*$/, ''));
    const prefix = rule?.versionFamily;
    if (!prefix) continue;
    const members = familyMembers(prefix, options.catalog.names());
    const current = d.to.find((name) => members.some((m) => m.name === name));
    const stage = parsed.stages.find((s) => s.line === d.line);
    if (!current || !stage || stage.base.kind !== 'image') continue;
    const hub = options.rules.dockerHubRegistries;
    const ref = normaliseImageRef(
      stage.base.image,
      hub.length > 0 ? hub : DEFAULT_DOCKER_HUB,
      options.rules.mirrors,
    );
    const requested = parseTag(ref.tag, new Set(options.rules.tags.keys())).version;
    if (!requested) continue;
    const found = versionArg(text, parsed.globalArgs, requested, d.line, options.buildArgs);
    const same = out.find((q) => q.arg !== null && q.arg === found?.arg);
    if (same) {
      same.lines.push(d.line);
      continue;
    }
    out.push({
      image: d.from,
      requested,
      current,
      members,
      arg: found?.arg ?? null,
      argValue: found?.value ?? ((v) => v),
      lines: [d.line],
    });
  }
  return out;
}

/** The global ARG whose value carries the tag's version: checked by parsing with another value. */
function versionArg(
  text: string,
  globalArgs: Record<string, string | null>,
  requested: string,
  line: number,
  buildArgs: Record<string, string>,
): { arg: string; value: (version: string) => string } | null {
  const probe = '99.99';
  for (const [arg, value] of Object.entries(globalArgs)) {
    if (value === null || !value.includes(requested)) continue;
    const withVersion = (version: string) => value.replace(requested, version);
    const reparsed = parseDockerfile(text, {
      buildArgs: { ...buildArgs, [arg]: withVersion(probe) },
    });
    const stage = reparsed.stages.find((s) => s.line === line);
    if (stage?.base.kind === 'image' && stage.base.image.tag?.startsWith(probe)) {
      return { arg, value: withVersion };
    }
  }
  return null;
}
