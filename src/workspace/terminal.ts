// One place decides about colour: only on a TTY, NO_COLOR wins, FORCE_COLOR forces it.

export function colourEnabled(stream: NodeJS.WriteStream, env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}
