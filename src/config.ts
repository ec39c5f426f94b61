// `.wolfify.yaml`: the project's defaults for every conversion, and the answers a human
// gave the wizard for each Dockerfile. Pure: text in, a typed config out; finding and
// reading the file is the front ends' job (src/workspace/config.ts).
//
//   rules: [my-rules.yaml]          rule files, relative to this file (before --rules)
//   builtinRules: false             leave out the rules shipped with wolfify
//   repositories: [https://…]       extra apk repositories (before --repository)
//   keyring: [https://…/key.pub]    their signing keys (before --keyring)
//   archs: [x86_64, aarch64]
//   user: app:10001                 the non-root user the image runs as
//   keepRoot: true
//   buildArgs: {PYTHON_VERSION: '3.12'}
//   target: runtime                 the stage that becomes the image
//   name: my-app                    the melange package name
//   failOn: warning                 error | warning | never
//   bases: {acme/base: base/Dockerfile}   images built in this repository, and by which
//                                   Dockerfile (relative to this file): FROM acme/base builds on it
//   answers:                        per Dockerfile (relative to this file): the wizard's decisions
//     services/api/Dockerfile:
//       packages: {libfoo1: foo, python3-distutils: drop}
//       user: api:10001
//       keepRoot: true                an image designed to start as root keeps it (false: never)
//       runtimes: {ghcr.io/acme/tools: python-3.12, acme/base: none}   what a base no rule
//                                     knows provides (the Wolfi runtime packages, or none)
//       archs: [x86_64]
//       outDir: services/api/wolfi

import { posix } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import { readYaml, type YamlInput } from './yaml-input.js';
import { blankImageRule, emptyRuleSet, PACKAGE_FAMILIES, type RuleSet } from './map/rules.js';

export const CONFIG_FILE_NAME = '.wolfify.yaml';

export type FailOn = 'error' | 'warning' | 'never';
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never'];

export interface UserSpec {
  name: string;
  uid: number | null;
}

/** One package decision from the wizard: Wolfi names, or null to drop it. */
export interface PackageAnswer {
  to: string[] | null;
  line: number;
}

/** What a human decided for one Dockerfile. */
export interface DockerfileAnswers {
  packages: Map<string, PackageAnswer>;
  user: UserSpec | null;
  /** Keep root (an image designed to start as root), or not; null: wolfify decides. */
  keepRoot: boolean | null;
  archs: string[] | null;
  /** Relative to the config file, as written. */
  outDir: string | null;
  /** A base no rule knows (`ghcr.io/acme/tools`) → the Wolfi runtime packages it provides ([]: none). */
  runtimes: Map<string, PackageAnswer & { to: string[] }>;
}

export interface WolfifyConfig {
  /** The config file's name as given, for messages and rule sources. */
  file: string;
  /** Rule files as written (relative to the config file). */
  rules: string[];
  builtinRules: boolean | null;
  repositories: string[];
  keyring: string[];
  archs: string[] | null;
  user: UserSpec | null;
  keepRoot: boolean | null;
  buildArgs: Record<string, string>;
  target: string | null;
  name: string | null;
  failOn: FailOn | null;
  /** Image name → the Dockerfile that builds it, relative to the config file. */
  bases: Record<string, string>;
  /** Keyed by the Dockerfile's path relative to the config file, POSIX-style, normalised. */
  answers: Map<string, DockerfileAnswers>;
}

export const CONFIG_KEYS = [
  'rules',
  'builtinRules',
  'repositories',
  'keyring',
  'archs',
  'user',
  'keepRoot',
  'buildArgs',
  'target',
  'name',
  'failOn',
  'bases',
  'answers',
] as const;
const ANSWER_KEYS = ['packages', 'user', 'keepRoot', 'archs', 'outDir', 'runtimes'] as const;

// A config is a few dozen lines: anything aliasing more than this is an expansion attack.
const MAX_ALIASES = 50;

export function emptyConfig(file: string): WolfifyConfig {
  return {
    file,
    rules: [],
    builtinRules: null,
    repositories: [],
    keyring: [],
    archs: null,
    user: null,
    keepRoot: null,
    buildArgs: {},
    target: null,
    name: null,
    failOn: null,
    bases: {},
    answers: new Map(),
  };
}

/** `name` or `name:uid`, uid not 0 (root is `keepRoot`); null when malformed. */
export function parseUserSpec(spec: string): UserSpec | null {
  const [name = '', uid, extra] = spec.split(':');
  if (extra !== undefined || !/^[a-z_][a-z0-9_-]*$/i.test(name)) return null;
  if (uid === undefined) return { name, uid: null };
  if (!/^\d+$/.test(uid) || Number(uid) === 0) return null;
  return { name, uid: Number(uid) };
}

