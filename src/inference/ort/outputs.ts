import type { TensorOut } from './session';

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A run's output found by shape (robust to output renaming by the converter). Borrows nothing; returns the output's own array. */
export function outputByShape(outs: Record<string, TensorOut>, shape: readonly number[], what: string): Float32Array {
  for (const t of Object.values(outs)) if (sameShape(t.dims, shape)) return t.data;
  throw new Error(`landmark model has no ${what} output of shape [${shape.join(', ')}]`);
}
