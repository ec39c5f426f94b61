import { Document, Scalar } from 'yaml';

/** An octal file mode that apko and melange (yaml.v3) read back exactly: `0o755`. */
export function fileMode(mode: number): Scalar<number> {
  const scalar = new Scalar(mode);
  scalar.format = 'OCT';
  return scalar;
}

/**
 * Serialise a config through the `yaml` Document API, so every value is quoted as needed
 * (`"1.10"`, `"@local ./packages"`, `"*x"`) and key order is the object's own order.
 */
export function toYaml(value: unknown, header: string[]): string {
  const doc = new Document(value);
  doc.commentBefore = header.map((line) => ` ${line}`).join('\n');
  // Never fold double-quoted strings over lines: yaml 2.9 folds "a\n \n\rb" into text that
  // reads back as "a\n\\\n…" (test/hardening/roundtrip.test.ts); escapes on one line are exact.
  return doc.toString({ lineWidth: 0, doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER });
}
