// script.js with a handleSummary(data) that writes `data` as JSON (generate-formats.sh k6's
// second run). With handleSummary defined k6 prints no text summary of its own.
import run from './script.js';

export { options } from './script.js';
export default run;

export function handleSummary(data) {
  return { [__ENV.SUMMARY_FILE]: JSON.stringify(data, null, 2) };
}
