// Distro mechanics: what Debian/Alpine/Fedora tools achieve, in Wolfi terms. Locales are
// glibc locale packages; the CA bundle is a package; ldconfig and passwords have nothing
// left to do in an apko image; a .deb of software Wolfi ships is that package; Debian's
// alternatives are symlinks. What has no Wolfi equivalent is an error with the way out.

import { posix } from 'node:path';
import { finding } from '../../findings.js';
import { carry, programOf, type Carry, type CarryCommand, type CarryContext } from './model.js';

/** `en_US.UTF-8` → `en`; C and POSIX are built into glibc. */
export function localeLanguage(locale: string): string | null {
  const lang = /^([a-z]{2,3})(_[A-Z]{2})?([.@].*)?$/.exec(locale.trim())?.[1];
  return lang ?? null;
}

/** glibc locale packages for locales (`en_US.UTF-8`), from the catalog; unknown ones are reported. */
export function localePackages(
  locales: readonly string[],
  ctx: CarryContext,
): { packages: string[]; unknown: string[] } {
  const packages = new Set<string>();
  const unknown: string[] = [];
  for (const locale of locales) {
    if (/^(C|POSIX)([.].*)?$/i.test(locale)) continue;
    const lang = localeLanguage(locale);
    const name = lang ? ctx.catalog.resolve(`glibc-locale-${lang}`) : null;
    if (name) packages.add(name);
    else unknown.push(locale);
  }
  return { packages: [...packages], unknown };
}

function locales(found: readonly string[], cmd: CarryCommand, ctx: CarryContext): Carry {
  // `locale-gen` without names generates /etc/locale.gen's; ENV LANG/LC_ALL name the ones used.
  const wanted =
    found.length > 0 ? found : [ctx.env.LC_ALL, ctx.env.LANG].filter((l): l is string => !!l);
  const { packages, unknown } = localePackages(wanted, ctx);
  if (unknown.length > 0)
    return carry('dropped', `no Wolfi locale package for ${unknown.join(', ')}`, {
      findings: [
        finding(
          'WF343',
          `\`${cmd.text}\` generates ${unknown.join(', ')}, which no Wolfi glibc locale package provides`,
          { line: cmd.line, stage: ctx.stage },
          {
            hint: 'Install glibc-locales (every locale) in the image, or use C.UTF-8.',
          },
        ),
      ],
    });
  if (packages.length === 0) {
    // `sed -i '/de_DE.UTF-8/s/^# //' /etc/locale.gen && locale-gen`: the edit names them.
    const edited = cmd.run.some(
      (argv, i) => i !== cmd.index && argv.slice(1).includes('/etc/locale.gen'),
    );
    return carry(
      'unneeded',
      found.length > 0
        ? 'C.UTF-8 and POSIX are built into glibc'
        : edited
          ? "generates what /etc/locale.gen names; that edit of the same RUN brings the locales' packages"
          : '/etc/locale.gen names no locale until it is edited; C.UTF-8 is built into glibc',
    );
  }
  return carry('package', `${packages.join(', ')} in the image`, {
    imagePackages: packages,
    findings: [
      finding('WF347', `${wanted.join(', ')}: Wolfi's ${packages.join(', ')} provide the locale`, {
        line: cmd.line,
        stage: ctx.stage,
      }),
    ],
  });
}

function localeNames(argv: readonly string[]): string[] {
  const program = programOf(argv);
  const args = argv.slice(1);
  if (program === 'locale-gen') return args.filter((a) => !a.startsWith('-'));
  // localedef -i en_US -f UTF-8 en_US.UTF-8: the last operand is the locale's name.
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (['-i', '-f', '--inputfile', '--charmap', '-A', '--alias-file', '--prefix'].includes(a)) i++;
    else if (!a.startsWith('-')) operands.push(a);
  }
  return operands.slice(-1);
}

/**
 * `echo "tzdata tzdata/Areas select Europe" | debconf-set-selections`: most answers only
 * silence Debian's install questions, but the time zone and the locales to generate are
 * what the image is then set up with; those are carried as their Wolfi equivalents.
 */
