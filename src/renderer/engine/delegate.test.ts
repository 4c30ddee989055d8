import { describe, expect, it } from 'vitest';
import { chooseDelegate, nextVideoTimestampMs } from './delegate';

describe('chooseDelegate', () => {
  const hardware = { webgl2: true, renderer: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)' };
  const swiftshader = { webgl2: true, renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)' };

  it('auto takes the GPU on real hardware, including when the renderer string is masked', () => {
    expect(chooseDelegate('auto', hardware)).toEqual({ delegate: 'gpu', note: null });
    expect(chooseDelegate('auto', { webgl2: true, renderer: null }).delegate).toBe('gpu');
  });

  it('auto takes the CPU on a software rasteriser or without WebGL2, and says why', () => {
    const soft = chooseDelegate('auto', swiftshader);
    expect(soft.delegate).toBe('cpu');
    expect(soft.note).toMatch(/software rasteriser.*SwiftShader/);
    expect(chooseDelegate('auto', { webgl2: true, renderer: 'llvmpipe (LLVM 15.0.6, 256 bits)' }).delegate).toBe('cpu');
    expect(chooseDelegate('auto', { webgl2: false, renderer: null })).toEqual({ delegate: 'cpu', note: 'browser:gpu: WebGL2 unavailable in the worker' });
  });

  it('obeys an explicit choice, except GPU without WebGL2', () => {
    expect(chooseDelegate('gpu', swiftshader).delegate).toBe('gpu');
    expect(chooseDelegate('cpu', hardware).delegate).toBe('cpu');
    expect(chooseDelegate('gpu', { webgl2: false, renderer: null }).delegate).toBe('cpu');
  });
});

describe('nextVideoTimestampMs', () => {
  it('passes increasing timestamps through', () => {
    expect(nextVideoTimestampMs(0, -Infinity)).toBe(0);
    expect(nextVideoTimestampMs(40.5, 20)).toBe(40.5);
  });

  it('moves a repeated, earlier or non-finite timestamp just past the previous one', () => {
    expect(nextVideoTimestampMs(20, 20)).toBeCloseTo(20.001, 6);
    expect(nextVideoTimestampMs(5, 20)).toBeCloseTo(20.001, 6);
    expect(nextVideoTimestampMs(Number.NaN, 20)).toBeCloseTo(20.001, 6);
    expect(nextVideoTimestampMs(Number.NaN, -Infinity)).toBe(0);
  });
});
