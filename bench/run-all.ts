// bench/run-all.ts: `npm run bench`: this machine's floors first, then every benchmark, each
// beside the floor it is measured against, printed as aligned tables with units.

import { measureFloors } from '../src/bench/floors.js';
import { formatFloors } from '../src/bench/floors-format.js';
import { benchAppslMicro, formatAppslMicro } from './appsl-micro.js';
import { benchBufferPool, formatBufferPoolBench } from './buffer-pool.js';
import { benchDispatch, formatDispatchBench } from './graph-dispatch.js';
import { benchSvmMicro, formatSvmMicro } from './svm-micro.js';
import { benchSvmMq, formatSvmMqBench } from './svm-mq.js';
import { benchVirtualSpeed, formatVirtualSpeed } from './virtual-speed.js';
import { benchCostModel, formatCostModel } from './cost-model.js';

const out = process.stdout;
out.write('== raw floors of this machine (src/bench/floors.ts) ==\n');
out.write(formatFloors(await measureFloors({ quick: false })));
out.write('\n== node dispatch (bench/graph-dispatch.ts) ==\n');
out.write('1 polling input node + 3 internal nodes per main loop, one frame of N vectors; the floor is\n');
out.write('the same per-vector work in plain JS. Real clock, one thread.\n');
out.write(formatDispatchBench(await benchDispatch()));
out.write('\n== svm message queue on two real threads (bench/svm-mq.ts) ==\n');
out.write(formatSvmMqBench(await benchSvmMq()));
out.write('\n== svm micro-benchmarks, one thread (bench/svm-micro.ts) ==\n');
out.write(formatSvmMicro(benchSvmMicro()));
out.write('\n== appsl-rx-mqs-input per message, one thread (bench/appsl-micro.ts) ==\n');
out.write(formatAppslMicro(benchAppslMicro()));
out.write('\n== vlib buffer pool, one thread (bench/buffer-pool.ts) ==\n');
out.write(formatBufferPoolBench(benchBufferPool()));
out.write('\n== virtual time: simulated dispatches per second of wall time (bench/virtual-speed.ts) ==\n');
out.write(formatVirtualSpeed(benchVirtualSpeed()));
out.write('\n== the virtual clock\'s cost model, measured in real mode (bench/cost-model.ts) ==\n');
out.write(formatCostModel(await benchCostModel(false)));
