// A one-line progress counter for batch, on stderr. Only for a person watching a terminal:
// off when stderr is not a TTY, in CI (where logs keep every carriage return), and under --quiet.
// Never on stdout, which may carry JSON or SARIF.

export interface Progress {
  /** One more file done. */
  tick(source: string): void;
  /** Erase the line. */
  done(): void;
}

const NO_PROGRESS: Progress = { tick() {}, done() {} };
const BAR_WIDTH = 24;
// Redrawing on every file costs more than converting small ones.
const REDRAW_MS = 80;

export function progressEnabled(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv,
  quiet: boolean,
): boolean {
  const inCi = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return Boolean(stream.isTTY) && !inCi && !quiet;
}

export function createProgress(
  total: number,
  stream: NodeJS.WritableStream & { columns?: number },
  enabled: boolean,
  now: () => number = Date.now,
): Progress {
  if (!enabled || total === 0) return NO_PROGRESS;
  let count = 0;
  let last = 0;
  let drawn = false;
  return {
    tick(source) {
      count++;
      const time = now();
      if (count < total && time - last < REDRAW_MS) return;
      last = time;
      const line = progressLine(count, total, source, stream.columns ?? 80);
      stream.write(`\r\x1b[2K${line}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

/** `[########----------------] 12/40 services/api/Dockerfile`, cut to the terminal width. */
export function progressLine(
  count: number,
  total: number,
  source: string,
  columns: number,
): string {
  const filled = Math.round((count / total) * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${count}/${total} `;
  const room = Math.max(0, columns - bar.length - 1);
  const name = source.length > room ? `…${source.slice(source.length - room + 1)}` : source;
  return `${bar}${room > 0 ? name : ''}`;
}
