// picomatch ships no types; wolfify uses only its matcher factory.
declare module 'picomatch' {
  interface PicomatchOptions {
    dot?: boolean;
    nobrace?: boolean;
    noextglob?: boolean;
    nonegate?: boolean;
  }
  function picomatch(
    glob: string | string[],
    options?: PicomatchOptions,
  ): (path: string) => boolean;
  export default picomatch;
}
