import type { Usage } from '@llmobserve/pricing';
import { TokenEstimator } from './TokenEstimator';

/** What normalisers write into while a response is parsed. One per response. */
export class Collector {
  usage: Usage | undefined;
  model: string | undefined;
  responseId: string | undefined;
  finishReasons: string[] = [];
  /** The stream reached its terminal event (or a JSON body parsed completely). */
  complete = false;
  /** Provider-reported failure inside a 2xx stream. */
  streamError: string | undefined;
  firstTokenAt: number | undefined;
  /** Normaliser scratch space (raw usage merged across events). */
  raw: Record<string, unknown> = {};
  private content = '';
  readonly estimator: TokenEstimator;

  constructor(
    private readonly now: () => number,
    private readonly maxContentChars: number,
    estimatorMode: 'exact' | 'sample',
    model: string | undefined,
  ) {
    this.estimator = new TokenEstimator(estimatorMode, model);
  }

  setModel(v: unknown): void {
    if (this.model === undefined && typeof v === 'string' && v.length > 0) this.model = v.slice(0, 256);
  }

  setId(v: unknown): void {
    if (this.responseId === undefined && typeof v === 'string' && v.length > 0) this.responseId = v.slice(0, 256);
  }

  finish(v: unknown): void {
    if (typeof v === 'string' && v.length > 0 && this.finishReasons.length < 16 && !this.finishReasons.includes(v)) this.finishReasons.push(v);
  }

  /** Output text (or tool-call arguments, thinking): marks the first token and feeds estimation and content. */
  text(v: unknown): void {
    if (typeof v !== 'string' || v.length === 0) return;
    this.firstTokenAt ??= this.now();
    this.estimator.add(v);
    if (this.maxContentChars > 0 && this.content.length < this.maxContentChars) {
      this.content += v.slice(0, this.maxContentChars - this.content.length);
    }
  }

  /**
   * True while streamed text still matters: for estimation (see `TokenEstimator.wantsText`), for the
   * recorded content, or because no first token has been seen yet (time to first token).
   */
  get wantsText(): boolean {
    return this.firstTokenAt === undefined || this.estimator.wantsText || (this.maxContentChars > 0 && this.content.length < this.maxContentChars);
  }

  /** Output that is not text (an image, an audio delta): marks the first token only. */
  token(): void {
    this.firstTokenAt ??= this.now();
  }

  /** Replaces the usage with a newer, cumulative reading; undefined fields are dropped. */
  setUsage(u: Usage): void {
    const clean: Record<string, unknown> = {};
    let any = false;
    for (const k in u) {
      const v = u[k as keyof Usage];
      if (v !== undefined && Object.prototype.hasOwnProperty.call(u, k)) {
        clean[k] = v;
        any = true;
      }
    }
    if (any) this.usage = clean as Usage;
  }

  /** Adds fields the usage lacks (headers, request-derived counts). */
  fillUsage(u: Usage): void {
    const base: Record<string, unknown> = { ...(this.usage ?? {}) };
    let changed = false;
    for (const [k, v] of Object.entries(u)) {
      if (v !== undefined && base[k] === undefined) {
        base[k] = v;
        changed = true;
      }
    }
    if (changed) this.usage = base as Usage;
  }

  fail(reason: string): void {
    this.streamError ??= reason;
  }

  get completionText(): string | undefined {
    return this.maxContentChars > 0 ? this.content : undefined;
  }
}
