/**
 * Splits an AWS Config snapshot's JSON text, as it streams in, into the text of each element of
 * its top-level `configurationItems` array, so each item can be parsed (by `JSON.parse`, V8's own
 * parser), validated and dropped before the next one is read. Everything outside that array (the
 * document's other members: `fileVersion`, `configSnapshotId`, gatewatch's block) is kept as a
 * small "frame" text — the document with an empty `configurationItems` array — for `JSON.parse`
 * at the end.
 *
 * This is a structural scanner only: it follows strings, escapes and brackets to find where each
 * element ends and checks the brackets pair up and the array's commas; the text of every element
 * and of the frame is then checked by `JSON.parse`, so the whole document is validated as
 * strictly as `JSON.parse` would validate it in one piece. (Streaming JSON libraries tokenize every
 * value in JavaScript: on 100,000 AWS Config items (190 MB) @streamparser/json took 5.8 s and
 * stream-json 8.4–22 s, against about 1.5 s for this scan and JSON.parse, Node 20.)
 */

/** A structural error; the caller names the file. */
export class JsonStructureError extends Error {
  override readonly name = 'JsonStructureError';
}

export interface JsonItemsLimits {
  /** The longest text of one element (characters): a runaway element stops here. */
  readonly maxItemChars: number;
  /** The longest frame (the document outside the items), in characters. */
  readonly maxFrameChars: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const isSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

const ITEMS_KEY = 'configurationItems';

/**
 * Feed it text with `push`, then call `end`. `onItem` receives each element's text (whitespace
 * around it removed) with its index; `end` returns the frame.
 */
export class JsonItemSplitter {
  /** Open brackets, innermost last: `{` or `[` as char codes. */
  private readonly stack: number[] = [];
  private inString = false;
  private escaped = false;
  /** Whether anything but whitespace has been seen. */
  private started = false;
  /** Whether the top-level value is complete. */
  private done = false;

  /** Depth-1 key tracking (members of the top-level object). */
  private expectingKey = false;
  private keyStart = -1;
  private keyText = '';
  private lastKey: string | undefined;
  private awaitingValue = false;

  /** Inside the items array (its elements are at depth 2). */
  private inItems = false;
  private itemsSeen = false;
  /** The element being read: its text so far (from earlier chunks) and where it starts in this chunk. */
  private element: string | undefined;
  private elementStart = -1;
  /** A scalar element ends at a comma, bracket or whitespace rather than at a closing bracket. */
  private scalarElement = false;
  /** After an element: a comma or the closing bracket must come next. */
  private afterElement = false;
  /** After a comma: an element must come next. */
  private afterComma = false;
  private index = 0;

  private frame = '';
  private frameStart = 0;

  constructor(
    private readonly onItem: (text: string, index: number) => void,
    private readonly limits: JsonItemsLimits,
  ) {}

  /** Items handed out so far. */
  get count(): number {
    return this.index;
  }

