// The mapping step: base images and distro packages → Wolfi names, each with its rule.
export {
  allowsPrivate,
  MANAGER_FAMILY,
  PRIVATE_REPOSITORY_HINT,
  PUBLIC_WOLFI_REPOSITORY,
  type MapContext,
} from './context.js';
export { type BaseImageDecision } from './images.js';
export { mapBaseImage, mapPackage, mapPhpExtension } from './memo.js';
export { phpExtensionName } from './php-extensions.js';
export { explainPackage, type PackageMapping } from './packages.js';
export { resolveVersionFamily } from './version-family.js';
