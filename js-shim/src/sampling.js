// Cost control: samplePercent decides once per tab session whether it is
// recorded, and the answer holds on every page load of that session.
import { sampleDraw, ignoreSampling } from './session.js';

// sampled says whether this session is recorded at percent (0-100).
// start({ignoreSampling: true}) overrides it for the rest of the session. At
// 0 and 100 the draw is not even needed.
export function sampled(percent) {
  if (percent >= 100 || ignoreSampling()) return true;
  if (percent <= 0) return false;
  return sampleDraw() < percent;
}
