import { Context, createContextKey } from '@opentelemetry/api';

// The same key (by description) as @opentelemetry/core's suppressTracing; reading it
// here avoids a dependency on core for one flag. createContextKey uses Symbol.for.
const SUPPRESS_TRACING_KEY = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/** True when OpenTelemetry tracing is suppressed in `ctx` (`suppressTracing` of core). */
export function isTracingSuppressed(ctx: Context): boolean {
  return ctx.getValue(SUPPRESS_TRACING_KEY) === true;
}
