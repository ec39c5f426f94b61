// How one COPY or ADD is installed: into the build's sandbox, where later steps read it,
// or into the package, at its path in the image. What melange cannot do as Docker did is
// said (WF509, WF511, WF349) and left out.

import { posix } from 'node:path';
import { finding } from '../findings.js';
import type { Finding, Stage } from '../model.js';
import type { CopyInstruction } from '../plan/model.js';
import {
  copyDestination,
  guessKind,
  installedPaths,
  isDirectoryDest,
  isTemporary,
  sourceKind,
  within,
} from '../plan/paths.js';
import type { ShellParser } from '../shell/index.js';
import { copyLines, target, trimSlash, type CopySource } from './melange-copy.js';
import { download, packagedDownload, type InstallerChoice } from './melange-download.js';
import { copyOwner, type ImageAccounts } from './melange-ownership.js';
import { hasSubstitution } from './melange-script.js';
import type { PackagedPath } from './melange-checks.js';
import type { StagePaths, Where } from './melange-stage-paths.js';
import { quoteWord } from './quote.js';

export interface CopyInstallerInput extends InstallerChoice {
  /** The final image's stages, base first: their later RUNs may read what a copy put in /tmp. */
  chain: readonly Stage[];
  shell: ShellParser;
}

/** What installing copies adds to the package's build. */
export interface CopyEffects {
  findings: Finding[];
  /** Packages of the build's environment (a Wolfi package that replaces a download). */
  envPackages: Set<string>;
  /** Packages the image needs for what it copied. */
  imagePackages: Set<string>;
  /** Files of `ADD <url>` that now link to a Wolfi package's command. */
  links: Set<string>;
}

export class CopyInstaller {
  constructor(
    private readonly input: CopyInstallerInput,
    private readonly paths: StagePaths,
    private readonly accounts: ImageAccounts,
    /** wolfify's output directory inside the build context (`wolfi`), or null. */
    private readonly outputDir: string | null,
    private readonly effects: CopyEffects,
  ) {}

  /**
   * Multi-stage images: each copy straight from the build (or workspace) into the package.
   * `consumed`: files a built-in pipeline installed already (their owner and mode are left).
   */
  installDirect(
    copies: { copy: CopyInstruction; stage: Stage; image?: boolean }[],
    consumed: ReadonlySet<string>,
  ): { lines: string[]; packaged: PackagedPath[]; count: number } {
    const lines: string[] = [];
    const packaged: PackagedPath[] = [];
    let count = 0;
    for (const { copy, stage, image = true } of copies) {
      const where = { line: copy.line, stage: stage.id };
      const workdir = this.paths.workdirAt(stage, copy);
      const built = copy.sources.length === 1 ? posix.resolve('/', copy.sources[0] as string) : '';
      if (copy.from && consumed.has(built)) {
        // The built-in pipeline installed it; only owner and mode are left to set.
        const dest = posix.resolve(workdir, copy.dest);
        const file = copy.dest.endsWith('/') ? posix.join(dest, posix.basename(built)) : dest;
        const owner = image ? copyOwner(copy, where, this.accounts, this.effects.findings) : null;
        if (owner) lines.push(`chown ${owner} ${target(file, true)}`);
        if (copy.chmod) lines.push(`chmod ${quoteWord(copy.chmod)} ${target(file, true)}`);
        packaged.push({ path: file, where });
        count++;
        continue;
      }
      const copied = this.copyInstruction(copy, workdir, true, where, image);
      if (copied.length > 0) count++;
      if (copied.length > 0)
        packaged.push(...installedPaths(copy, workdir).map(([path]) => ({ path, where })));
      lines.push(...copied);
    }
    return { lines, packaged, count };
  }

