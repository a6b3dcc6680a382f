export {
  type FakeAtticCache,
  type FakeAtticOptions,
  FakeAtticServer,
  type SeedPath,
  type UploadRecord,
} from './fake-attic';
export { type CachedObject, normaliseNarHash, renderNarinfo } from './narinfo';
export {
  type AtticPermission,
  type CacheRights,
  rightsFor,
  TokenAuthority,
  type TokenClaims,
} from './tokens';
