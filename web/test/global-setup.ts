import { buildWeb } from '../../scripts/build-web.mjs';

/** `npm test` serves the current console without a prior manual build (skipped when unchanged). */
export default function setup(): void {
  buildWeb({ quiet: true });
}
