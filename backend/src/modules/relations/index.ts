// The relations module's public entry: what other modules may use.
export { tagsFor } from './queries/tags.ts';
