import type { TimeInput } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/sdk-trace-base';

/**
 * How a processor gets to write on a span before exporters see it:
 *
 * - `onEnding`: the SDK calls `SpanProcessor.onEnding` (sdk-trace-base ≥ 2.3 and
 *   3.x) while the span is still writable, for every processor before any
 *   `onEnd`, so exporters (which run in `onEnd`) see the writes whatever the
 *   processor order.
 * - `wrapEnd`: for SDKs without `onEnding` (1.x, < 2.3): at `onStart` the
 *   processor replaces `span.end` on that span object with a function that does
 *   the work and then calls the original `end`, which runs every `onEnd` after.
 * - `auto` (default): `onEnding` when the span's SDK calls it, else `wrapEnd`.
 *   The SDK is asked through its span (`span._spanProcessor.onEnding` — the
 *   multi-processor of SDK ≥ 2.3 has it, older ones do not).
 */
export type EndHookMode = 'auto' | 'onEnding' | 'wrapEnd';

const MODES: readonly EndHookMode[] = ['auto', 'onEnding', 'wrapEnd'];

/** Validates an `endHook` option at set-up; throws naming the value. */
export function checkEndHook(value: unknown, owner: string): EndHookMode {
  if (value === undefined) return 'auto';
  if (!MODES.includes(value as EndHookMode)) {
    throw new TypeError(`${owner}: endHook must be one of ${MODES.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as EndHookMode;
}

/** True when `span`'s SDK will call `onEnding` for it. */
export function sdkCallsOnEnding(span: Span): boolean {
  const sp = (span as unknown as { _spanProcessor?: { onEnding?: unknown } })._spanProcessor;
  return typeof sp?.onEnding === 'function';
}

/** Installs `hook` to run just before `span.end()` does its work (see `wrapEnd` above). */
export function wrapEnd(span: Span, hook: (span: Span) => void): void {
  const original = span.end;
  const wrapped = function (this: unknown, endTime?: TimeInput): void {
    hook(span);
    original.call(span, endTime);
  };
  Object.defineProperty(span, 'end', { value: wrapped, configurable: true, writable: true });
}
