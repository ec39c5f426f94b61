// Hardening limits. A Dockerfile is small; these only stop hostile or broken
// input from making the parser slow or hungry. Each one is reported as a
// WolfifyError naming the limit, never a crash.

import { WolfifyError } from '../errors.js';

/** Larger input is refused before dockerfile-ast sees it (it needs ~3 s per MiB). */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;

/** One expanded value (an ARG chain that doubles at each step reaches this fast). */
export const MAX_VALUE_LENGTH = 64 * 1024;

/** All variable substitutions of one parse together, so many mid-size values stay linear. */
export const MAX_TOTAL_EXPANSION = 32 * 1024 * 1024;

/** `${A:-${B:-…}}` nesting; deeper input would only exhaust the stack. */
export const MAX_NESTING = 64;

/**
 * Variables copied into RUN `env` snapshots and inherited stage environments.
 * Scope copies are shared while nothing changes, but ENV/RUN/ENV/RUN… would otherwise be quadratic.
 */
export const MAX_SCOPE_COPIES = 500_000;

/** The refusal of input past MAX_INPUT_BYTES, the same whether reading or parsing found it. */
export function inputTooLarge(fileName: string | null): WolfifyError {
  return new WolfifyError(
    `the Dockerfile is larger than ${kib(MAX_INPUT_BYTES)}; refusing to parse it`,
    2,
    fileName,
  );
}

export function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;
}
