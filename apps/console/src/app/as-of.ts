import { useLocation } from './router';

/**
 * The as-of control's state, in the URL so that a past view can be shared:
 * `?recordedAt=2021-07-10T12:00:00+08:00` is what the ledger said at that moment (later
 * corrections ignored); `?validAt=2021-06-30` is what we know now about that date.
 * The shape is the API's `AsOf` input.
 */
export type AsOf = { recordedAt: string } | { validAt: string };

export function useAsOf(): AsOf | null {
  const { search } = useLocation();
  const recordedAt = search.get('recordedAt');
  if (recordedAt) return { recordedAt };
  const validAt = search.get('validAt');
  if (validAt) return { validAt };
  return null;
}

/**
 * A query's name and arguments for now or for the past: `fieldFor('progress', asOf)` is
 * `progress` now and `progressAsOf` (which takes `asOf: $asOf`) in the past.
 */
export function asOfVariables(asOf: AsOf | null): { asOf?: AsOf } {
  return asOf ? { asOf } : {};
}
