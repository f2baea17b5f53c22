import { StringDecoder } from 'node:string_decoder';

/**
 * Cuts a byte stream into text lines (UTF-8 safe across chunk boundaries). A line longer than `maxChars`
 * is dropped, reported once through `onOverflow`, and reading resumes after its newline.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private skipping = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxChars = 4 * 1024 * 1024,
    private readonly onOverflow: (chars: number) => void = () => undefined,
  ) {}

  push(chunk: Buffer): void {
    this.consume(this.decoder.write(chunk));
  }

  end(): void {
    this.consume(this.decoder.end());
    if (!this.skipping && this.pending !== '') this.onLine(this.pending);
    this.pending = '';
    this.skipping = false;
  }

  private consume(text: string): void {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const piece = text.slice(start, nl);
      if (this.skipping) this.skipping = false;
      else this.onLine(this.pending + piece);
      this.pending = '';
      start = nl + 1;
    }
    if (this.skipping) return;
    this.pending += text.slice(start);
    if (this.pending.length > this.maxChars) {
      this.onOverflow(this.pending.length);
      this.pending = '';
      this.skipping = true;
    }
  }
}
