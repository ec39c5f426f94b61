export type { Catalog, CatalogData, CatalogEntry, PrivateOnly } from './catalog.js';
export { catalogFromData, catalogToCompactData, catalogToData, createCatalog } from './catalog.js';
export {
  parseApkIndex,
  parseApkIndexArchive,
  readTarMember,
  type ApkIndexOptions,
} from './apkindex.js';
export { loadBuiltinCatalog } from './builtin.js';
export { catalogCachePath, loadCachedCatalog, saveCatalogCache } from './store.js';
export { compareVersions } from './version.js';
