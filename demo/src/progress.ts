import type { Painter } from './style';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * One progress line on a terminal (redrawn in place, with a spinner, erased
 * when done); on a pipe, one plain line per step so logs still say what
 * happened.
 */
export class Progress {
  private text = '';
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly painter: Painter,
  ) {}

  private get live(): boolean {
    return this.stream.isTTY === true;
  }

  /** Shows what is happening now. */
  step(text: string): void {
    this.text = text;
    if (!this.live) {
      this.stream.write(`… ${text}\n`);
      return;
    }
    this.draw();
    this.timer ??= setInterval(() => this.draw(), 80);
  }

  /** Erases the line (before other output, and at the end). */
  clear(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.live && this.text !== '') this.stream.write('\r\u001b[K');
    this.text = '';
  }

  private draw(): void {
    this.frame = (this.frame + 1) % FRAMES.length;
    const width = Math.max(20, (this.stream.columns ?? 80) - 4);
    const text = this.text.length > width ? `${this.text.slice(0, width - 1)}…` : this.text;
    this.stream.write(`\r\u001b[K${this.painter.paint('cyan', FRAMES[this.frame])} ${text}`);
  }
}
