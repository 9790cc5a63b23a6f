// The documentation module's public entry: what other modules may use.
export { canDocumentation, documentationListScope } from './policies/documentation.ts';