/** The key `answers` uses for a Dockerfile path relative to the config file. */
export function answersKey(path: string): string {
  const normal = posix.normalize(path.replace(/\\/g, '/'));
  return normal.startsWith('./') ? normal.slice(2) : normal;
}

// ---------------------------------------------------------------- reading

class ConfigReader {
  constructor(
    private readonly input: YamlInput,
    private readonly doc: Document,
  ) {}

  line(node: YamlNode | null | undefined): number {
    return this.input.line(node);
  }

  fail(node: YamlNode | null | undefined, message: string): never {
    return this.input.fail(node, message);
  }

  /** Follow an alias to the node it names (anchors are allowed; bombs were refused earlier). */
  deref(node: unknown): YamlNode | null {
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) this.fail(node, `unknown alias *${node.source}`);
      return target as YamlNode;
    }
    return (node ?? null) as YamlNode | null;
  }

  entries(
    raw: unknown,
    what: string,
    allowed: readonly string[] | null,
    shape: string,
  ): [string, YamlNode | null, YamlNode][] {
    const node = this.deref(raw);
    if (!isMap(node)) this.fail(node, `${what} must be a map, found ${describe(node)}; ${shape}`);
    return node.items.map((pair) => {
      const keyNode = pair.key as YamlNode;
      if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object')
        this.fail(keyNode, `${what}: keys must be plain names`);
      const key = String(keyNode.value);
      if (allowed && !allowed.includes(key))
        this.fail(
          keyNode,
          `unknown key "${key}" in ${what}; expected one of: ${allowed.join(', ')}`,
        );
      return [key, this.deref(pair.value), keyNode];
    });
  }

  /** A scalar as the user wrote it: `3.10` stays "3.10", not 3.1. */
  text(node: YamlNode | null, what: string, shape: string): string {
    if (!isScalar(node) || node.value === null || typeof node.value === 'object')
      this.fail(node, `${what} must be ${shape}, found ${describe(node)}`);
    const value = typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
    if (value.trim() === '') this.fail(node, `${what} must not be empty; expected ${shape}`);
    return value.trim();
  }

  bool(node: YamlNode | null, what: string): boolean {
    if (!isScalar(node) || typeof node.value !== 'boolean')
      this.fail(node, `${what} must be true or false, found ${describe(node)}`);
    return node.value;
  }

  list(node: YamlNode | null, what: string, item: string): string[] {
    if (!isSeq(node))
      this.fail(node, `${what} must be a list of ${item}s, found ${describe(node)}`);
    return node.items.map((x, i) => this.text(this.deref(x), `${what}[${i}]`, `a ${item}`));
  }

  user(node: YamlNode | null, what: string): UserSpec {
    const spec = this.text(node, what, 'NAME or NAME:UID');
    const user = parseUserSpec(spec);
    if (!user)
      this.fail(
        node,
        `${what} is "${spec}"; expected NAME or NAME:UID with a non-zero uid (use keepRoot: true for root)`,
      );
    return user;
  }
}

function describe(node: unknown): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node))
    return node.value === null ? 'nothing' : `${typeof node.value} ${JSON.stringify(node.value)}`;
  return 'an unexpected node';
}

function readAnswers(
  r: ConfigReader,
  node: YamlNode | null,
  config: WolfifyConfig,
): Map<string, DockerfileAnswers> {
  const out = new Map<string, DockerfileAnswers>();
  const entryShape = `expected {${ANSWER_KEYS.join(', ')}}`;
  for (const [path, value, keyNode] of r.entries(
    node,
    'answers',
    null,
    'expected Dockerfile paths (relative to the config file) as keys',
  )) {
    if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path))
      r.fail(keyNode, `answers: "${path}" must be relative to ${config.file}`);
    const what = `answers["${path}"]`;
    const answers: DockerfileAnswers = {
      packages: new Map(),
      user: null,
      keepRoot: null,
      archs: null,
      outDir: null,
      runtimes: new Map(),
    };
    for (const [key, v] of r.entries(value, what, ANSWER_KEYS, entryShape)) {
      if (key === 'packages') {
        for (const [name, target, nameNode] of r.entries(
          v,
          `${what}.packages`,
          null,
          'expected {distro-name: wolfi-name | [wolfi-names] | drop}',
        )) {
          const shape = 'a Wolfi name, a list of Wolfi names, or drop';
          const to = isSeq(target)
            ? r.list(target, `${what}.packages.${name}`, 'Wolfi name')
            : [r.text(target, `${what}.packages.${name}`, shape)];
          if (to.length === 0) r.fail(target, `${what}.packages.${name} must be ${shape}`);
          answers.packages.set(name, {
            to: to.length === 1 && to[0] === 'drop' ? null : to,
            line: r.line(nameNode),
          });
        }
      } else if (key === 'runtimes') {
        for (const [image, target, imageNode] of r.entries(
          v,
          `${what}.runtimes`,
          null,
          'expected {base-image: wolfi-name | [wolfi-names] | none}',
        )) {
          const to = isSeq(target)
            ? r.list(target, `${what}.runtimes.${image}`, 'Wolfi name')
            : [
                r.text(
                  target,
                  `${what}.runtimes.${image}`,
                  'a Wolfi name, a list of them, or none',
                ),
              ];
          answers.runtimes.set(image, {
            to: to.length === 1 && to[0] === 'none' ? [] : to,
            line: r.line(imageNode),
          });
        }
      } else if (key === 'user') answers.user = r.user(v, `${what}.user`);
      else if (key === 'keepRoot') answers.keepRoot = r.bool(v, `${what}.keepRoot`);
      else if (key === 'archs') answers.archs = r.list(v, `${what}.archs`, 'architecture');
      else answers.outDir = r.text(v, `${what}.outDir`, 'a directory');
    }
    const normal = answersKey(path);
    if (out.has(normal))
      r.fail(keyNode, `answers: "${path}" names the same Dockerfile as an earlier entry`);
    out.set(normal, answers);
  }
  return out;
}

