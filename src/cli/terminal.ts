import { styleText } from 'node:util';

// One place decides about colour: only on a TTY, NO_COLOR wins, FORCE_COLOR forces it.
// (chalk 5 ignores NO_COLOR on a TTY, so colour goes through node's styleText here.)

type Style = Parameters<typeof styleText>[0];

export function colourEnabled(stream: NodeJS.WriteStream, env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

export interface Paint {
  (style: Style, text: string): string;
  enabled: boolean;
}

export function painter(enabled: boolean): Paint {
  const paint = ((style: Style, text: string) =>
    enabled ? styleText(style, text, { validateStream: false }) : text) as Paint;
  paint.enabled = enabled;
  return paint;
}
