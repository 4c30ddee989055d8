import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ExecutionProvider } from '../../shared/config-schema';

/** Why each execution provider is or is not usable on this machine. */
export interface ProviderProbe {
  name: 'cuda' | 'dml' | 'cpu';
  available: boolean;
  reason: string;
}

/** onnxruntime-node's native binding folder for this platform (where provider libraries must sit). */
export function bindingDir(): string {
  const require = createRequire(import.meta.url);
  const pkg = path.dirname(require.resolve('onnxruntime-node/package.json'));
  return path.join(pkg, 'bin', 'napi-v6', process.platform, process.arch);
}

/** CUDA provider library names next to the binding, per platform. */
const CUDA_LIBS: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so'],
  win32: ['onnxruntime_providers_cuda.dll', 'onnxruntime_providers_shared.dll'],
};

/**
 * Checks which providers could load, by files only: asking ORT for a provider whose native library is
 * missing can abort the process, so CUDA is offered only when its provider libraries are present.
 */
export function probeProviders(dir = bindingDir()): ProviderProbe[] {
  const cudaLibs = CUDA_LIBS[process.platform];
  const cudaMissing = cudaLibs?.filter((f) => !existsSync(path.join(dir, f))) ?? [];
  const cuda: ProviderProbe = !cudaLibs
    ? { name: 'cuda', available: false, reason: `no CUDA build of onnxruntime-node for ${process.platform}` }
    : cudaMissing.length > 0
      ? { name: 'cuda', available: false, reason: `${cudaMissing.join(', ')} not found in ${dir}` }
      : { name: 'cuda', available: true, reason: 'CUDA provider libraries present' };
  const dml: ProviderProbe =
    process.platform !== 'win32'
      ? { name: 'dml', available: false, reason: 'DirectML exists on Windows only' }
      : existsSync(path.join(dir, 'DirectML.dll'))
        ? { name: 'dml', available: true, reason: 'DirectML.dll present' }
        : { name: 'dml', available: false, reason: `DirectML.dll not found in ${dir}` };
  return [cuda, dml, { name: 'cpu', available: true, reason: 'always available' }];
}

/**
 * Providers to try, best first, for a requested `ep`. `auto` prefers CUDA, then DirectML, then CPU; an
 * explicit choice that is not available here falls back to CPU (the reason is reported, never thrown).
 */
export function providerPlan(ep: ExecutionProvider, probes = probeProviders()): { order: Array<'cuda' | 'dml' | 'cpu'>; notes: string[] } {
  const notes: string[] = [];
  const wanted: Array<'cuda' | 'dml' | 'cpu'> = ep === 'auto' ? ['cuda', 'dml', 'cpu'] : ep === 'cpu' ? ['cpu'] : [ep, 'cpu'];
  const order = wanted.filter((name) => {
    const p = probes.find((x) => x.name === name)!;
    if (!p.available) notes.push(`${name}: ${p.reason}`);
    return p.available;
  });
  return { order, notes };
}
