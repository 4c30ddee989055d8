import { IMPORT_FORMATS } from '../../../shared/admin';
import type { CatalogRowInput, ImportProblem } from '../import';

/** The formats `catalog import` reads; `atelier` is our own CSV/JSON (docs/catalog-csv.md, docs/catalog-feed.md). */
export { IMPORT_FORMATS };
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** A picture a store file names by URL: it cannot be fetched offline, so it is kept as a link ("no picture yet"). */
export interface PictureLink {
  productId: string;
  colour: string;
  url: string;
}

/**
 * A store's file converted into Atelier's own flat rows (one per variant, the columns of docs/catalog-csv.md), so
 * it goes through the one importer: same checks, same single transaction. `row` is the row in the store's file
 * (spreadsheet numbering, header = 1; XML: the item's position), so every report line points into the file the
 * store gave us.
 */
export interface ConvertedCatalog {
  format: Exclude<ImportFormat, 'atelier'>;
  /** Data rows (or XML items) in the file. */
  rowsRead: number;
  rows: Array<{ row: number; cells: CatalogRowInput }>;
  /** Rows left out on purpose (drafts, unpublished, picture-only rows) — not errors. */
  skipped: ImportProblem[];
  /** Rows the converter could not turn into a variant (no price, bad quantity…) — errors, like a bad CSV row. */
  problems: ImportProblem[];
  pictures: PictureLink[];
  /** Products not imported because the store has not published them (Shopify drafts, archived, unpublished). */
  unpublishedProducts: number;
}

/** Options the store formats need because their files do not say. */
export interface ConvertOptions {
  /** ISO 4217 code of the store's prices (Shopify files carry none; Google prices without one). */
  currency?: string | undefined;
  /** Stock of a variant that is "in stock" without a quantity. @default 1 */
  defaultStock?: number | undefined;
}

/** @default 1 — "in stock" promises at least one; the store corrects counts on the admin screen or by its next file. */
export const DEFAULT_STOCK = 1;

/** Size and colour of a product that has no such option: our catalog needs both on every variant. */
export const ONE_SIZE = 'One size';
export const ONE_COLOUR = 'One colour';
