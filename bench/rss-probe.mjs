// Preloaded (`node --import`) into the stateward process the bench measures: when that process exits, for
// whatever reason, its peak resident set size (kB, from getrusage) goes to the file named by BENCH_RSS_FILE.
// getrusage is exact and needs no polling, and /usr/bin/time is not on every machine.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
