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
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

function residentBytes(): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux: Node's own figure is the same measure
  }
  return process.memoryUsage.rss();
}

if (process.send) {
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (message: MemoryRequest) => {
    if (message?.type !== 'memory') return;
    if (message.collectGarbage && gc) gc();
    const usage = process.memoryUsage();
    const report: MemoryReport = { type: 'memory', rss: residentBytes(), heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external, arrayBuffers: usage.arrayBuffers };
    process.send?.(report);
  });
  // The IPC channel must not keep the service alive once it is asked to stop.
  process.channel?.unref();
}