  /** Shell lines for one COPY/ADD, into the build (`intoPackage` false) or the package. */
  copyInstruction(
    copy: CopyInstruction,
    workdir: string,
    intoPackage: boolean,
    where: Where,
    image = intoPackage,
  ): string[] {
    const skip = (why: string): string[] => {
      this.effects.findings.push(
        finding(
          'WF509',
          `${copy.kind.toUpperCase()} ${copy.sources.join(' ')} ${copy.dest}: ${why}`,
          where,
        ),
      );
      return [];
    };
    // The text as written: `${{build.goarch}}` in the paths is wolfify's own (TARGETARCH).
    if (hasSubstitution(copy.raw))
      return skip('contains "${{", which melange would substitute; not packaged');
    if ([copy.dest, ...copy.sources].some((p) => p.includes('$')))
      return skip('the path holds a variable wolfify cannot resolve; not packaged');
    const resolved = copyDestination(copy, workdir);
    const dest = resolved === '/' || !isDirectoryDest(copy) ? resolved : `${resolved}/`;
    // The image's own steps read it there (`COPY requirements.txt /tmp/` then `pip install -r
    // /tmp/requirements.txt`): the build's sandbox gets it at the same path; the package cannot.
    if (intoPackage && isTemporary(dest) && image && this.readByImageRun(copy, workdir)) {
      this.effects.findings.push(
        finding(
          'WF349',
          `${copy.kind.toUpperCase()} into ${dest}: the build's steps read it from there; the image does not get it (a package cannot ship /tmp or /run)`,
          where,
          {
            hint: 'If the application reads it at run time, copy it to a directory outside /tmp and /run.',
          },
        ),
      );
      return this.copyInstruction(copy, workdir, false, where, image);
    }
    if (intoPackage && isTemporary(dest)) {
      this.effects.findings.push(
        finding(
          'WF511',
          `${copy.kind.toUpperCase()} into ${dest}: a package cannot ship files under /tmp or /run (melange's tempdir lint fails the build); not packaged`,
          where,
          { hint: 'Create the file at run time, or move it out of the temporary directory.' },
        ),
      );
      return [];
    }
    if (
      this.paths.stageOf(copy.from) &&
      copy.sources.some((src) => posix.resolve('/', src) === '/')
    )
      return skip(
        `copies the whole file system of stage ${copy.from ?? ''}; copy the directories the image needs instead`,
      );
    const stageCopy = this.paths.stageOf(copy.from) !== null;
    // Owners matter for what the image gets; in a builder stage melange runs everything as root.
    const owner = image ? copyOwner(copy, where, this.accounts, this.effects.findings) : null;
    const lines: string[] = [];
    const urls = copy.kind === 'add' ? copy.sources.filter((s) => /^https?:\/\//.test(s)) : [];
    for (const url of urls)
      lines.push(
        ...(this.packagedDownload(url, dest, intoPackage, image, where) ??
          download(url, copy, dest, intoPackage, owner, where, this.effects.findings)),
      );
    const local = copy.sources.filter((s) => !urls.includes(s));
    const sources: CopySource[] = [];
    for (const source of local) {
      if (stageCopy) {
        const path = posix.resolve('/', source);
        sources.push({ path, kind: sourceKind(source, copy.from) });
        continue;
      }
      const path = posix.normalize(source.replace(/^\/+/, '') || '.');
      if (path === '..' || path.startsWith('../'))
        return skip('the source is outside the build context');
      if (copy.kind === 'add' && /\.(tar|tgz|tar\.\w+|txz|tbz2?)$/.test(path))
        return skip('ADD would unpack this archive; unpack it in a melange step instead');
      sources.push({ path, kind: guessKind(path) });
    }
    if (stageCopy && !intoPackage && sources.length === 1 && sources[0]?.path === trimSlash(dest))
      return lines; // stages share one build sandbox: the files are already there
    if (sources.length > 0)
      lines.push(
        ...copyLines({
          sources,
          dest,
          owner,
          mode: copy.chmod,
          intoPackage,
          outputDir: this.outputDir,
        }),
      );
    for (const doc of copy.heredocs) {
      const file = dest.endsWith('/') ? posix.join(dest, doc.name) : dest;
      lines.push(
        `mkdir -p ${target(posix.dirname(file), intoPackage)}`,
        `printf '%s' ${quoteWord(doc.content)} > ${target(file, intoPackage)}`,
      );
      if (owner) lines.push(`chown ${owner} ${target(file, intoPackage)}`);
      if (copy.chmod) lines.push(`chmod ${quoteWord(copy.chmod)} ${target(file, intoPackage)}`);
    }
    return lines;
  }

  /** A later RUN of the image's stages names a path the copy put there (as a word of a command). */
  private readByImageRun(copy: CopyInstruction, copyWorkdir: string): boolean {
    const paths = installedPaths(copy, copyWorkdir).map(([p]) => p);
    // A use of the file or of something under it; `rm -rf /tmp/*` names neither.
    const touches = (word: string, workdir: string) =>
      !word.includes('$') &&
      !word.startsWith('-') &&
      paths.some((p) => within(posix.resolve(workdir, word), p));
    for (const stage of this.input.chain) {
      let workdir = this.paths.initialWorkdir(stage);
      for (const i of stage.instructions) {
        if (i.kind === 'workdir') workdir = this.paths.imageWorkdir(i.path, stage);
        if (i.line <= copy.line || i.kind !== 'run' || i.command.form === 'exec') continue;
        const words = this.input.shell
          .commands(i.script, i.env)
          .commands.flatMap((c) => [...c.argv.slice(1), ...c.redirects.map((r) => r.target.value)]);
        if (words.some((w) => touches(w, workdir))) return true;
      }
    }
    return false;
  }

  /** `ADD <url>` that a Wolfi package replaces: in the build, and in the image when it gets it. */
  private packagedDownload(
    url: string,
    dest: string,
    intoPackage: boolean,
    image: boolean,
    where: Where,
  ): string[] | null {
    const replaced = packagedDownload(
      url,
      dest,
      intoPackage,
      where,
      this.input,
      this.effects.findings,
    );
    if (!replaced) return null;
    this.effects.envPackages.add(replaced.package);
    if (image) this.effects.imagePackages.add(replaced.package);
    if (replaced.link) this.effects.links.add(replaced.link);
    return replaced.lines;
  }
}
