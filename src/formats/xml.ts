/**
 * A small located XML scanner: text in, element tree out, with the 1-based line and column of every element and
 * attribute, or the first syntax error as a value (kind, offset and what it concerns). Shared by the KTAB reader
 * (ktab.ts) and the GENIUS reader (genius.ts), which word the errors in their own terms (`XmlWording`).
 *
 * Source: Extensible Markup Language (XML) 1.0, Fifth Edition, W3C Recommendation, 26 November 2008
 * (https://www.w3.org/TR/xml/): elements and attributes (§3.1: whitespace before each attribute, values in single or
 * double quotes without "<", an attribute at most once per tag), character data with the five predefined entities and
 * character references (§2.4, §4.1, §4.6; a reference must name an XML character, §2.2), comments (§2.5),
 * processing instructions (§2.6), CDATA sections (§2.7, kept as text), the XML declaration and a DOCTYPE with an
 * optional internal subset (§2.8, skipped), one root element and nothing but markup and whitespace around it (§2.1).
 *
 * Not done (none of the formats needs it): namespaces (a prefixed name is kept as written), entities declared in a
 * DTD (skipped, so a reference to one is an error), attribute-value normalisation, validation; names are ASCII
 * (letters, digits, "_", ":", ".", "-"); "--" inside a comment is not checked.
 *
 * Lines end at "\n", "\r\n" or a lone "\r"; a leading byte-order mark takes no column (`lineIndex`). Pure; never
 * throws for any input. O(length of the text) time and space. Written here rather than loading an XML library
 * because the readers are loaded by every command (fast-xml-parser cost ~35 ms at start-up) and every problem must
 * say where it is.
 */
import { problem, type InputProblem } from '../core/errors.js';

// ================================================================ offsets → lines and columns

export interface TextPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (as JavaScript offsets count). */
  column: number;
}

/**
 * The offset → line and column function of a text: a line ends at "\n", "\r\n" or a lone "\r"; a leading
 * byte-order mark takes no column; an offset past the end counts on from the last line. O(length) to build; O(1) per
 * query on the line last asked about or the next one (a scanner asks in increasing order), O(log lines) otherwise.
 */
export function lineIndex(text: string): (offset: number) => TextPosition {
  const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  const last = starts.length - 1;
  let hint = 0; // the line of the previous query
  return (offset) => {
    let line: number;
    if (offset >= starts[hint]! && (hint === last || offset < starts[hint + 1]!)) line = hint;
    else if (hint < last && offset >= starts[hint + 1]! && (hint + 1 === last || offset < starts[hint + 2]!)) line = hint + 1;
    else {
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      line = lo;
    }
    hint = line;
    return { line: line + 1, column: Math.max(1, offset - starts[line]! + 1) };
  };
}

// ================================================================ the element tree

export interface XmlElement {
  name: string;
  /** Attribute values, references decoded (an object without prototype: any name is safe). */
  attributes: Record<string, string>;
  /** Where each attribute's name starts. */
  attributePositions: Record<string, TextPosition>;
  children: XmlElement[];
  /** The element's own character data and CDATA, concatenated, references decoded (not its children's text). */
  text: string;
  /** Position of the element's "<". */
  line: number;
  column: number;
  /** Offset of the element's "<" in the text. */
  offset: number;
}

export type XmlErrorKind =
  | 'unclosed-comment'
  | 'unclosed-pi'
  | 'unclosed-cdata'
  | 'unclosed-declaration'
  | 'cdata-outside-root'
  | 'text-outside-root'
  | 'bad-reference'
  | 'end-tag-without-name'
  | 'unclosed-end-tag'
  | 'end-tag-without-start'
  | 'mismatched-end-tag'
  | 'stray-lt'
  | 'unclosed-start-tag'
  | 'malformed-attribute'
  | 'duplicate-attribute'
  | 'second-root'
  | 'unclosed-element'
  | 'no-root';

