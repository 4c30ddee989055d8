import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Google's own TFLite runtime (LiteRT.js: the TFLite interpreter with XNNPACK, compiled to WASM) run in Node,
 * as the reference the converted ONNX models are compared with. Test-only.
 *
 * LiteRT.js is written for browsers: its loader fetches the Emscripten glue with a `<script>` tag, or with
 * `importScripts` in a worker, and reads the factory from `self.ModuleFactory`. The glue itself supports Node
 * (it reads the .wasm beside it with `fs` when it sees `process.versions.node`), so we stand in for
 * `importScripts` by evaluating the glue as a CommonJS body. The package is `"type": "module"`, so a plain
 * `require` of the glue would load it as an (export-less) ES module.
 */

export interface TfliteTensorInfo {
  name: string;
  shape: number[];
}

export interface TfliteRunner {
  readonly inputs: readonly TfliteTensorInfo[];
  readonly outputs: readonly TfliteTensorInfo[];
  /**
   * Runs the model on one float32 input (borrowed; must match `inputs[0].shape`). Returns each output by
   * tensor name, as new arrays owned by the caller.
   */
  run(input: Float32Array): Promise<Record<string, Float32Array>>;
  dispose(): void;
}

/**
 * The part of `@litertjs/core` used here, declared locally: the layers lint reads any `…/core` import as our
 * src/core, so the package is only imported dynamically.
 */
interface LiteRtTensor {
  toTypedArray(): ArrayLike<number>;
  delete(): void;
}
interface LiteRtTensorDetails {
  name: string;
  shape: Int32Array;
}
interface LiteRtCompiledModel {
  getInputDetails(): readonly LiteRtTensorDetails[];
  getOutputDetails(): readonly LiteRtTensorDetails[];
  run(input: LiteRtTensor[]): Promise<LiteRtTensor[]>;
  delete(): void;
}
interface LiteRtJs {
  loadLiteRt(wasmDir: string): Promise<unknown>;
  loadAndCompile(model: Uint8Array, options: { accelerator: 'wasm' }): Promise<LiteRtCompiledModel>;
  Tensor: new (data: Float32Array, shape: number[]) => LiteRtTensor;
}

const LITERT_PACKAGE = '@litertjs/core';

let loading: Promise<LiteRtJs> | undefined;

function installWorkerShims(require: NodeJS.Require): void {
  const g = globalThis as Record<string, unknown>;
  // createWasmLib reads and clears `self.ModuleFactory` / `self.Module`; in Node `self` is globalThis.
  g.self ??= globalThis;
  g.importScripts ??= (url: string) => {
    const file = url.startsWith('file:') ? new URL(url).pathname : url;
    const glue = vm.compileFunction(`${readFileSync(file, 'utf8')}\nreturn ModuleFactory;`, ['require', '__dirname', 'module', 'exports'], {
      filename: file,
    }) as (req: NodeJS.Require, dir: string, module: undefined, exports: undefined) => unknown;
    g.ModuleFactory = glue(require, path.dirname(file), undefined, undefined);
  };
  // Read by the factory as its Module object: keeps the runtime's INFO chatter (one line per environment,
  // model and delegate) out of the test output, passes everything else to stderr.
  g.Module ??= {
    printErr: (line: string) => {
      if (!line.startsWith('INFO: ')) process.stderr.write(`${line}\n`);
    },
  };
}

/** Loads LiteRT.js's WASM runtime once per process (the single-threaded, non-JSPI build Node 20 can run). */
export function loadLiteRt(projectRoot = process.cwd()): Promise<LiteRtJs> {
  loading ??= (async () => {
    const require = createRequire(path.join(projectRoot, 'package.json'));
    installWorkerShims(require);
    const lrt = (await import(LITERT_PACKAGE)) as LiteRtJs;
    const wasmDir = path.join(path.dirname(require.resolve(`${LITERT_PACKAGE}/package.json`)), 'wasm') + path.sep;
    // Node has no WebGPU: the default environment's device probe fails and warns once; only the CPU is used.
    const warn = console.warn;
    console.warn = () => {};
    try {
      await lrt.loadLiteRt(wasmDir);
    } finally {
      console.warn = warn;
    }
    return lrt;
  })();
  return loading;
}

/** Compiles a TFLite model (bytes borrowed) for LiteRT.js's CPU path (XNNPACK). */
export async function openTflite(bytes: Uint8Array): Promise<TfliteRunner> {
  const lrt = await loadLiteRt();
  const model = await lrt.loadAndCompile(bytes, { accelerator: 'wasm' });
  const info = (d: LiteRtTensorDetails): TfliteTensorInfo => ({ name: d.name, shape: Array.from(d.shape) });
  const inputs = model.getInputDetails().map(info);
  const outputs = model.getOutputDetails().map(info);
  const inputShape = inputs[0]!.shape;
  return {
    inputs,
    outputs,
    async run(input) {
      const x = new lrt.Tensor(input, inputShape);
      const ys = await model.run([x]);
      x.delete();
      const out: Record<string, Float32Array> = {};
      ys.forEach((y, i) => {
        // toTypedArray may view WASM memory, which the next run reuses: copy out.
        out[outputs[i]!.name] = Float32Array.from(y.toTypedArray());
        y.delete();
      });
      return out;
    },
    dispose: () => model.delete(),
  };
}
