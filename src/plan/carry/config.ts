// Configuration edits: `sed -i`, `echo >`/`>>`, `tee`, `printf >`, heredocs into files.
// A file the application's own build creates is edited in that build. A file a Wolfi
// package owns cannot be shipped again by another package (apk refuses the conflict): the
// edit becomes a drop-in in the package's include directory where one exists (PHP reads
// every .ini of its conf.d after php.ini), else it is an error naming the file and owner.

import { posix } from 'node:path';
import { finding } from '../../findings.js';
import { dropped, localePackages } from './distro.js';
import { inPackageLines, packagePath } from './files.js';
import {
  carry,
  programOf,
  runsStep,
  scriptLine,
  type Carry,
  type CarryCommand,
  type CarryContext,
} from './model.js';

interface Owner {
  /** Paths (prefixes end with `/`) of configuration that Wolfi's package installs. */
  paths: readonly string[];
  owner: string;
  /** Where the package reads drop-ins, and the extension they need; null when it has none. */
  dropIn: { dir: string; extension: string } | null;
}

/** Configuration of Docker's official images and Debian packages, and where Wolfi keeps it. */
const OWNED: readonly Owner[] = [
  {
    paths: [
      '/usr/local/etc/php/php.ini',
      '/usr/local/etc/php/php.ini-production',
      '/usr/local/etc/php/php.ini-development',
      '/etc/php.ini',
      '/etc/php/',
    ],
    owner: 'php',
    dropIn: { dir: '/etc/php/conf.d', extension: '.ini' },
  },
  {
    paths: [
      '/usr/local/etc/php-fpm.conf',
      '/usr/local/etc/php-fpm.d/',
      '/etc/php-fpm.conf',
      '/etc/php-fpm.d/',
    ],
    owner: 'php-fpm',
    dropIn: { dir: '/etc/php/php-fpm.d', extension: '.conf' },
  },
  {
    paths: ['/etc/nginx/nginx.conf', '/etc/nginx/mime.types', '/etc/nginx/fastcgi_params'],
    owner: 'nginx',
    dropIn: null,
  },
  {
    paths: [
      '/etc/apache2/apache2.conf',
      '/etc/apache2/ports.conf',
      '/etc/apache2/httpd.conf',
      '/usr/local/apache2/conf/httpd.conf',
      '/etc/httpd/conf/httpd.conf',
    ],
    owner: 'apache2',
    dropIn: null,
  },
  {
    paths: [
      '/etc/redis/redis.conf',
      '/etc/postgresql/',
      '/etc/mysql/my.cnf',
      '/etc/ssh/sshd_config',
    ],
    owner: 'its server package',
    dropIn: null,
  },
];

/** Include directories: a new file there is the application's own drop-in, no conflict. */
const DROP_IN_DIRS: Readonly<Record<string, string>> = {
  '/usr/local/etc/php/conf.d': '/etc/php/conf.d',
  '/etc/nginx/conf.d': '/etc/nginx/conf.d',
  '/etc/nginx/http.d': '/etc/nginx/http.d',
  '/etc/apache2/conf-available': '/etc/apache2/conf.d',
  '/etc/apache2/conf-enabled': '/etc/apache2/conf.d',
  '/etc/apache2/conf.d': '/etc/apache2/conf.d',
};

function ownerOf(path: string): Owner | null {
  return (
    OWNED.find((o) => o.paths.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p))) ??
    null
  );
}

/** The files a command writes: redirection target, tee's files, sed -i's operands. */
export function editedFiles(cmd: CarryCommand, workdir: string): string[] {
  const program = programOf(cmd.argv);
  const abs = (p: string) => posix.resolve(workdir, p);
  if (cmd.writes && !cmd.writes.path.startsWith('/dev/')) return [abs(cmd.writes.path)];
  if (program === 'tee')
    return cmd.argv
      .slice(1)
      .filter((a) => !a.startsWith('-'))
      .map(abs);
  if (
    program === 'sed' &&
    cmd.argv.some((a) => /^-[a-zA-Z]*i/.test(a) || a.startsWith('--in-place'))
  ) {
    const args = cmd.argv.slice(1);
    const explicit = args.some((a) => a === '-e' || a === '--expression' || a === '-f');
    const operands: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] ?? '';
      if (a === '-e' || a === '--expression' || a === '-f') i++;
      else if (!a.startsWith('-')) operands.push(a);
    }
    return (explicit ? operands : operands.slice(1)).map(abs);
  }
  return [];
}