function debconf(cmd: CarryCommand, ctx: CarryContext): Carry {
  const text = cmd.stdin ?? (cmd.pipedFrom ? cmd.pipedFrom.slice(1).join(' ') : '');
  const answers = new Map<string, string>();
  // One selection a line: `owner question type value…`.
  for (const line of text.split('\n')) {
    const [, question, , ...value] = line.trim().split(/\s+/);
    if (question) answers.set(question, value.join(' '));
  }
  // `tzdata/Zones/Europe select Berlin` names the zone whole; `tzdata/Areas` only its area.
  const zone = [...answers].find(([q]) => q.startsWith('tzdata/Zones/'));
  if (zone) return timezone(`${zone[0].slice('tzdata/Zones/'.length)}/${zone[1]}`, cmd, ctx);
  if (answers.has('tzdata/Areas'))
    return carry('unneeded', 'the area alone sets no zone; tzdata/Zones/… names it');
  const generated = answers.get('locales/locales_to_be_generated');
  if (generated) {
    const names = generated.split(',').map((l) => (l.trim().split(/\s+/)[0] ?? '').trim());
    return locales(names.filter(Boolean), cmd, ctx);
  }
  const lang = answers.get('locales/default_environment_locale');
  if (lang) return locales([lang], cmd, ctx);
  if (text === '' && !cmd.stdin)
    return dropped(
      cmd,
      ctx,
      'answers Debian install questions wolfify cannot read',
      'Feed the selections on the same line (`echo "…" | debconf-set-selections`), or set up what they choose by hand.',
    );
  return carry('unneeded', "answers Debian's install questions; Wolfi packages ask none");
}

/**
 * The time zone Debian's tzdata is configured with → /etc/localtime. `dpkg-reconfigure tzdata`
 * without one left (no debconf answer, no TZ) keeps /etc/localtime, which the RUN's own
 * `ln -s … /etc/localtime` sets (apko paths), or UTC as in Wolfi.
 */
function timezone(zone: string | null, cmd: CarryCommand, ctx: CarryContext): Carry {
  const linked = cmd.run.some(
    (argv) => programOf(argv) === 'ln' && argv[argv.length - 1] === '/etc/localtime',
  );
  const wanted = linked ? null : (zone ?? ctx.env.TZ ?? null);
  const tzdata = ctx.catalog.resolve('tzdata');
  if (!wanted)
    return carry(
      'unneeded',
      linked
        ? 'the /etc/localtime link of the same RUN sets the zone (apko paths)'
        : 'keeps the zone tzdata has, UTC, as Wolfi does',
    );
  return carry('apko', `apko paths: /etc/localtime → ${wanted}, with tzdata`, {
    imagePackages: tzdata ? [tzdata] : [],
    paths: [
      {
        path: '/etc/localtime',
        type: 'symlink',
        source: `/usr/share/zoneinfo/${wanted}`,
        permissions: 0o755,
      },
    ],
  });
}

/** `foo_1.2-3_amd64.deb` → `foo`. */
function debName(file: string): string {
  return (
    posix
      .basename(file)
      .replace(/\.deb$/, '')
      .split('_')[0] ?? ''
  );
}

function dpkgInstall(argv: readonly string[], cmd: CarryCommand, ctx: CarryContext): Carry {
  const files = argv.slice(1).filter((a) => a.endsWith('.deb'));
  const names = files.map(debName);
  const resolved = names.map((n) => ctx.catalog.resolve(n));
  if (files.length > 0 && resolved.every((r) => r !== null)) {
    const packages = resolved as string[];
    return carry('package', `${packages.join(', ')} in the image`, {
      imagePackages: packages,
      findings: [
        finding(
          'WF346',
          `${files.join(', ')}: Wolfi packages the same software (${packages.join(', ')})`,
          { line: cmd.line, stage: ctx.stage },
        ),
      ],
    });
  }
  const missing = names.filter((_, i) => resolved[i] === null);
  return dropped(
    cmd,
    ctx,
    `installs ${files.join(', ') || 'a Debian package file'}`,
    missing.length > 0
      ? `Wolfi has no ${missing.join(', ')}; build it with melange from its source${suggest(missing, ctx)}.`
      : 'Name the package file so wolfify can find the Wolfi package, or build it with melange.',
  );
}

function suggest(names: readonly string[], ctx: CarryContext): string {
  const found = [...new Set(names.flatMap((n) => ctx.catalog.suggest(n)))];
  return found.length ? ` (similar Wolfi names: ${found.join(', ')})` : '';
}

