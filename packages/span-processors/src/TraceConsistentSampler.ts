import { Attributes, Context, Link, SpanKind, TraceFlags, isSpanContextValid, isValidTraceId, trace } from '@opentelemetry/api';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace-base';
import { getState } from '@llmobserve/context';

/** Options of {@link TraceConsistentSampler}. */
export interface TraceConsistentSamplerConfig {
  /** Fraction of new traces kept, 0 to 1. */
  ratio: number;
  /** Ratio per customer id (read from the LLMObserve context), e.g. `{ 'acme': 1 }` keeps every trace of acme. */
  customerRatios?: Readonly<Record<string, number>>;
  /**
   * Follow the parent's sampled flag when there is a parent (default true), as
   * OTel's `ParentBased` does. With false, every span decides from its trace id,
   * which gives the same answer in every service anyway.
   */
  parentBased?: boolean;
}

const KNOWN = ['ratio', 'customerRatios', 'parentBased'];
const TWO_28 = 0x10000000;
// SamplingDecision values of the SDK (enum NOT_RECORD = 0, RECORD = 1, RECORD_AND_SAMPLED = 2), kept
// as literals so this module needs no runtime import of the SDK.
const NOT_RECORD = 0 as SamplingResult['decision'];
const RECORD_AND_SAMPLED = 2 as SamplingResult['decision'];

function checkRatio(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
    throw new TypeError(`TraceConsistentSampler: ${field} must be a number from 0 to 1, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Rejection threshold T = (1 − ratio) · 2^56, split in two 28-bit halves. */
function threshold(ratio: number): [number, number] {
  const t = (1 - ratio) * TWO_28;
  const hi = Math.floor(t);
  const lo = Math.min(TWO_28 - 1, Math.round((t - hi) * TWO_28));
  return [hi, lo];
}

/**
 * Keeps or drops whole traces: the decision is a function of the trace id
 * only, so every service that sees a trace makes the same one (hashing the
 * span id, as the seed did, splits traces across services).
 *
 * The randomness is the low 56 bits of the trace id (the part W3C Trace
 * Context Level 2 guarantees random), compared with the threshold of OTel's
 * consistent probability sampling: keep when `R ≥ (1 − ratio) · 2^56`. So a
 * trace kept at ratio p is kept at every ratio ≥ p, and two services with
 * different ratios still agree on every trace the smaller ratio keeps.
 *
 * The ratio of a new trace is `customerRatios[customerId]` when the context
 * carries a customer id listed there, else `ratio`. With a parent (default
 * `parentBased: true`) the parent's sampled flag decides, like `ParentBased`.
 */
export class TraceConsistentSampler implements Sampler {
  private readonly ratio: number;
  private readonly base: [number, number];
  private readonly perCustomer: ReadonlyMap<string, [number, number]>;
  private readonly parentBased: boolean;
  private readonly description: string;

  /** Throws at set-up on an unknown option or a ratio outside 0–1 (naming the field and value). */
  constructor(config: TraceConsistentSamplerConfig) {
    if (config === null || typeof config !== 'object') {
      throw new TypeError(`TraceConsistentSampler: config must be an object with a ratio, got ${JSON.stringify(config)}`);
    }
    for (const key of Object.keys(config)) {
      if (!KNOWN.includes(key)) throw new TypeError(`TraceConsistentSampler: unknown option "${key}" (known: ${KNOWN.join(', ')})`);
    }
    this.ratio = checkRatio(config.ratio, 'ratio');
    this.base = threshold(this.ratio);
    const per = new Map<string, [number, number]>();
    const customers = config.customerRatios ?? {};
    if (typeof customers !== 'object' || customers === null || Array.isArray(customers)) {
      throw new TypeError(`TraceConsistentSampler: customerRatios must be an object of customer id → ratio, got ${JSON.stringify(customers)}`);
    }
    for (const [customer, r] of Object.entries(customers)) {
      per.set(customer, threshold(checkRatio(r, `customerRatios[${JSON.stringify(customer)}]`)));
    }
    this.perCustomer = per;
    if (config.parentBased !== undefined && typeof config.parentBased !== 'boolean') {
      throw new TypeError(`TraceConsistentSampler: parentBased must be a boolean, got ${JSON.stringify(config.parentBased)}`);
    }
    this.parentBased = config.parentBased ?? true;
    this.description = `TraceConsistentSampler{ratio=${this.ratio}, customers=${per.size}, parentBased=${this.parentBased}}`;
  }

  shouldSample(context: Context, traceId: string, _spanName: string, _spanKind: SpanKind, _attributes: Attributes, _links: Link[]): SamplingResult {
    if (this.parentBased) {
      const parent = trace.getSpanContext(context);
      if (parent !== undefined && isSpanContextValid(parent)) {
        return { decision: (parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? RECORD_AND_SAMPLED : NOT_RECORD };
      }
    }
    let t = this.base;
    if (this.perCustomer.size > 0) {
      const customer = getState(context).customerId;
      if (customer !== undefined) t = this.perCustomer.get(customer) ?? t;
    }
    return { decision: TraceConsistentSampler.keeps(traceId, t) ? RECORD_AND_SAMPLED : NOT_RECORD };
  }

  /** Whether a trace id is kept at `ratio` (the decision every service makes for a new trace). */
  static isKept(traceId: string, ratio: number): boolean {
    return TraceConsistentSampler.keeps(traceId, threshold(checkRatio(ratio, 'ratio')));
  }

  private static keeps(traceId: string, [tHi, tLo]: [number, number]): boolean {
    if (tHi === 0 && tLo === 0) return true;
    if (typeof traceId !== 'string' || !isValidTraceId(traceId)) return false;
    const hi = parseInt(traceId.slice(18, 25), 16);
    const lo = parseInt(traceId.slice(25, 32), 16);
    return hi > tHi || (hi === tHi && lo >= tLo);
  }

  toString(): string {
    return this.description;
  }
}