  push(chunk: string): void {
    if (chunk.length === 0) return;
    this.frameStart = this.inItems ? -1 : 0;
    if (this.element !== undefined) this.elementStart = 0;
    const length = chunk.length;
    let i = 0;
    if (this.inString) i = this.skipString(chunk, 0);
    for (; i < length; i++) {
      const code = chunk.charCodeAt(i);
      if (isSpace(code)) {
        if (this.scalarElement && this.element !== undefined && this.stack.length === 2) this.endElement(chunk, i);
        continue;
      }
      if (this.done) throw new JsonStructureError('more text after the end of the JSON document');
      this.started = true;
      const depth = this.stack.length;

      if (this.inItems && depth === 2 && this.element === undefined) {
        // Between elements of configurationItems.
        if (code === COMMA) {
          if (!this.afterElement) throw new JsonStructureError(`configurationItems[${this.index}]: a comma where an item should be`);
          this.afterElement = false;
          this.afterComma = true;
          continue;
        }
        if (code === CLOSE_BRACKET) {
          if (this.afterComma) throw new JsonStructureError(`configurationItems: a comma after the last item (configurationItems[${this.index - 1}])`);
          this.stack.pop();
          this.inItems = false;
          this.afterElement = false;
          this.frameStart = i;
          continue;
        }
        if (this.afterElement) throw new JsonStructureError(`configurationItems[${this.index - 1}]: expected a comma or ] after the item`);
        this.afterComma = false;
        this.element = '';
        this.elementStart = i;
        this.scalarElement = code !== OPEN_BRACE && code !== OPEN_BRACKET;
        if (this.scalarElement) {
          if (code === QUOTE) {
            this.inString = true;
            i = this.skipString(chunk, i + 1) - 1;
          }
          continue;
        }
      } else if (this.scalarElement && this.element !== undefined && depth === 2) {
        if (code === COMMA || code === CLOSE_BRACKET) {
          this.endElement(chunk, i);
          i -= 1; // read the separator again, between elements
        }
        continue;
      }

      switch (code) {
        case QUOTE:
          this.inString = true;
          if (depth === 1 && this.expectingKey) {
            this.keyStart = i + 1;
            this.keyText = '';
          } else if (depth === 1) this.awaitingValue = false;
          i = this.skipString(chunk, i + 1) - 1;
          break;
        case COLON:
          if (depth === 1) {
            this.expectingKey = false;
            this.awaitingValue = true;
          }
          break;
        case COMMA:
          if (depth === 1) this.expectingKey = true;
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          if (depth === 0 && code === OPEN_BRACE) this.expectingKey = true;
          if (depth === 1 && this.awaitingValue && code === OPEN_BRACKET && this.lastKey === ITEMS_KEY) {
            if (this.itemsSeen) throw new JsonStructureError('configurationItems appears twice');
            this.itemsSeen = true;
            this.inItems = true;
            this.stack.push(code);
            // The frame keeps the array's brackets with nothing between them.
            this.appendFrame(chunk, i + 1);
            this.frameStart = -1;
            this.afterComma = false;
            this.afterElement = false;
            continue;
          }
          if (depth === 1) this.awaitingValue = false;
          this.stack.push(code);
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET: {
          const open = this.stack.pop();
          if (open === undefined || (open === OPEN_BRACE) !== (code === CLOSE_BRACE)) {
            throw new JsonStructureError(`${open === undefined ? 'a closing' : 'a mismatched'} ${String.fromCharCode(code)}${this.where()}`);
          }
          if (this.stack.length === 0) this.done = true;
          if (this.element !== undefined && this.stack.length === 2) this.endElement(chunk, i + 1);
          break;
        }
        default:
          if (depth === 1) this.awaitingValue = false;
      }
    }
    if (this.keyStart !== -1) {
      this.keyText += chunk.slice(this.keyStart);
      this.keyStart = 0;
    }
    if (this.element !== undefined) {
      this.element += chunk.slice(this.elementStart);
      if (this.element.length > this.limits.maxItemChars) {
        throw new JsonStructureError(`configurationItems[${this.index}]: an item longer than ${this.limits.maxItemChars} characters (is the file cut or malformed?)`);
      }
    }
    if (this.frameStart !== -1) this.appendFrame(chunk, length);
  }

  /** Ends the input; returns the frame (the document without its items) for JSON.parse. */
  end(): string {
    if (!this.started) throw new JsonStructureError('the file is empty');
    if (this.inString || this.stack.length > 0) {
      const inside = this.inItems || this.element !== undefined ? `inside configurationItems[${this.index}]` : `inside the document${this.where()}`;
      throw new JsonStructureError(`the file ends ${inside} (is it cut short?)`);
    }
    return this.frame;
  }

  /**
   * Inside a string from `from`: returns the index just past its closing quote (and ends the
   * string, or the key or scalar item it is), or the chunk's length when it goes on in the next
   * chunk. Runs of text are skipped with indexOf; a quote counts when an even number of
   * backslashes precedes it.
   */
  private skipString(chunk: string, from: number): number {
    let i = from;
    if (this.escaped) {
      this.escaped = false;
      i += 1;
    }
    for (;;) {
      const quote = chunk.indexOf('"', i);
      if (quote === -1) {
        let run = 0;
        for (let j = chunk.length - 1; j >= i && chunk.charCodeAt(j) === BACKSLASH; j--) run += 1;
        this.escaped = run % 2 === 1;
        return chunk.length;
      }
      let run = 0;
      for (let j = quote - 1; j >= i && chunk.charCodeAt(j) === BACKSLASH; j--) run += 1;
      if (run % 2 === 1) {
        i = quote + 1;
        continue;
      }
      this.inString = false;
      if (this.keyStart !== -1) this.endKey(chunk, quote);
      else if (this.scalarElement && this.element !== undefined && this.stack.length === 2) this.endElement(chunk, quote + 1);
      return quote + 1;
    }
  }

  private where(): string {
    if (this.inItems || this.element !== undefined) return ` in configurationItems[${this.index}]`;
    return this.lastKey === undefined ? '' : ` after "${this.lastKey}"`;
  }

  private endKey(chunk: string, quote: number): void {
    this.lastKey = this.keyText + chunk.slice(this.keyStart, quote);
    this.keyStart = -1;
    this.keyText = '';
  }

  private endElement(chunk: string, end: number): void {
    const text = (this.element ?? '') + chunk.slice(this.elementStart, end);
    this.element = undefined;
    this.scalarElement = false;
    this.afterElement = true;
    const index = this.index;
    this.index += 1;
    this.onItem(text, index);
  }

  private appendFrame(chunk: string, end: number): void {
    if (this.frameStart === -1 || end <= this.frameStart) return;
    this.frame += chunk.slice(this.frameStart, end);
    if (this.frame.length > this.limits.maxFrameChars) {
      throw new JsonStructureError(
        `more than ${this.limits.maxFrameChars} characters outside configurationItems${this.itemsSeen ? '' : ' (no configurationItems array found)'}`,
      );
    }
  }
}
