// Contributions to an image's size, and how they are shown.

export interface Part {
  name: string;
  bytes: number;
}

/** The largest parts, biggest first (ties by name, so output is stable). */
export function largest(parts: readonly Part[], count = 5): Part[] {
  return [...parts]
    .filter((p) => p.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, count);
}

/** Decimal units, as `docker images` and repo-info print them. */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  const sign = bytes < 0 ? '-' : '';
  if (abs < 1000) return `${sign}${abs} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = abs / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${sign}${value.toFixed(unit >= 2 ? 2 : 1)} ${units[unit]}`;
}
