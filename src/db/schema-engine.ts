// Prisma's schema engine (the code behind `prisma migrate`), run from its WebAssembly build.
// The CLI's native engine cannot be downloaded here, and the package's main entry imports a
// `.wasm` file as a module, which Node 20 cannot do: so the module is compiled by hand.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

export type { SchemaEngine };

type WasmImports = Record<string, unknown>;

/** The part of the WebAssembly global used here (the project's type libraries do not declare it). */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, WasmImports>): Promise<{ instance: { exports: Record<string, unknown> } }>;
  RuntimeError: new () => Error;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let wasmReady: Promise<void> | undefined;
let lastPanicMessage: string | undefined;

function initialiseWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const panicRegistry = {
      set_message(message: string) {
        lastPanicMessage = message;
      },
    };
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = panicRegistry;
    const bindingsPath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmPath = bindingsPath.replace(/\.js$/, '.wasm');
    const { instance } = await wasmApi.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': withUnreferencedTimers(bindings as unknown as WasmImports),
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

/**
 * The engine arms a 60-second timer around its operations and never clears it, which would keep
 * a finished command (or a process shutting down after migrating) alive for a minute. Its timers
 * still fire while the process lives; they just do not hold it open.
 */
function withUnreferencedTimers(imports: WasmImports): WasmImports {
  const patched: WasmImports = { ...imports };
  for (const name of Object.keys(imports).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
    patched[name] = (callback: () => void, delay: number) => setTimeout(callback, delay >>> 0).unref();
  }
  return patched;
}

export interface SchemaFile {
  path: string;
  content: string;
}

/**
 * Runs `work` with a schema engine bound to `adapterFactory`, then frees the engine and lets the
 * caller's `release` close every connection the engine opened: the engine's `free()` does not,
 * and a leftover connection keeps its advisory lock, which stalls the next engine for ~10 s.
 */
export async function withSchemaEngine<T>(
  options: {
    schemaFiles: SchemaFile[];
    adapterFactory: SqlMigrationAwareDriverAdapterFactory;
    release: () => Promise<void>;
  },
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await initialiseWasm();
  let engine: SchemaEngine | undefined;
  try {
    engine = await bindings.SchemaEngine.new(
      { datamodels: options.schemaFiles.map((file) => [file.path, file.content]) },
      () => {},
      bindMigrationAwareSqlAdapterFactory(options.adapterFactory),
    );
    return await work(engine);
  } catch (error) {
    throw explainEngineError(error);
  } finally {
    engine?.free();
    await options.release();
  }
}

function explainEngineError(error: unknown): unknown {
  if (error instanceof wasmApi.RuntimeError && lastPanicMessage !== undefined) {
    const message = lastPanicMessage;
    lastPanicMessage = undefined;
    return new Error(`Prisma schema engine panicked: ${message}`, { cause: error });
  }
  if (error instanceof Error) return error;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    const engineError = error as { message: string; error_code?: unknown };
    const code = typeof engineError.error_code === 'string' ? ` (${engineError.error_code})` : '';
    return new Error(`${engineError.message}${code}`, { cause: error });
  }
  return new Error(`Prisma schema engine failed: ${String(error)}`);
}
