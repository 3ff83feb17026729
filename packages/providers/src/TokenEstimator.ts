import { ESTIMATOR_FLUSH_CHARS } from './constants';
import { countTextTokens } from './tokens';

/** Characters sampled in `sample` mode before extrapolating. */
const SAMPLE_CHARS = 32 * 1024;

/**
 * Counts the tokens of streamed output text with an offline tokenizer, in bounded memory.
 *
 * - `exact` mode (a stream known to carry no usage): text is tokenized in pieces of about 8 KiB, cut
 *   just before a space so that the pieces tokenize as the whole text would (BPE pre-tokenization splits
 *   there too); at most one piece is held.
 * - `sample` mode (usage is expected; counted only if the stream is cut first): the first 32 KiB are kept
 *   and tokenized on demand, and the count is scaled by total characters / sampled characters. No
 *   tokenizer runs unless {@link TokenEstimator.count} is called.
 */
export class TokenEstimator {
  private pending = '';
  private counted = 0;
  private chars = 0;
  // Sample mode: bytes of the events that gave text, and of the text events skipped unparsed.
  private textEventBytes = 0;
  private skippedBytes = 0;

  constructor(
    private readonly mode: 'exact' | 'sample',
    private readonly model: string | undefined,
  ) {}

  /** Adds streamed text. */
  add(text: string): void {
    this.chars += text.length;
    if (this.mode === 'sample') {
      if (this.pending.length < SAMPLE_CHARS) this.pending += text.slice(0, SAMPLE_CHARS - this.pending.length);
      return;
    }
    this.pending += text;
    if (this.pending.length >= ESTIMATOR_FLUSH_CHARS) {
      const cut = this.pending.lastIndexOf(' ');
      if (cut > 0) {
        this.counted += countTextTokens(this.pending.slice(0, cut), this.model);
        this.pending = this.pending.slice(cut);
      } else if (this.pending.length >= ESTIMATOR_FLUSH_CHARS * 4) {
        // No space in 32 KiB (code, CJK text): cut anyway, the error is a token or two.
        this.counted += countTextTokens(this.pending, this.model);
        this.pending = '';
      }
    }
  }

  /** True while added text is still used: always in `exact` mode, until the sample is full in `sample` mode. */
  get wantsText(): boolean {
    return this.mode === 'exact' || this.pending.length < SAMPLE_CHARS;
  }

  /** Notes the size (in bytes, as received) of a parsed event whose text was just added. */
  textEvent(bytes: number): void {
    this.textEventBytes += bytes;
  }

  /**
   * A text event skipped without parsing once {@link TokenEstimator.wantsText} was false (`sample`
   * mode only): its characters are estimated from its size at the characters-per-byte ratio of the
   * text events that were parsed.
   */
  skipped(bytes: number): void {
    this.skippedBytes += bytes;
  }

  /** Characters seen, plus those estimated for skipped events. */
  get characters(): number {
    if (this.skippedBytes === 0 || this.textEventBytes === 0) return this.chars;
    return this.chars + (this.skippedBytes * this.chars) / this.textEventBytes;
  }

  /** Estimated tokens of all text added so far. */
  count(): number {
    if (this.chars === 0) return 0;
    if (this.mode === 'sample') {
      const sampled = countTextTokens(this.pending, this.model);
      return Math.round((sampled * this.characters) / this.pending.length);
    }
    return this.counted + (this.pending.length > 0 ? countTextTokens(this.pending, this.model) : 0);
  }
}
