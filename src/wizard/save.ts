import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';
import { answersKey, CONFIG_FILE_NAME } from '../config.js';
import { writeOutputs } from '../workspace/files.js';

// Recording the wizard's answers in `.wolfify.yaml`, so that `convert` and `batch` reproduce
// the same files without asking. The user's own keys and comments stay as they were:
// the file is edited through the yaml Document API, never rebuilt from scratch.

/** What a human decided for one Dockerfile, in the shape `.wolfify.yaml` records it. */
export interface AnswersToSave {
  /** Distro package name → Wolfi names, or null for "drop". In the order asked. */
  packages: [string, string[] | null][];
  /** `NAME` or `NAME:UID`, or null to leave it to the Dockerfile and the config. */
  user: string | null;
  /** Keep root for an image designed to start as root (or not); null: not asked. */
  keepRoot?: boolean | null;
  archs: string[] | null;
  /** Relative to the config file. */
  outDir: string;
  /** A base no rule knows → the Wolfi runtime packages it provides ([]: none). In the order asked. */
  runtimes?: [string, string[]][];
}

export interface ConfigUpdate {
  /** Replace the top-level repositories and keyring (empty lists remove the keys). */
  repositories?: { repositories: string[]; keyring: string[] };
  /** Build args to set at the top level (they apply to every Dockerfile). */
  buildArgs?: Record<string, string>;
  /** Keyed by the Dockerfile's path relative to the config file. */
  answers?: Map<string, AnswersToSave>;
}

/** The config text with the update applied. Pure; `original` null means there is no file yet. */
export function updateConfigText(original: string | null, update: ConfigUpdate): string {
  const doc = parseDocument(original ?? '');
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  if (update.repositories) {
    setOrDelete(doc, 'repositories', update.repositories.repositories);
    setOrDelete(doc, 'keyring', update.repositories.keyring);
  }
  for (const [name, value] of Object.entries(update.buildArgs ?? {})) {
    if (!isMap(doc.get('buildArgs'))) doc.set('buildArgs', doc.createNode({}));
    // A string node: `3.10` must stay "3.10", not become the number 3.1.
    doc.setIn(['buildArgs', name], doc.createNode(value));
  }
  for (const [path, answers] of update.answers ?? []) {
    if (!isMap(doc.get('answers'))) doc.set('answers', doc.createNode({}));
    const map = doc.get('answers') as YAMLMap;
    // An existing entry may spell the path differently (`./api/Dockerfile`): keep its key.
    const existing = map.items.find(
      (pair) => isScalar(pair.key) && answersKey(String(pair.key.value)) === answersKey(path),
    );
    const key = existing && isScalar(existing.key) ? String(existing.key.value) : path;
    map.set(key, answersNode(doc, answers));
  }
  const text = doc.toString({ lineWidth: 0 });
  return text === '{}\n' ? '' : text;
}

function setOrDelete(doc: Document, key: string, values: string[]): void {
  if (values.length === 0) doc.delete(key);
  else doc.set(key, doc.createNode(values));
}

function answersNode(doc: Document, answers: AnswersToSave) {
  const entry: Record<string, unknown> = {};
  if (answers.packages.length > 0) {
    entry['packages'] = Object.fromEntries(
      answers.packages.map(([name, to]) => [
        name,
        to === null ? 'drop' : to.length === 1 ? to[0] : to,
      ]),
    );
  }
  if (answers.user !== null) entry['user'] = answers.user;
  if (answers.keepRoot !== null && answers.keepRoot !== undefined)
    entry['keepRoot'] = answers.keepRoot;
  if (answers.archs !== null) entry['archs'] = answers.archs;
  if (answers.runtimes && answers.runtimes.length > 0)
    entry['runtimes'] = Object.fromEntries(
      answers.runtimes.map(([image, to]) => [
        image,
        to.length === 0 ? 'none' : to.length === 1 ? to[0] : to,
      ]),
    );
  entry['outDir'] = answers.outDir;
  const node = doc.createNode(entry);
  const archs = node.get('archs', true);
  // `archs: [x86_64, aarch64]` reads better on one line, like the examples in docs/rules.md.
  if (isSeq(archs)) archs.flow = true;
  return node;
}

/** Write the config atomically (temporary file, then rename) into `dir`. */
export async function saveConfigText(dir: string, text: string): Promise<string> {
  const [path] = await writeOutputs(dir, [{ path: CONFIG_FILE_NAME, content: text }], {
    force: true,
  });
  return path ?? CONFIG_FILE_NAME;
}
