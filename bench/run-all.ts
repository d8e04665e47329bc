// bench/run-all.ts: `npm run bench`: every benchmark, each beside the floor it is measured
// against, printed as aligned tables with units.

import { benchDispatch, formatDispatchBench } from './graph-dispatch.js';

const out = process.stdout;
out.write('== node dispatch (bench/graph-dispatch.ts) ==\n');
out.write('1 polling input node + 3 internal nodes per main loop, one frame of N vectors; the floor is\n');
out.write('the same per-vector work in plain JS. Real clock, one thread.\n');
out.write(formatDispatchBench(await benchDispatch()));
