import type { Contract } from '../../shared/contract';
import type { HandlersOf } from '../../shared/contract-kit';
import { Recommender } from '../recommend/recommender';
import type { CoreServices } from '../services';
import type { CallContext } from './dispatch';

/** The `shopper` namespace: size charts and recommendations, read from the catalog database. */
export function createShopperHandlers(s: CoreServices): HandlersOf<Contract, CallContext>['shopper'] {
  let recommender: Recommender | null = null;
  // The catalog opens lazily: so does the recommender over it.
  const r = (): Recommender => (recommender ??= new Recommender(s.catalog.db));
  return {
    sizeChart: ({ productId }) => r().sizeChart(productId),
    alsoTried: ({ productId, limit }) => r().alsoTried(productId, limit),
    completeLook: ({ productId, colour, limit }) => r().completeLook(productId, colour, limit),
  };
}
