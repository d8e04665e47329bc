// src/session/tcp-key.ts: where each vlib thread keeps its realm's TcpMain.

import { VmDataKey } from '../../graph/main-loop.js';
import type { TcpMain } from './tcp-main.js';

/** `vm.getData (kTcpMain)`: this thread's realm's TCP. */
export const kTcpMain = new VmDataKey<TcpMain>('tcp main');
