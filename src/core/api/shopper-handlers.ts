import type { Contract } from '../../shared/contract';
import type { HandlersOf } from '../../shared/contract-kit';
import type { Recommendation } from '../../shared/recommend-api';
import { Recommender } from '../recommend/recommender';
import type { CoreServices } from '../services';
import type { CallContext } from './dispatch';

/** The `shopper` namespace: size charts and recommendations, read from the catalog database. */
export function createShopperHandlers(s: CoreServices): HandlersOf<Contract, CallContext>['shopper'] {
  let recommender: Recommender | null = null;
  // The catalog opens lazily: so does the recommender over it.
  const r = (): Recommender => (recommender ??= new Recommender(s.catalog.db));
  // Recommended products in the shopper's language too: their catalog translations ride along.
  const translated = (list: Recommendation[]): Recommendation[] =>
    list.map((x) => {
      const p = s.catalog.product(x.productId);
      return { ...x, ...(p?.names ? { names: p.names } : {}), ...(p?.colourNames ? { colourNames: p.colourNames } : {}) };
    });
  return {
    sizeChart: ({ productId }) => r().sizeChart(productId),
    alsoTried: ({ productId, limit }) => translated(r().alsoTried(productId, limit)),
    completeLook: ({ productId, colour, limit }) => translated(r().completeLook(productId, colour, limit)),
  };
}
