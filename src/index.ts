// The library entry: `import { convert } from 'wolfify'`.
export { convert, type ConvertOptions } from './convert.js';
export { renderFiles, renderApkoYaml } from './generate/files.js';
export {
  rewriteDockerfile,
  type DockerfileRewrite,
  type DockerfileRewriteOptions,
} from './dockerfile/index.js';
export { WolfifyError } from './errors.js';
export { FINDING_KINDS, type FindingId } from './findings.js';
export type * from './model.js';
