// apko's default PATH: where the image finds a program named without a slash.

/** apko's own default PATH; `$PATH` in an ENV line stands for it. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/bin:/usr/sbin:/sbin:/bin';
/** Its directories, in search order. */
export const DEFAULT_PATH_DIRECTORIES: readonly string[] = DEFAULT_PATH.split(':');
