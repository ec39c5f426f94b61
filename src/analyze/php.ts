import type { RunFact } from '../model.js';

// The official php images compile extensions in RUN steps (`docker-php-ext-install intl`,
// `pecl install redis`, `install-php-extensions gd`); in Wolfi each extension is a package.

export interface PhpExtensionRequest {
  /** The extension as written (`pdo_pgsql`, `redis-6.1.0`). */
  name: string;
  /** The command that asked for it. */
  via: string;
  line: number;
}

/** `-j "$(nproc)"`: the job count is the option's value, not an extension. */
function withoutJobs(args: readonly string[]): readonly string[] {
  return args.filter((a, i) => a !== '-j' && args[i - 1] !== '-j');
}

const INSTALLERS: Record<string, (args: readonly string[]) => readonly string[]> = {
  'docker-php-ext-install': withoutJobs,
  'install-php-extensions': (args) => args,
  // `pecl install redis` — other pecl verbs install nothing.
  pecl: (args) => (args[0] === 'install' ? args.slice(1) : []),
};

/** Extensions a stage's RUN steps install, in order. Flags such as `-j$(nproc)` are skipped. */
export function phpExtensionRequests(facts: readonly RunFact[]): PhpExtensionRequest[] {
  const out: PhpExtensionRequest[] = [];
  for (const fact of facts) {
    if (fact.kind !== 'command') continue;
    const [command = '', ...args] = fact.argv;
    const via = command.split('/').pop() ?? command;
    const names = INSTALLERS[via]?.(args) ?? [];
    for (const name of names) if (!name.startsWith('-')) out.push({ name, via, line: fact.line });
  }
  return out;
}

/** True for the commands whose whole effect is installing extensions (Wolfi packages instead). */
export function isPhpExtensionInstall(fact: RunFact): boolean {
  if (fact.kind !== 'command') return false;
  const [command = '', verb] = fact.argv;
  const name = command.split('/').pop();
  return (
    name === 'docker-php-ext-install' ||
    name === 'docker-php-ext-enable' ||
    name === 'docker-php-ext-configure' ||
    name === 'install-php-extensions' ||
    (name === 'pecl' && verb === 'install')
  );
}
