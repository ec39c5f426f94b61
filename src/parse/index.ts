// The parse step: Dockerfile text → ParsedDockerfile (src/model.ts).

export { parseDockerfile, type ParseOptions } from './dockerfile.js';
export { parseImageRef } from './image-ref.js';
export { expandVariables } from './expand.js';
