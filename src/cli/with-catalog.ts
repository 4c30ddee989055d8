import type { Command } from 'commander';
import { Catalog } from '../core/catalog/catalog';
import { CatalogError } from '../core/catalog/db';
import { configFrom, UsageError } from './context';

/**
 * Opens the catalog of a data directory (a command's, or one already read from its config), runs `fn`, closes it.
 * A catalog that cannot be opened, and a catalog error from `fn` (an unknown product, a bad write), become one line
 * and exit 1; other errors pass through.
 */
export async function withCatalog<T>(from: Command | string, fn: (c: Catalog) => T | Promise<T>): Promise<T> {
  const dataDir = typeof from === 'string' ? from : configFrom(from).dataDir;
  let cat: Catalog;
  try {
    cat = Catalog.open(dataDir);
  } catch (e) {
    throw new UsageError((e as Error).message, 1);
  }
  try {
    return await fn(cat);
  } catch (e) {
    if (e instanceof CatalogError) throw new UsageError(e.message, 1);
    throw e;
  } finally {
    cat.close();
  }
}
