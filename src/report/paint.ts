import { styleText } from 'node:util';

// Colour for reports, on or off as the front end decided (src/workspace/terminal.ts).
// chalk 5 ignores NO_COLOR on a TTY, so colour goes through node's styleText here.

type Style = Parameters<typeof styleText>[0];

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
