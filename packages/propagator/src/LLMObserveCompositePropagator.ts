import { Context, diag, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';

/**
 * Runs several propagators in order, like `@opentelemetry/core`'s
 * CompositePropagator: a propagator that throws is logged through `diag` and
 * skipped, so no error reaches the caller's request.
 */
export class LLMObserveCompositePropagator implements TextMapPropagator {
  private readonly fieldList: string[];

  constructor(private readonly propagators: readonly TextMapPropagator[]) {
    this.fieldList = Array.from(new Set(propagators.flatMap((p) => (typeof p.fields === 'function' ? p.fields() : []))));
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    for (const p of this.propagators) {
      try {
        p.inject(context, carrier, setter);
      } catch (err) {
        diag.warn(`llmobserve: ${p.constructor.name}.inject failed: ${String(err)}`);
      }
    }
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    let ctx = context;
    for (const p of this.propagators) {
      try {
        ctx = p.extract(ctx, carrier, getter);
      } catch (err) {
        diag.warn(`llmobserve: ${p.constructor.name}.extract failed: ${String(err)}`);
      }
    }
    return ctx;
  }

  fields(): string[] {
    return this.fieldList.slice();
  }
}
