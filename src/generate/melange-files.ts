// The file each melange build is written to: melange.yaml for the application's,
// melange-<stage>.yaml for a builder stage's, in build order.

import type { MelangeConfig, Result } from '../model.js';

/** `melange.yaml` for the application's build, `melange-<stage>.yaml` for a builder stage's. */
export function melangeFileName(name: string, appName: string): string {
  if (name === appName) return 'melange.yaml';
  const stage = name.startsWith(`${appName}-`) ? name.slice(appName.length + 1) : name;
  return `melange-${stage}.yaml`;
}

/** Each melange config with its file name, in build order. */
export function melangeFiles(
  result: Result,
): { file: string; name: string; config: MelangeConfig }[] {
  const configs =
    result.melanges.length > 0 ? result.melanges : result.melange ? [result.melange] : [];
  const nameOf = (c: MelangeConfig) =>
    String((c.package as { name?: string } | undefined)?.name ?? 'app');
  const last = configs.at(-1);
  const app = last ? nameOf(last) : 'app';
  return configs.map((config) => ({
    config,
    name: nameOf(config),
    file:
      result.melangeFiles?.[configs.indexOf(config)] ??
      (config === last ? 'melange.yaml' : melangeFileName(nameOf(config), app)),
  }));
}