/** `s|^;*memory_limit = .*|memory_limit = 512M|` → `memory_limit = 512M`: the setting a sed writes. */
function sedSettings(argv: readonly string[]): string[] | null {
  const scripts: string[] = [];
  const args = argv.slice(1);
  const explicit = args.some((a) => a === '-e' || a === '--expression');
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-e' || a === '--expression') scripts.push(args[++i] ?? '');
    else if (!explicit && !a.startsWith('-') && scripts.length === 0) scripts.push(a);
  }
  const out: string[] = [];
  for (const script of scripts.flatMap((s) => s.split(/;\s*(?=s)/))) {
    const delimiter = script[1];
    if (script[0] !== 's' || !delimiter) return null;
    const parts = script.slice(2).split(delimiter);
    const replacement = parts[1];
    // Back-references (&, \1) depend on the file's text: not a setting on its own.
    if (replacement === undefined || /[&]|\\\d/.test(replacement)) return null;
    out.push(replacement);
  }
  return out.length > 0 ? out : null;
}

export function carryConfigEdit(cmd: CarryCommand, ctx: CarryContext): Carry | null {
  const files = editedFiles(cmd, ctx.workdir);
  if (files.length === 0) return null;
  const file = files[0] as string;
  const where = { line: cmd.line, stage: ctx.stage };
  if (file === '/etc/locale.gen') {
    const text = `${cmd.argv.join(' ')}\n${cmd.stdin ?? ''}`;
    const named = [...text.matchAll(/\b([a-z]{2,3}_[A-Z]{2}(?:\.[A-Za-z0-9-]+)?)/g)].map(
      (m) => m[1] as string,
    );
    const { packages } = localePackages(named, ctx);
    return packages.length > 0
      ? carry('package', `${packages.join(', ')} in the image`, { imagePackages: packages })
      : carry('unneeded', "Wolfi's glibc locale packages come generated");
  }
  if (['/etc/passwd', '/etc/group', '/etc/shadow'].includes(file))
    return dropped(cmd, ctx, `edits ${file}`, 'Declare the user or group in the apko accounts.');
  if (!ctx.inImage) return null;
  // A new file in an include directory: the application's own drop-in.
  const dir = DROP_IN_DIRS[posix.dirname(file)];
  if (dir) return write(cmd, ctx, posix.join(dir, posix.basename(file)), `a drop-in in ${dir}`);
  const owner = ownerOf(file);
  if (!owner) return null;
  if (owner.dropIn) {
    const target = posix.join(
      owner.dropIn.dir,
      `90-wolfify-line-${cmd.line}${owner.dropIn.extension}`,
    );
    const settings = programOf(cmd.argv) === 'sed' ? sedSettings(cmd.argv) : null;
    const writesText = cmd.writes !== null || programOf(cmd.argv) === 'tee';
    if (settings || writesText) {
      const carried = settings
        ? write(
            {
              ...cmd,
              argv: ['printf', '%s\\n', ...settings],
              writes: { path: target, append: false },
            },
            ctx,
            target,
            `a drop-in in ${owner.dropIn.dir}`,
          )
        : write(cmd, ctx, target, `a drop-in in ${owner.dropIn.dir}`);
      carried.findings.push(
        finding(
          'WF345',
          `${file} belongs to Wolfi's ${owner.owner}: the edit is the drop-in ${target}`,
          where,
          {
            hint: settings
              ? 'The sed replacement text is written as the setting; check it reads as one.'
              : undefined,
          },
        ),
      );
      return carried;
    }
  }
  const override = allowOverride(cmd, file, ctx);
  if (override) return override;
  return carry('dropped', `${file} belongs to Wolfi's ${owner.owner}`, {
    findings: [
      finding(
        'WF344',
        `\`${cmd.text}\` edits ${file}, which Wolfi's ${owner.owner} package installs; another package cannot ship it too`,
        where,
        {
          hint: owner.dropIn
            ? `Write the setting into a file in ${owner.dropIn.dir} instead.`
            : `Ship the whole file from your own package with \`replaces: [${owner.owner}]\`, or configure it another way (a file in its include directory).`,
        },
      ),
    ],
  });
}