export interface XmlSyntaxError {
  kind: XmlErrorKind;
  /**
   * Where the problem is: the "<" of the construct; the attribute (malformed, duplicate); the "&" of a bad
   * reference; the first character of stray text; the end of the text (unclosed-element); 0 (no-root).
   */
  offset: number;
  /** The tag's name (tag, attribute and end-tag errors). */
  name?: string;
  /** The "<" of the start tag being read (unclosed-start-tag, malformed-attribute, duplicate-attribute). */
  tagOffset?: number;
  /** The element left open (mismatched-end-tag, unclosed-element). */
  open?: XmlElement;
  /** The reference as written (bad-reference), the attribute name (duplicate-attribute), the first 20 characters of stray text. */
  text?: string;
}

export interface XmlScan {
  root?: XmlElement;
  error?: XmlSyntaxError;
}

const NAME = /[A-Za-z_:][\w.:-]*/y;
const ATTRIBUTE = /([A-Za-z_:][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const END_TAG_CLOSE = /\s*>/y;
const SUBSET_CLOSE = /\]\s*>/g;
const REFERENCE = /&([^;&<\s]*);?/g;
const NON_SPACE = /\S/;

/**
 * Attribute maps: own properties only, no inherited names ("constructor", "__proto__" are ordinary keys), yet
 * ordinary (fast) objects, unlike Object.create(null).
 */
const NoPrototype = function () {} as unknown as new () => Record<string, never>;
NoPrototype.prototype = Object.create(null) as object;

/** Is the code point an XML character (XML 1.0 §2.2)? */
const isXmlChar = (c: number) => c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

/** The text a reference (without "&" and ";") stands for, or undefined. */
function referenceValue(ref: string): string | undefined {
  switch (ref) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  if (ref.charCodeAt(0) !== 35) return undefined; // '#'
  const hex = /^#x([0-9a-f]+)$/i.exec(ref)?.[1];
  const dec = /^#(\d+)$/.exec(ref)?.[1];
  const code = hex !== undefined ? parseInt(hex, 16) : dec !== undefined ? Number(dec) : NaN;
  return isXmlChar(code) ? String.fromCodePoint(code) : undefined;
}

/** Decode the references in character data or an attribute value; a bad one comes back with its index. */
function decodeReferences(raw: string): string | { index: number; reference: string } {
  if (raw.indexOf('&') < 0) return raw;
  let out = '';
  let last = 0;
  REFERENCE.lastIndex = 0;
  for (let m = REFERENCE.exec(raw); m; m = REFERENCE.exec(raw)) {
    const ch = m[0].endsWith(';') ? referenceValue(m[1]!) : undefined;
    if (ch === undefined) return { index: m.index, reference: m[0] };
    out += raw.slice(last, m.index) + ch;
    last = m.index + m[0].length;
  }
  return out + raw.slice(last);
}

/** Whitespace as JavaScript's \s and trim() see it (the two scanners this replaces both used it). */
function isSpace(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && NON_SPACE.test(text[i]!) === false);
}

