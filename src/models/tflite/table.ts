import { ByteBuffer } from 'flatbuffers';

/**
 * Read-only view of one flatbuffer table, addressed by field index (the order fields are declared in the
 * `.fbs` schema; unions take two indices: the type byte, then the value). Borrows the ByteBuffer: the
 * bytes must outlive every Table made from them.
 */
export class Table {
  constructor(
    readonly bb: ByteBuffer,
    readonly pos: number,
  ) {}

  static root(bytes: Uint8Array): Table {
    const bb = new ByteBuffer(bytes);
    return new Table(bb, bb.readUint32(0));
  }

  /** Absolute position of field `index`, or 0 when the field is absent (its default applies). */
  private field(index: number): number {
    const rel = this.bb.__offset(this.pos, 4 + 2 * index);
    return rel === 0 ? 0 : this.pos + rel;
  }

  has(index: number): boolean {
    return this.field(index) !== 0;
  }

  int8(index: number, dflt = 0): number {
    const at = this.field(index);
    return at ? this.bb.readInt8(at) : dflt;
  }

  uint8(index: number, dflt = 0): number {
    const at = this.field(index);
    return at ? this.bb.readUint8(at) : dflt;
  }

  bool(index: number, dflt = false): boolean {
    const at = this.field(index);
    return at ? this.bb.readUint8(at) !== 0 : dflt;
  }

  int32(index: number, dflt = 0): number {
    const at = this.field(index);
    return at ? this.bb.readInt32(at) : dflt;
  }

  uint32(index: number, dflt = 0): number {
    const at = this.field(index);
    return at ? this.bb.readUint32(at) : dflt;
  }

  float32(index: number, dflt = 0): number {
    const at = this.field(index);
    return at ? this.bb.readFloat32(at) : dflt;
  }

  string(index: number): string | undefined {
    const at = this.field(index);
    return at ? (this.bb.__string(at) as string) : undefined;
  }

  table(index: number): Table | undefined {
    const at = this.field(index);
    return at ? new Table(this.bb, this.bb.__indirect(at)) : undefined;
  }

  /** Tables of a `[Table]` vector; empty when absent. */
  tables(index: number): Table[] {
    const at = this.field(index);
    if (!at) return [];
    const start = this.bb.__vector(at);
    const n = this.bb.__vector_len(at);
    const out: Table[] = [];
    for (let i = 0; i < n; i++) out.push(new Table(this.bb, this.bb.__indirect(start + 4 * i)));
    return out;
  }

  /** Copies an `[int]` vector. */
  int32s(index: number): number[] {
    const at = this.field(index);
    if (!at) return [];
    const start = this.bb.__vector(at);
    const n = this.bb.__vector_len(at);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.bb.readInt32(start + 4 * i));
    return out;
  }

  /** Copies a `[ushort]` vector. */
  uint16s(index: number): number[] {
    const at = this.field(index);
    if (!at) return [];
    const start = this.bb.__vector(at);
    const n = this.bb.__vector_len(at);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.bb.readUint16(start + 2 * i));
    return out;
  }

  /**
   * A `[ubyte]` vector as a view (borrows the file's bytes, no copy); undefined when absent.
   */
  bytes(index: number): Uint8Array | undefined {
    const at = this.field(index);
    if (!at) return undefined;
    const start = this.bb.__vector(at);
    const n = this.bb.__vector_len(at);
    const u8 = this.bb.bytes();
    return u8.subarray(start, start + n);
  }

  /** Absolute position of a vector field's length word (for byte-level rewriting); 0 when absent. */
  vectorRef(index: number): number {
    const at = this.field(index);
    return at ? at + this.bb.readUint32(at) : 0;
  }
}
