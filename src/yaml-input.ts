import { LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { WolfifyError } from './errors.js';

// Every YAML file wolfify reads (rule files, .wolfify.yaml, installer rules) is parsed here:
// syntax errors and alias bombs become one WolfifyError with the file and line, and readers
// get the line of any node for their own messages.

export interface YamlInput {
  doc: Document;
  /** 1-based line of a node (1 when it has no position). */
  line(node: unknown): number;
  /** Throw the WolfifyError for a problem at a node. */
  fail(node: unknown, message: string): never;
}

/**
 * Parse YAML text. `maxAliases` expands every alias once with that limit, which refuses a
 * "billion laughs" document before any reader walks it; null leaves aliases unexpanded for
 * readers that refuse them where they appear.
 */
export function readYaml(text: string, file: string, maxAliases: number | null): YamlInput {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const line = (node: unknown): number => {
    const offset = (node as YamlNode | null | undefined)?.range?.[0];
    return offset === undefined ? 1 : lines.linePos(offset).line;
  };
  const firstError = doc.errors[0];
  if (firstError) {
    const at = firstError.linePos?.[0]?.line ?? lines.linePos(firstError.pos[0]).line;
    throw new WolfifyError(`invalid YAML: ${firstError.message.split('\n')[0]}`, 2, file, at);
  }
  if (maxAliases !== null) {
    try {
      doc.toJS({ maxAliasCount: maxAliases });
    } catch (e) {
      throw new WolfifyError(`invalid YAML: ${(e as Error).message}`, 2, file);
    }
  }
  return {
    doc,
    line,
    fail(node: unknown, message: string): never {
      throw new WolfifyError(message, 2, file, line(node));
    },
  };
}