/** Scan XML text into its element tree, or the first syntax error. Never throws. O(length of the text). */
export function scanXml(text: string): XmlScan {
  const position = lineIndex(text);
  const n = text.length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (kind: XmlErrorKind, offset: number, about: Omit<XmlSyntaxError, 'kind' | 'offset'> = {}): XmlScan => ({ error: { kind, offset, ...about } });
  while (pos < n) {
    const lt = text.indexOf('<', pos);
    const end = lt < 0 ? n : lt;
    if (end > pos) {
      const chunk = text.slice(pos, end);
      const top = stack[stack.length - 1];
      if (!top) {
        const first = chunk.search(NON_SPACE);
        if (first >= 0) return fail('text-outside-root', pos + first, { text: chunk.trim().slice(0, 20) });
      } else {
        const decoded = decodeReferences(chunk);
        if (typeof decoded !== 'string') return fail('bad-reference', pos + decoded.index, { text: decoded.reference });
        top.text += decoded;
      }
    }
    if (lt < 0) break;
    pos = lt;
    if (text.startsWith('<!--', pos)) {
      const close = text.indexOf('-->', pos + 4);
      if (close < 0) return fail('unclosed-comment', pos);
      pos = close + 3;
    } else if (text.startsWith('<![CDATA[', pos)) {
      const close = text.indexOf(']]>', pos + 9);
      if (close < 0) return fail('unclosed-cdata', pos);
      const top = stack[stack.length - 1];
      if (!top) return fail('cdata-outside-root', pos);
      top.text += text.slice(pos + 9, close);
      pos = close + 3;
    } else if (text.startsWith('<?', pos)) {
      const close = text.indexOf('?>', pos + 2);
      if (close < 0) return fail('unclosed-pi', pos);
      pos = close + 2;
    } else if (text.startsWith('<!', pos)) {
      // <!DOCTYPE …> or another declaration; an internal subset [ … ] may hold ">" and ends at "]>".
      const close = text.indexOf('>', pos + 2);
      if (close < 0) return fail('unclosed-declaration', pos);
      const bracket = text.slice(pos + 2, close).indexOf('[');
      if (bracket < 0) pos = close + 1;
      else {
        SUBSET_CLOSE.lastIndex = pos + 2 + bracket;
        const m = SUBSET_CLOSE.exec(text);
        if (!m) return fail('unclosed-declaration', pos, { text: '[' });
        pos = m.index + m[0].length;
      }
    } else if (text.startsWith('</', pos)) {
      NAME.lastIndex = pos + 2;
      const name = NAME.exec(text)?.[0];
      if (name === undefined) return fail('end-tag-without-name', pos);
      END_TAG_CLOSE.lastIndex = pos + 2 + name.length;
      if (!END_TAG_CLOSE.exec(text)) return fail('unclosed-end-tag', pos, { name });
      const open = stack[stack.length - 1];
      if (!open) return fail('end-tag-without-start', pos, { name });
      if (open.name !== name) return fail('mismatched-end-tag', pos, { name, open });
      stack.pop();
      pos = END_TAG_CLOSE.lastIndex;
    } else {
      const start = pos;
      NAME.lastIndex = start + 1;
      const name = NAME.exec(text)?.[0];
      if (name === undefined) return fail('stray-lt', start);
      const at = position(start);
      const el: XmlElement = {
        name,
        attributes: new NoPrototype() as Record<string, string>,
        attributePositions: new NoPrototype() as Record<string, TextPosition>,
        children: [],
        text: '',
        line: at.line,
        column: at.column,
        offset: start,
      };
      let i = start + 1 + name.length;
      let selfClosing = false;
      for (;;) {
        const spaceStart = i;
        while (i < n && isSpace(text, i)) i++;
        if (i >= n) return fail('unclosed-start-tag', start, { name, tagOffset: start });
        const c = text.charCodeAt(i);
        if (c === 62) {
          i++; // '>'
          break;
        }
        if (c === 47 && text.charCodeAt(i + 1) === 62) {
          i += 2; // '/>'
          selfClosing = true;
          break;
        }
        ATTRIBUTE.lastIndex = i;
        const m = i > spaceStart ? ATTRIBUTE.exec(text) : null;
        if (!m) return fail('malformed-attribute', i, { name, tagOffset: start });
        const attr = m[1]!;
        if (attr in el.attributes) return fail('duplicate-attribute', i, { name, tagOffset: start, text: attr });
        const raw = m[2] ?? m[3]!;
        const value = decodeReferences(raw);
        if (typeof value !== 'string') return fail('bad-reference', ATTRIBUTE.lastIndex - 1 - raw.length + value.index, { text: value.reference });
        el.attributes[attr] = value;
        el.attributePositions[attr] = position(i);
        i = ATTRIBUTE.lastIndex;
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) return fail('second-root', start, { name });
      else root = el;
      if (!selfClosing) stack.push(el);
      pos = i;
    }
  }
  const open = stack[stack.length - 1];
  if (open) return fail('unclosed-element', n, { name: open.name, open });
  if (!root) return fail('no-root', 0);
  return { root };
}

// ================================================================ errors in words

export interface XmlErrorText {
  message: string;
  fix: string;
  /** Where to locate the problem, when not at the error's offset. */
  offset?: number;
  /** The problem's code, when not "xml-syntax" ("xml-empty" for no-root). "xml-syntax" messages get the prefix "XML syntax error: ". */
  code?: string;
}

