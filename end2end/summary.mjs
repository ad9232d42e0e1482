// Prints the plain closing line CI reads: "end2end: N passed, N failed".
import { readFileSync } from 'node:fs';
const stats = JSON.parse(readFileSync(new URL('./.tmp/results.json', import.meta.url))).stats;
const failed = stats.unexpected + stats.flaky;
console.log(`end2end: ${stats.expected} passed, ${failed} failed`);
process.exit(failed === 0 && stats.expected > 0 ? 0 : 1);
