import type { Contract } from '../../shared/contract';
import { ApiError, type HandlersOf } from '../../shared/contract-kit';
import { adminOf } from '../admin/service';
import type { CoreServices } from '../services';
import type { CallContext } from './dispatch';
import { isMirrorCaller } from './mirror-caller';

/**
 * The `staff` namespace: a shopper's "call staff" from the mirror (the mirror's own session only, rate-limited) and
 * its acknowledgement by a signed-in staff member on the staff screen or a tablet.
 */
export function createStaffCallHandlers(s: CoreServices): HandlersOf<Contract, CallContext>['staff'] {
  const a = () => adminOf(s);
  const mirrorOnly = (ctx: CallContext): void => {
    if (!isMirrorCaller(s, ctx)) throw new ApiError('forbidden', 'staff are called from the mirror\'s own session only');
  };
  return {
    call: ({ sku }, ctx) => {
      mirrorOnly(ctx);
      if (!a().staffCallRate.take(ctx.peer ?? 'local')) throw new ApiError('rate_limited', 'staff were called many times: a member of staff is on the way');
      const what = sku ? a().calledFor(sku) : null;
      if (sku && !what) throw new ApiError('not_found', `no variant ${sku} in the catalog`);
      return a().staffCalls.call(what);
    },
    cancel: ({ id }, ctx) => {
      mirrorOnly(ctx);
      a().staffCalls.cancel(id);
      return {};
    },
    calls: () => a().staffCalls.list(),
    acknowledge: ({ id }, ctx) => {
      if (!ctx.userId) throw new ApiError('unauthorized', 'staff sign-in required');
      const name = a().accounts.list().find((u) => u.id === ctx.userId)?.displayName ?? ctx.userId;
      const call = a().staffCalls.acknowledge(id, name);
      a().audit.write(ctx.userId, 'staff.call.answered', call.sku, { callId: id, at: call.at }, ctx.origin);
      return call;
    },
  };
}
