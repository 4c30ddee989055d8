import * as v from 'valibot';
import { CatalogKeySchema } from './catalog';

/**
 * A shopper's "call staff" request: made on the mirror (with what they are trying on), shown on the staff screen
 * and tablets with a chime, acknowledged by a staff member — then the mirror says someone is coming. It names a
 * product and a size, never a person, and lives in memory only.
 */
export const StaffCallSchema = v.object({
  id: v.string(),
  /** ISO 8601, when the shopper asked. */
  at: v.string(),
  /** `waiting` for a staff member; `coming` once one acknowledged it. */
  state: v.picklist(['waiting', 'coming']),
  /** What the shopper had selected (all null when they asked without a product). */
  sku: v.nullable(v.string()),
  productId: v.nullable(v.string()),
  productName: v.nullable(v.string()),
  colour: v.nullable(v.string()),
  size: v.nullable(v.string()),
  /** The staff member on the way (display name), once acknowledged. */
  by: v.nullable(v.string()),
});
export type StaffCall = v.InferOutput<typeof StaffCallSchema>;

export const CallStaffRequestSchema = v.strictObject({
  /** The variant the shopper has selected; the product, colour and size are read from the catalog. */
  sku: v.nullable(CatalogKeySchema),
});
export const StaffCallIdSchema = v.strictObject({ id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,40}$/, 'not a call id')) });

/** Every open call, oldest first: the staff screen's list, and how a mirror learns its call was answered. */
export const StaffCallsSchema = v.array(StaffCallSchema);
