// FreeSewing 4 ships JavaScript without types: the part of its API the demo collection's pattern drafting uses
// (src/core/demo/pattern/). Coordinates are millimetres, x to the right, y down.
declare module '@freesewing/core' {
  export interface FsPoint {
    x: number;
    y: number;
  }
  export interface FsOp {
    type: 'move' | 'line' | 'curve' | 'close' | 'noop';
    to?: FsPoint;
    cp1?: FsPoint;
    cp2?: FsPoint;
  }
  export interface FsPath {
    ops: FsOp[];
    hidden?: boolean;
  }
  export interface FsPart {
    points: Record<string, FsPoint>;
    paths: Record<string, FsPath>;
  }
  export interface FsStore {
    logs: { error: unknown[]; warn: unknown[] };
  }
  export interface FsPattern {
    draft(): FsPattern;
    parts: Array<Record<string, FsPart>>;
    setStores: FsStore[];
    /** Per set: the options resolved to millimetres (e.g. Titan's `waistbandWidth`). */
    settings: Array<{ absoluteOptions?: Record<string, number> }>;
  }
  export type FsDesign = new (settings: { measurements: Record<string, number>; options?: Record<string, unknown> }) => FsPattern;
}
declare module '@freesewing/teagan' {
  import type { FsDesign } from '@freesewing/core';
  export const Teagan: FsDesign;
}
declare module '@freesewing/simon' {
  import type { FsDesign } from '@freesewing/core';
  export const Simon: FsDesign;
}
declare module '@freesewing/bent' {
  import type { FsDesign } from '@freesewing/core';
  export const Bent: FsDesign;
}
declare module '@freesewing/brian' {
  import type { FsDesign } from '@freesewing/core';
  export const Brian: FsDesign;
}
declare module '@freesewing/models' {
  /** Standard bodies by size, keyed by neck circumference in cm; each maps measurement name → millimetres. */
  export const cisMaleAdult: Record<number, Record<string, number>>;
  export const cisFemaleAdult: Record<number, Record<string, number>>;
}
declare module '@freesewing/penelope' {
  import type { FsDesign } from '@freesewing/core';
  export const Penelope: FsDesign;
}
declare module '@freesewing/titan' {
  import type { FsDesign } from '@freesewing/core';
  export const Titan: FsDesign;
}
declare module '@freesewing/bella' {
  import type { FsDesign } from '@freesewing/core';
  /** Bella lists the body measurements it drafts from (it drafts without them and logs no error). */
  export const Bella: FsDesign & { patternConfig: { measurements: string[] } };
}
