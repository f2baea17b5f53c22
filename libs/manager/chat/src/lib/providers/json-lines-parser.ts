import { ChatErrorCode, CHAT_LIMITS } from '@wharf/contracts';
import { draft, type EventDraft } from '../events/event-draft';
import { isObj, type Obj } from './json-access';
import type { OutputParser, ParserState } from './provider-adapter';
import { TextMessages } from './text-messages';

/** Invalid lines reported per turn as error events; later ones are only counted. */
const MAX_INVALID_REPORTED = 3;

/** Base of the CLI parsers: one JSON object per line; anything else is reported (a few times) and skipped. */
export abstract class JsonLinesParser implements OutputParser {
  readonly state: ParserState = {};
  protected readonly text: TextMessages;
  invalidLines = 0;

  constructor(turnId: string) {
    this.text = new TextMessages(turnId);
  }

  line(line: string): EventDraft[] {
    const trimmed = line.trim();
    if (trimmed === '') return [];
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      return this.invalid(trimmed);
    }
    return isObj(value) ? this.onObject(value) : this.invalid(trimmed);
  }

  end(stopped: boolean): EventDraft[] {
    return this.text.close(stopped);
  }

  protected abstract onObject(o: Obj): EventDraft[];

  protected error(message: string, code: string = ChatErrorCode.PROVIDER_ERROR): EventDraft {
    return draft('error', { code, message: clip(message, 2000) });
  }

  private invalid(line: string): EventDraft[] {
    if (++this.invalidLines > MAX_INVALID_REPORTED) return [];
    return [this.error(`unexpected output line: ${clip(line, 200)}`, ChatErrorCode.PROVIDER_OUTPUT_INVALID)];
  }
}

export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}… [${s.length - max} more characters]`;
}

/** Tool output as text: strings as they are, content blocks joined, anything else as JSON; cut to the limit. */
export function toolOutput(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = v;
  else if (Array.isArray(v))
    s = v
      .map((b) =>
        isObj(b) && typeof b['text'] === 'string' ? b['text'] : isObj(b) && b['type'] === 'image' ? '[image]' : JSON.stringify(b),
      )
      .join('\n');
  else if (v === undefined || v === null) s = '';
  else s = JSON.stringify(v);
  return clip(s, CHAT_LIMITS.toolOutputChars);
}
