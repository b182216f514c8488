// Preloaded into the service only by the "memory" benchmark (`node --import memory-probe.js
// --expose-gc main.js`), never in production: over the IPC channel that the benchmark opens, it
// answers { type: 'memory' } with this process's memory figures, after a full garbage collection
// when asked, so that heap growth between load rounds is live objects rather than garbage.
import { readFileSync } from 'node:fs';

export interface MemoryRequest {
  type: 'memory';
  collectGarbage: boolean;
}

export interface MemoryReport {
  type: 'memory';
  /** Resident set size as the kernel counts it (VmRSS), in bytes: what `ps -o rss` shows. */
  rss: number;
  /** Highest resident set size so far (VmHWM), in bytes; undefined where /proc is not available. */
  peakRss: number | undefined;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

function procStatusBytes(field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined; // not Linux
  }
}

if (process.send) {
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (message: MemoryRequest) => {
    if (message?.type !== 'memory') return;
    if (message.collectGarbage && gc) gc();
    const usage = process.memoryUsage();
    const report: MemoryReport = {
      type: 'memory',
      // Node's own RSS figure is the same measure where /proc is missing.
      rss: procStatusBytes('VmRSS') ?? process.memoryUsage.rss(),
      peakRss: procStatusBytes('VmHWM'),
      heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external, arrayBuffers: usage.arrayBuffers };
    process.send?.(report);
  });
  // The IPC channel must not keep the service alive once it is asked to stop.
  process.channel?.unref();
}
