// A size is a range: the figure, and how far off it can be. A measured figure is off by
// its rounding; an estimate by the errors that kind of estimate showed against measured
// images (the calibration in rules/base-images.json, documented in docs/size-model.md).

import type { Calibration } from './data.js';

export interface Figure {
  bytes: number;
  low: number;
  high: number;
}

export function exact(bytes: number): Figure {
  return { bytes, low: bytes, high: bytes };
}

export function sum(figures: readonly Figure[]): Figure {
  let bytes = 0;
  let low = 0;
  let high = 0;
  for (const f of figures) {
    bytes += f.bytes;
    low += f.low;
    high += f.high;
  }
  return { bytes, low, high };
}

/**
 * A raw estimate corrected by the calibration's factor, with the range the remaining
 * errors (truth ÷ estimate) span. The range always holds the figure itself.
 */
export function calibrated(raw: number, calibration: Calibration): Figure {
  const bytes = Math.round(raw * calibration.factor);
  return widened(exact(bytes), calibration);
}

/** A figure made wider by the errors of an estimate built on it. */
export function widened(figure: Figure, calibration: Pick<Calibration, 'low' | 'high'>): Figure {
  return {
    bytes: figure.bytes,
    low: Math.round(figure.low * Math.min(1, calibration.low)),
    high: Math.round(figure.high * Math.max(1, calibration.high)),
  };
}

/** The difference of two ranges: the smallest and largest it can be. */
export function difference(a: Figure, b: Figure): Figure {
  return { bytes: a.bytes - b.bytes, low: a.low - b.high, high: a.high - b.low };
}

/** Relative error as people read it: `+61%`, `-13%`. */
export function percentError(estimate: number, truth: number): string {
  const e = ((estimate - truth) / truth) * 100;
  return `${e > 0 ? '+' : ''}${e.toFixed(0)}%`;
}
