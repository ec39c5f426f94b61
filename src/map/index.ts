// The mapping step: base images and distro packages → Wolfi names, each with its rule.
export { allowsPrivate, PRIVATE_REPOSITORY_HINT, type MapContext } from './context.js';
export { mapBaseImage, type BaseImageDecision } from './images.js';
export { explainPackage, mapPackage, type PackageMapping } from './packages.js';
export { resolveVersionFamily } from './version-family.js';
