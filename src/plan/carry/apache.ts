// Debian's Apache helpers in Wolfi terms. `a2enmod`, `a2enconf` and `a2ensite` link files
// into mods-enabled/, conf-enabled/ and sites-enabled/; Wolfi's apache2 has no such helpers
// and reads drop-ins from /etc/apache2/conf.d/*.conf. The modules of the Apache HTTP Server
// itself are all in Wolfi's apache2 package: enabling one is its LoadModule line, copied at
// build time from the package's own httpd.conf (so the path is the package's, and a module
// the package does not build fails the build instead of the container's start). Modules
// packaged on their own (mod-auth-openidc, php-X.Y-apache) are those packages.

import { finding } from '../../findings.js';
import { dropped } from './distro.js';
import {
  carry,
  inPackage,
  programOf,
  runsStep,
  scriptWord,
  type Carry,
  type CarryCommand,
  type CarryContext,
} from './model.js';

/** Where Wolfi's apache2 keeps its configuration, and the directory it includes. */
const HTTPD_CONF = '/etc/apache2/httpd.conf';
const CONF_D = '/etc/apache2/conf.d';
const MODULES_DROP_IN = `${CONF_D}/00-wolfify-modules.conf`;

/** The modules of httpd 2.4's own source tree (modules/*): all built into Wolfi's apache2. */
const HTTPD_MODULES = new Set(
  (
    'access_compat actions alias allowmethods asis auth_basic auth_digest auth_form authn_anon ' +
    'authn_core authn_dbd authn_dbm authn_file authn_socache authnz_fcgi authnz_ldap authz_core ' +
    'authz_dbd authz_dbm authz_groupfile authz_host authz_owner authz_user autoindex brotli ' +
    'buffer cache cache_disk cache_socache cern_meta cgi cgid charset_lite data dav dav_fs ' +
    'dav_lock dbd deflate dialup dir dumpio echo env expires ext_filter file_cache filter ' +
    'headers heartbeat heartmonitor http2 ident imagemap include info lbmethod_bybusyness ' +
    'lbmethod_byrequests lbmethod_bytraffic lbmethod_heartbeat ldap log_config log_debug ' +
    'log_forensic logio lua macro md mime mime_magic negotiation proxy proxy_ajp ' +
    'proxy_balancer proxy_connect proxy_express proxy_fcgi proxy_fdpass proxy_ftp proxy_hcheck ' +
    'proxy_html proxy_http proxy_http2 proxy_scgi proxy_uwsgi proxy_wstunnel ratelimit ' +
    'reflector remoteip reqtimeout request rewrite sed session session_cookie session_crypto ' +
    'session_dbd setenvif slotmem_plain slotmem_shm socache_dbm socache_memcache socache_redis ' +
    'socache_shmcb speling ssl status substitute suexec unique_id unixd userdir usertrack ' +
    'version vhost_alias watchdog xml2enc'
  ).split(' '),
);

/** What Debian's a2enmod enables with a module (its .load files' dependencies). */
const DEPENDS: Readonly<Record<string, readonly string[]>> = {
  ssl: ['socache_shmcb'],
  cache_disk: ['cache'],
  cache_socache: ['cache'],
  proxy_balancer: ['proxy', 'slotmem_shm'],
  session_cookie: ['session'],
  session_crypto: ['session'],
  session_dbd: ['session', 'dbd'],
  authn_dbd: ['dbd'],
  authnz_ldap: ['ldap'],
  xml2enc: [],
  proxy_html: ['xml2enc'],
  dav_fs: ['dav'],
  dav_lock: ['dav'],
};

/** Configurations and sites that are Debian's own, with nothing in Wolfi to enable. */
const DEBIAN_CONFS = new Set([
  'charset',
  'localized-error-pages',
  'other-vhosts-access-log',
  'security',
  'serve-cgi-bin',
  'javascript-common',
  'default-ssl',
]);

export function carryApache(cmd: CarryCommand, ctx: CarryContext): Carry | null {
  const program = programOf(cmd.argv);
  const names = cmd.argv
    .slice(1)
    .filter((a) => !a.startsWith('-'))
    .map((a) => a.replace(/\.(load|conf)$/, ''));
  switch (program) {
    case 'a2enmod':
      return enableModules(names, cmd, ctx);
    case 'a2enconf':
      return enableConfig(names, 'conf-available', cmd, ctx);
    case 'a2ensite':
      return enableConfig(names, 'sites-available', cmd, ctx);
    case 'a2dissite':
      return names.every((n) => n === '000-default' || DEBIAN_CONFS.has(n))
        ? carry('unneeded', "Wolfi's apache2 has none of Debian's default sites")
        : dropped(
            cmd,
            ctx,
            `disables the site ${names.join(', ')}`,
            `Leave the site's file out of ${CONF_D}.`,
          );
    case 'a2disconf':
      return names.every((n) => DEBIAN_CONFS.has(n))
        ? carry('unneeded', "Wolfi's apache2 has none of Debian's conf-available files")
        : dropped(
            cmd,
            ctx,
            `disables the configuration ${names.join(', ')}`,
            `Leave its file out of ${CONF_D}.`,
          );
    case 'a2dismod':
      return dropped(
        cmd,
        ctx,
        `unloads ${names.join(', ')}, which Wolfi's httpd.conf may load`,
        `A package cannot edit ${HTTPD_CONF}: ship your own httpd.conf with \`replaces: [apache2-config]\`, or keep the module.`,
      );
    default:
      return null;
  }
}