/** How a reader words syntax errors; kinds it leaves out get the default wording below. */
export type XmlWording = { [K in XmlErrorKind]?: (e: XmlSyntaxError) => XmlErrorText };

const DEFAULT_WORDING: { [K in XmlErrorKind]: (e: XmlSyntaxError) => XmlErrorText } = {
  'unclosed-comment': () => ({ message: 'a comment is never closed', fix: 'end the comment with -->' }),
  'unclosed-pi': () => ({ message: 'a processing instruction is never closed', fix: 'end it with ?>' }),
  'unclosed-cdata': () => ({ message: 'a CDATA section is never closed', fix: 'end it with ]]>' }),
  'unclosed-declaration': (e) => ({ message: 'a declaration is never closed', fix: e.text === '[' ? 'end its internal subset with ]>' : 'end it with >' }),
  'cdata-outside-root': () => ({ message: 'a CDATA section outside the root element', fix: 'move it inside an element' }),
  'text-outside-root': (e) => ({ message: `text "${e.text}" outside the root element`, fix: 'remove it or move it inside an element' }),
  'bad-reference': (e) => ({ message: `"${e.text}" is not an XML entity or character reference`, fix: 'write &amp; for a literal "&" (the entities are &lt; &gt; &amp; &quot; &apos;)' }),
  'end-tag-without-name': () => ({ message: 'malformed end tag', fix: 'write end tags as </name>' }),
  'unclosed-end-tag': () => ({ message: 'malformed end tag', fix: 'write end tags as </name>' }),
  'end-tag-without-start': (e) => ({ message: `end tag </${e.name}> without a start tag`, fix: 'remove it or add the matching start tag' }),
  'mismatched-end-tag': (e) => ({ message: `end tag </${e.name}> does not match <${e.open!.name}> opened at line ${e.open!.line}, column ${e.open!.column}`, fix: `close <${e.open!.name}> first` }),
  'stray-lt': () => ({ message: 'a "<" that does not start a tag', fix: 'write &lt; for a literal "<"' }),
  'unclosed-start-tag': (e) => ({ message: `tag <${e.name}> is never closed`, fix: 'end the tag with > or />' }),
  'malformed-attribute': (e) => ({ message: `malformed attribute in <${e.name}>`, fix: 'write attributes as name="value"' }),
  'duplicate-attribute': (e) => ({ message: `attribute ${e.text} appears twice in <${e.name}>`, fix: 'remove one of them' }),
  'second-root': (e) => ({ message: `a second top-level element <${e.name}>`, fix: 'an XML file has exactly one root element' }),
  'unclosed-element': (e) => ({ message: `<${e.open!.name}> (line ${e.open!.line}, column ${e.open!.column}) is never closed`, fix: `add </${e.open!.name}>` }),
  'no-root': () => ({ message: 'no XML element found', fix: 'give an XML file with one root element', code: 'xml-empty' }),
};

/** The error in the reader's words (default wording for kinds it does not word), with the offset to locate it at. */
export function describeXmlError(e: XmlSyntaxError, wording: XmlWording = {}): Required<XmlErrorText> {
  const t = (wording[e.kind] ?? DEFAULT_WORDING[e.kind])(e);
  return { message: t.message, fix: t.fix, offset: t.offset ?? e.offset, code: t.code ?? (e.kind === 'no-root' ? 'xml-empty' : 'xml-syntax') };
}

export interface XmlResult {
  root?: XmlElement;
  /** The syntax error, located; empty when `root` is present. */
  problems: InputProblem[];
}

/** Scan XML text; a syntax error comes back as one located problem in the reader's words. Never throws. O(length). */
export function parseXml(text: string, wording: XmlWording = {}): XmlResult {
  const { root, error } = scanXml(text);
  if (!error) return { root, problems: [] };
  const d = describeXmlError(error, wording);
  const message = d.code === 'xml-syntax' ? `XML syntax error: ${d.message}` : d.message;
  return { problems: [{ ...problem(d.code, [], message, d.fix), ...lineIndex(text)(d.offset) }] };
}
