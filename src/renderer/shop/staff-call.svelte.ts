import type { AtelierApi } from '../../shared/contract';
import type { StaffCall } from '../../shared/staff-call';

/** The shopper's side of "call staff": none, asked (waiting for an answer), or a staff member on the way. */
export type StaffCallView = { state: 'none' } | { state: 'calling' } | { state: 'waiting'; call: StaffCall } | { state: 'coming'; call: StaffCall } | { state: 'failed'; message: string };

/**
 * The mirror's staff call for one shopper session: `call()` with the selected variant, the answer arrives on
 * `staff.onCalls` (a staff member acknowledged it: "someone is coming"), and `end()` — the session ended —
 * cancels it so no staff member walks to an empty mirror.
 */
export class StaffCallController {
  view = $state.raw<StaffCallView>({ state: 'none' });
  private readonly off: () => void;

  constructor(private readonly api: AtelierApi) {
    this.off = api.staff.onCalls((calls) => this.onCalls(calls));
  }

  /** Asks for staff with the variant the shopper has selected (null: none selected). */
  async call(sku: string | null): Promise<void> {
    if (this.view.state === 'calling' || this.view.state === 'waiting' || this.view.state === 'coming') return;
    this.view = { state: 'calling' };
    try {
      const call = await this.api.staff.call({ sku });
      // The answer may already have arrived on the event while the call was in flight.
      if (this.view.state === 'calling') this.view = call.state === 'coming' ? { state: 'coming', call } : { state: 'waiting', call };
    } catch (e) {
      this.view = { state: 'failed', message: (e as Error).message };
    }
  }

  /** The shopper no longer needs help. */
  cancel(): void {
    const v = this.view;
    if (v.state === 'waiting' || v.state === 'coming') void this.api.staff.cancel({ id: v.call.id }).catch(() => {});
    this.view = { state: 'none' };
  }

  /** The session ended: cancel any open call and forget it. */
  end(): void {
    this.cancel();
  }

  dispose(): void {
    this.end();
    this.off();
  }

  private onCalls(calls: readonly StaffCall[]): void {
    const v = this.view;
    if (v.state !== 'waiting' && v.state !== 'coming') return;
    const mine = calls.find((c) => c.id === v.call.id);
    // Gone from the list: expired, or cancelled elsewhere.
    if (!mine) this.view = { state: 'none' };
    else if (mine.state === 'coming') this.view = { state: 'coming', call: mine };
  }
}