function enableModules(names: readonly string[], cmd: CarryCommand, ctx: CarryContext): Carry {
  const where = { line: cmd.line, stage: ctx.stage };
  const mpm = names.find((n) => n.startsWith('mpm_'));
  if (mpm)
    return dropped(
      cmd,
      ctx,
      `switches Apache to ${mpm}`,
      `Only one MPM can be loaded and Wolfi's ${HTTPD_CONF} picks it: ship your own httpd.conf with \`replaces: [apache2-config]\`.`,
    );
  const builtIn: string[] = [];
  const packages: string[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    if (HTTPD_MODULES.has(name)) {
      for (const m of [...(DEPENDS[name] ?? []), name]) if (!builtIn.includes(m)) builtIn.push(m);
      continue;
    }
    const pkg = modulePackage(name, ctx);
    if (pkg) packages.push(pkg);
    else unknown.push(name);
  }
  if (unknown.length > 0)
    return dropped(
      cmd,
      ctx,
      `enables ${unknown.join(', ')}, which neither Wolfi's apache2 nor a Wolfi package provides`,
      `Build the module with melange against apache2-dev and load it from a file in ${CONF_D}${suggest(unknown, ctx)}.`,
    );
  const apache2 = ctx.catalog.resolve('apache2');
  const image = [...(builtIn.length > 0 && apache2 ? [apache2] : []), ...packages];
  const target = inPackage(MODULES_DROP_IN);
  // The package's own LoadModule line, uncommented; a module it loads already is left alone.
  const lines =
    builtIn.length === 0
      ? []
      : [
          `mkdir -p ${scriptWord(inPackage(CONF_D))}`,
          `for m in ${builtIn.join(' ')}; do`,
          `  if grep -q "^LoadModule \${m}_module " ${HTTPD_CONF}; then continue; fi`,
          `  line=$(grep -m 1 "^#LoadModule \${m}_module " ${HTTPD_CONF})`,
          `  printf '%s\\n' "\${line#\\#}" >> ${scriptWord(target)}`,
          'done',
        ];
  return carry(
    lines.length > 0 ? 'melange' : 'package',
    lines.length > 0
      ? `LoadModule lines in ${MODULES_DROP_IN}`
      : `${packages.join(', ')} in the image`,
    {
      imagePackages: image,
      buildPackages: builtIn.length > 0 && apache2 ? [apache2] : [],
      steps: lines.length > 0 ? [runsStep(`a2enmod (line ${cmd.line})`, lines)] : [],
      findings: [
        finding(
          'WF350',
          `a2enmod ${names.join(' ')}: ${[
            ...(builtIn.length > 0
              ? [`${builtIn.join(', ')} from Wolfi's apache2, loaded in ${MODULES_DROP_IN}`]
              : []),
            ...(packages.length > 0 ? [`the package ${packages.join(', ')}`] : []),
          ].join('; ')}`,
          where,
        ),
      ],
    },
  );
}

/** `auth_openidc` → mod-auth-openidc, `php8.2`/`php` → php-8.2-apache: names the catalog has. */
function modulePackage(name: string, ctx: CarryContext): string | null {
  const php = /^php(\d)?(?:\.?(\d+))?$/.exec(name);
  if (php) {
    const version =
      php[1] && php[2]
        ? `${php[1]}.${php[2]}`
        : ctx.runtime?.name === 'php'
          ? ctx.runtime.version
          : null;
    return (
      (version ? ctx.catalog.resolve(`php-${version}-apache`) : null) ??
      ctx.catalog.resolve('php-apache')
    );
  }
  return ctx.catalog.resolve(`mod-${name.replaceAll('_', '-')}`);
}

/** The application's conf-available/ or sites-available/ file, moved where Wolfi reads it. */
function enableConfig(
  names: readonly string[],
  from: 'conf-available' | 'sites-available',
  cmd: CarryCommand,
  ctx: CarryContext,
): Carry {
  const debian = names.filter((n) => DEBIAN_CONFS.has(n) || n === '000-default');
  if (debian.length > 0)
    return dropped(
      cmd,
      ctx,
      `enables ${debian.join(', ')}, Debian's own Apache configuration`,
      `Write the settings you need into a .conf file of your package in ${CONF_D}.`,
    );
  const lines = [
    `mkdir -p ${scriptWord(inPackage(CONF_D))}`,
    // Written straight into conf.d already (a drop-in), or moved from where Debian keeps it.
    ...names.map((n) => {
      const there = scriptWord(inPackage(`${CONF_D}/${n}.conf`));
      return `test -f ${there} || mv ${scriptWord(inPackage(`/etc/apache2/${from}/${n}.conf`))} ${there}`;
    }),
  ];
  return carry('melange', `moved into ${CONF_D}, which Wolfi's apache2 includes`, {
    steps: [runsStep(`${programOf(cmd.argv)} (line ${cmd.line})`, lines)],
    findings: [
      finding(
        'WF350',
        `${programOf(cmd.argv)} ${names.join(' ')}: the package ships ${names.map((n) => `${CONF_D}/${n}.conf`).join(', ')}`,
        { line: cmd.line, stage: ctx.stage },
      ),
    ],
  });
}

function suggest(names: readonly string[], ctx: CarryContext): string {
  const found = [...new Set(names.flatMap((n) => ctx.catalog.suggest(`mod-${n}`)))];
  return found.length > 0 ? ` (similar Wolfi names: ${found.join(', ')})` : '';
}