/** Parse and validate `.wolfify.yaml` text. Throws WolfifyError with file:line on any problem. */
export function parseConfig(text: string, file: string): WolfifyConfig {
  // Aliases are expanded once, with a small limit: a "billion laughs" file is refused here.
  const input = readYaml(text, file, MAX_ALIASES);
  const { doc } = input;
  const config = emptyConfig(file);
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null))
    return config;
  const r = new ConfigReader(input, doc);
  const topShape = `expected keys: ${CONFIG_KEYS.join(', ')}`;
  for (const [key, value] of r.entries(doc.contents, 'the config', CONFIG_KEYS, topShape)) {
    switch (key as (typeof CONFIG_KEYS)[number]) {
      case 'rules':
        config.rules = r.list(value, 'rules', 'rule file');
        break;
      case 'builtinRules':
        config.builtinRules = r.bool(value, 'builtinRules');
        break;
      case 'repositories':
        config.repositories = r.list(value, 'repositories', 'repository URL');
        break;
      case 'keyring':
        config.keyring = r.list(value, 'keyring', 'key URL');
        break;
      case 'archs':
        config.archs = r.list(value, 'archs', 'architecture');
        break;
      case 'user':
        config.user = r.user(value, 'user');
        break;
      case 'keepRoot':
        config.keepRoot = r.bool(value, 'keepRoot');
        break;
      case 'bases':
        for (const [name, v] of r.entries(
          value,
          'bases',
          null,
          'expected {IMAGE: path/to/Dockerfile}',
        ))
          config.bases[name] = r.text(v, `bases.${name}`, 'a Dockerfile path');
        break;
      case 'buildArgs':
        for (const [name, v] of r.entries(value, 'buildArgs', null, 'expected {NAME: value}'))
          config.buildArgs[name] =
            isScalar(v) && v.value === '' ? '' : r.text(v, `buildArgs.${name}`, 'a value');
        break;
      case 'target':
        config.target = r.text(value, 'target', 'a stage name');
        break;
      case 'name':
        config.name = r.text(value, 'name', 'a package name');
        break;
      case 'failOn': {
        const v = r.text(value, 'failOn', FAIL_ON.join(' | '));
        if (!(FAIL_ON as readonly string[]).includes(v))
          r.fail(value, `failOn is "${v}"; expected one of: ${FAIL_ON.join(', ')}`);
        config.failOn = v as FailOn;
        break;
      }
      case 'answers':
        config.answers = readAnswers(r, value, config);
        break;
    }
  }
  return config;
}

/**
 * The package answers for one Dockerfile as a rule set, to merge last: a human's decision
 * wins over every rule. The answer does not say which package manager, so it applies to all.
 */
export function answersRuleSet(answers: DockerfileAnswers, file: string): RuleSet {
  const set = emptyRuleSet();
  set.files.push(file);
  for (const [name, answer] of answers.packages) {
    const at = { file, line: answer.line, builtin: false };
    for (const family of PACKAGE_FAMILIES) {
      const rules = set.packages[family];
      if (answer.to === null)
        rules.drop.set(name, { reason: `dropped by your answer in ${file}`, at });
      else rules.map.set(name, { to: answer.to, note: `your answer in ${file}`, at });
    }
  }
  // A base no rule knows: an image rule of its own, with the runtime the human named.
  for (const [image, answer] of answers.runtimes) {
    set.images.set(`answer:${image}`, {
      // As without the answer: the tag's family, or unknown (each package manager says its own).
      ...blankImageRule(`answer:${image}`, { file, line: answer.line, builtin: false }),
      match: [image],
      runtime: answer.to,
      note: `your answer in ${file}`,
    });
  }
  return set;
}