/** The `<Directory>` sections of Debian's apache2.conf that set `AllowOverride None`. */
const DEBIAN_APACHE_DIRECTORIES = ['/', '/usr/share', '/var/www/'];

/**
 * `sed -i 's/AllowOverride None/AllowOverride All/' /etc/apache2/apache2.conf` (.htaccess for
 * the site): the same sections with the new value, in a drop-in Wolfi's apache2 includes.
 */
function allowOverride(cmd: CarryCommand, file: string, ctx: CarryContext): Carry | null {
  if (file !== '/etc/apache2/apache2.conf' || programOf(cmd.argv) !== 'sed') return null;
  const settings = sedSettings(cmd.argv);
  const value = settings?.length === 1 ? /^AllowOverride\s+(.+)$/.exec(settings[0] ?? '') : null;
  if (!value) return null;
  const target = `/etc/apache2/conf.d/90-wolfify-line-${cmd.line}.conf`;
  const text = DEBIAN_APACHE_DIRECTORIES.map(
    (d) => `<Directory ${d}>\n    AllowOverride ${value[1] ?? ''}\n</Directory>`,
  ).join('\n');
  const carried = write(
    { ...cmd, argv: ['cat'], writes: { path: target, append: false }, stdin: `${text}\n` },
    ctx,
    target,
    'a drop-in in /etc/apache2/conf.d',
  );
  carried.findings.push(
    finding(
      'WF345',
      `${file} belongs to Wolfi's apache2: the AllowOverride sections the sed changes are the drop-in ${target}`,
      { line: cmd.line, stage: ctx.stage },
    ),
  );
  return carried;
}

/** The same write, into `target` in the package. */
function write(cmd: CarryCommand, ctx: CarryContext, target: string, detail: string): Carry {
  const program = programOf(cmd.argv);
  const dest = ctx.inImage ? packagePath(target, ctx.appDir ?? ctx.workdir, ctx.transient) : target;
  let lines: string[];
  if (program === 'sed') lines = inPackageLines(cmd.argv, ctx);
  else if (program === 'tee')
    lines = [
      `${cmd.pipedFrom ? `${scriptLine(cmd.pipedFrom)} | ` : ''}${scriptLine(
        cmd.argv.slice(0, 1).concat(
          cmd.argv.slice(1).filter((a) => a.startsWith('-')),
          [dest],
        ),
      )}${heredoc(cmd)}`,
    ];
  else {
    const op = cmd.writes?.append ? '>>' : '>';
    lines = [`${scriptLine(cmd.argv)} ${op} ${scriptLine([dest])}${heredoc(cmd)}`];
  }
  return carry('melange', detail, {
    steps: [
      runsStep(`${program} into ${target} (line ${cmd.line})`, [
        scriptLine(['mkdir', '-p', posix.dirname(dest)]),
        ...lines,
      ]),
    ],
  });
}

function heredoc(cmd: CarryCommand): string {
  if (cmd.stdin === null) return '';
  let marker = 'WOLFIFY_EOF';
  while (cmd.stdin.split('\n').includes(marker)) marker += '_';
  return ` <<'${marker}'\n${cmd.stdin.replace(/\n$/, '')}\n${marker}`;
}

/** An edit of the application's own file (or one no Wolfi package owns): the same command, in the package. */
export function carryOwnEdit(cmd: CarryCommand, ctx: CarryContext): Carry | null {
  const files = editedFiles(cmd, ctx.workdir);
  if (files.length === 0) return null;
  const file = files[0] as string;
  return write(
    cmd,
    ctx,
    file,
    ctx.inImage ? `edits ${file} in the package` : 'a step of the build',
  );
}
