import type { Paint } from '../report/paint.js';

// A unified diff of a file on disk against what the wizard would write, coloured like
// `git diff`. The diff package is loaded only when there is something to compare.

export async function coloredDiff(
  path: string,
  before: string,
  after: string,
  paint: Paint,
): Promise<string> {
  const { createTwoFilesPatch } = await import('diff');
  const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, '', '', {
    context: 3,
  });
  return patch
    .split('\n')
    .filter((line) => !line.startsWith('===='))
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return paint('bold', line);
      if (line.startsWith('@@')) return paint('cyan', line);
      if (line.startsWith('+')) return paint('green', line);
      if (line.startsWith('-')) return paint('red', line);
      return line;
    })
    .join('\n')
    .trimEnd();
}
