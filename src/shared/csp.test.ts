import { describe, expect, it } from 'vitest';
import { mirrorCsp } from './csp';

/** The directives of a policy, by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe('mirror CSP', () => {
  it("lets WebAssembly compile (tasks-vision, the cloth worker's Jolt) without allowing eval", () => {
    const d = directives(mirrorCsp());
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(mirrorCsp()).not.toContain("'unsafe-eval'");
  });

  it('runs workers (pose engine, cloth) from our own origin and talks to nothing else', () => {
    const d = directives(mirrorCsp({ assetScheme: 'atelier-asset:' }));
    expect(d.get('worker-src')).toEqual(["'self'", 'blob:']);
    // blob: URLs are the page's own memory (a GLB's embedded textures are read through them), not the network.
    expect(d.get('connect-src')).toEqual(["'self'", 'blob:', 'atelier-asset:']);
  });
});
