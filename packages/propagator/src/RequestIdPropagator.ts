import { Context, diag, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { getState, updateState } from '@llmobserve/context';
import { isCarrier, readHeader } from './carrier';
import { REQUEST_ID_HEADER } from './constants';
import { isValidRequestId, newRequestId } from './requestId';
import type { RequestIdPropagatorConfig } from './types';

/**
 * Carries `X-Request-Id`: extracted from the incoming request (or, failing that,
 * kept from the `llmobserve.request_id` baggage entry, or made anew) and sent on
 * every outgoing call made in that context.
 */
export class RequestIdPropagator implements TextMapPropagator {
  private readonly generate: boolean;

  constructor(config: RequestIdPropagatorConfig = {}) {
    this.generate = config.generate ?? true;
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    if (!isCarrier(carrier)) return;
    const id = getState(context).requestId;
    if (id !== undefined && isValidRequestId(id)) setter.set(carrier, REQUEST_ID_HEADER, id);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    if (!isCarrier(carrier)) return context;
    const raw = readHeader(carrier, getter, REQUEST_ID_HEADER, false);
    const incoming = raw?.trim();
    if (incoming !== undefined && isValidRequestId(incoming)) {
      return getState(context).requestId === incoming ? context : updateState(context, { requestId: incoming });
    }
    if (incoming !== undefined) diag.debug('llmobserve: dropped invalid x-request-id');
    const known = getState(context).requestId;
    if (known !== undefined && isValidRequestId(known)) return context;
    return this.generate ? updateState(context, { requestId: newRequestId() }) : context;
  }

  fields(): string[] {
    return [REQUEST_ID_HEADER];
  }
}
