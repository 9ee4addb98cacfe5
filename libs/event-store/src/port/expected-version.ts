import { StreamVersion } from './ids';

/**
 * What the writer believes about the stream before appending.
 * - `'any'`: no check;
 * - `'no_stream'`: the stream must not exist yet;
 * - `'stream_exists'`: the stream must hold at least one event;
 * - a bigint: the version of the stream's last event must be exactly this.
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | StreamVersion;

/** The version of a stream that holds no events. */
export const NO_STREAM_VERSION: StreamVersion = -1n;

export function describeExpectedVersion(expected: ExpectedVersion): string {
  return typeof expected === 'bigint' ? `version ${expected}` : expected;
}