export function dropped(cmd: CarryCommand, ctx: CarryContext, what: string, how: string): Carry {
  return carry('dropped', `${what}; ${how}`, {
    findings: [
      finding(
        'WF343',
        `\`${cmd.text}\` ${what}, and the image would lack it`,
        { line: cmd.line, stage: ctx.stage },
        { hint: how },
      ),
    ],
  });
}

const DEBIAN_MULTIARCH =
  /-(amd64|arm64|i386|armhf|ppc64el|s390x)(\/|$)|\/(x86_64|aarch64|i386|arm)-linux-gnu(eabihf)?(\/|$)/;

/** `update-alternatives --install LINK NAME PATH PRIORITY` is a symlink LINK → PATH. */
function alternatives(argv: readonly string[], cmd: CarryCommand, ctx: CarryContext): Carry {
  const at = argv.indexOf('--install');
  const link = argv[at + 1];
  const path = argv[at + 3];
  // Debian's multiarch directories (java-17-openjdk-amd64, x86_64-linux-gnu) are not Wolfi's.
  if (at >= 0 && path && DEBIAN_MULTIARCH.test(path))
    return dropped(
      cmd,
      ctx,
      `links ${link ?? ''} to ${path}, a path of Debian's package layout that Wolfi's packages do not have`,
      "Link to the Wolfi package's file instead (see `apk info -L <package>`), or leave it out when the package puts the command on PATH already.",
    );
  if (at >= 0 && link?.startsWith('/') && path?.startsWith('/'))
    return carry('apko', `apko paths: symlink ${link} → ${path}`, {
      paths: [{ path: link, type: 'symlink', source: path }],
    });
  if (argv.includes('--set') || argv.includes('--config'))
    return dropped(
      cmd,
      ctx,
      'picks a Debian alternative',
      'Wolfi has no alternatives system: link the command you want with an apko paths symlink.',
    );
  return carry('unneeded', 'only reads the Debian alternatives');
}

export function carryDistro(cmd: CarryCommand, ctx: CarryContext): Carry | null {
  const argv = cmd.argv;
  const program = programOf(argv);
  switch (program) {
    case 'locale-gen':
    case 'localedef':
      return locales(localeNames(argv), cmd, ctx);
    case 'dpkg-reconfigure':
      if (argv.includes('locales')) return locales([], cmd, ctx);
      if (argv.includes('tzdata')) return timezone(null, cmd, ctx);
      return carry('unneeded', 'reconfigures a Debian package; Wolfi packages come configured');
    case 'update-locale':
      return carry(
        'unneeded',
        'writes /etc/default/locale, which only login shells read; the image sets LANG in its environment',
      );
    case 'update-ca-certificates': {
      const pkg =
        ctx.catalog.resolve('ca-certificates-bundle') ?? ctx.catalog.resolve('ca-certificates');
      return pkg
        ? carry('package', `${pkg} in the image`, { imagePackages: [pkg] })
        : dropped(cmd, ctx, 'builds the CA bundle', 'Install ca-certificates-bundle.');
    }
    case 'ldconfig':
      return carry('unneeded', "apk runs ldconfig's trigger when it installs libraries");
    case 'chpasswd':
    case 'passwd':
      return carry('unneeded', 'apko accounts have no password: nobody logs in to the container');
    case 'debconf-set-selections':
      return debconf(cmd, ctx);
    case 'dpkg':
      if (argv.includes('-i') || argv.includes('--install')) return dpkgInstall(argv, cmd, ctx);
      if (
        argv.some(
          (a) => a.startsWith('--print-architecture') || a === '-l' || a === '-L' || a === '-s',
        )
      )
        return carry('unneeded', 'only prints what dpkg knows');
      return dropped(
        cmd,
        ctx,
        'runs dpkg',
        'Wolfi has no dpkg: install the Wolfi package instead.',
      );
    case 'dpkg-divert':
      return dropped(
        cmd,
        ctx,
        "moves a Debian package's file aside",
        'Wolfi has no dpkg-divert: ship your file from your own package with `replaces:` naming the owner.',
      );
    case 'update-alternatives':
    case 'alternatives':
      return alternatives(argv, cmd, ctx);
    case 'docker-php-ext-install':
    case 'docker-php-ext-enable':
    case 'docker-php-ext-configure':
    case 'docker-php-source':
    case 'pecl':
    case 'install-php-extensions':
      return carry(
        'package',
        'the php-X.Y-<extension> packages replace it (see the packages table)',
      );
    default:
      return null;
  }
}
