// The shared located XML scanner (xml.ts): trees, positions, references, skipped markup, every syntax error located,
// and properties: line/column agree with a naive count, a serialised tree reads back with its positions, nothing throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeXmlError, lineIndex, parseXml, scanXml, type XmlElement, type XmlErrorKind } from './xml.js';

const shape = (e: XmlElement): unknown => ({ name: e.name, attributes: { ...e.attributes }, text: e.text, children: e.children.map(shape) });

describe('scanXml: the tree', () => {
  it('nests elements, keeps attributes (references decoded) and each element\'s own text', () => {
    const { root, error } = scanXml('<a x="1" y=\'two &amp; &quot;3&quot;\'>head<b k = "v"/>mid<c>in c</c>tail</a>');
    expect(error).toBeUndefined();
    expect(shape(root!)).toEqual({
      name: 'a',
      attributes: { x: '1', y: 'two & "3"' },
      text: 'headmidtail',
      children: [
        { name: 'b', attributes: { k: 'v' }, text: '', children: [] },
        { name: 'c', attributes: {}, text: 'in c', children: [] },
      ],
    });
  });

  it('decodes the five entities and decimal, hex and astral character references, in text and attributes', () => {
    const { root } = scanXml('<a v="&#60;&#x3E;&#X26;">&lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#x1F600;&#233;</a>');
    expect(root!.text).toBe('<>&"\' AB\u{1F600}é');
    expect(root!.attributes.v).toBe('<>&');
  });

  it('skips comments, processing instructions, the XML declaration and a DOCTYPE with an internal subset; keeps CDATA as text', () => {
    const text = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!DOCTYPE a [ <!ENTITY e "x > y"> <!ELEMENT a ANY> ] >',
      '<!-- a <comment> with <b>tags</b> -->',
      '<a>1<!-- no -->2<?pi data?>3<![CDATA[<not a="tag"> & ]]]>4</a>',
      '<!-- after -->',
    ].join('\n');
    const { root, error } = scanXml(text);
    expect(error).toBeUndefined();
    expect(root!.children).toEqual([]);
    expect(root!.text).toBe('123<not a="tag"> & ]4');
    expect([root!.line, root!.column, root!.offset]).toEqual([4, 1, text.indexOf('<a>')]);
  });

  it('a byte-order mark takes no column; \\r\\n and a lone \\r end lines', () => {
    const { root } = scanXml('\uFEFF<a>\r\n  <b\r    x="1"/>\r<c/>\n\t<d/></a>');
    const [b, c, d] = root!.children;
    expect([root!.line, root!.column]).toEqual([1, 1]);
    expect([b!.line, b!.column]).toEqual([2, 3]);
    expect(b!.attributePositions.x).toEqual({ line: 3, column: 5 });
    expect([c!.line, c!.column]).toEqual([4, 1]);
    expect([d!.line, d!.column]).toEqual([5, 2]);
  });

  it('attribute names are plain keys: nothing is inherited and "__proto__" is an ordinary attribute', () => {
    const { root } = scanXml('<a constructor="c" __proto__="p"/>');
    expect(root!.attributes.constructor).toBe('c');
    expect(Object.keys(root!.attributes)).toEqual(['constructor', '__proto__']);
    expect(root!.attributes.__proto__).toBe('p');
    expect('toString' in root!.attributes).toBe(false);
    expect(scanXml('<a/>').root!.attributes.toString).toBeUndefined();
  });
});

describe('scanXml: syntax errors, each located', () => {
  // text, kind, line, column of the problem parseXml reports (default wording)
  const cases: [string, XmlErrorKind, number, number][] = [
    ['<a><!-- x </a>', 'unclosed-comment', 1, 4],
    ['<a><!--></a>', 'unclosed-comment', 1, 4],
    ['<a>\n<? x</a>', 'unclosed-pi', 2, 1],
    ['<a><![CDATA[ x</a>', 'unclosed-cdata', 1, 4],
    ['<!DOCTYPE a', 'unclosed-declaration', 1, 1],
    ['\n\n<!DOCTYPE a [ <!ENTITY e "v"> <a/>', 'unclosed-declaration', 3, 1],
    ['<![CDATA[x]]><a/>', 'cdata-outside-root', 1, 1],
    ['<a/>\n  tail', 'text-outside-root', 2, 3],
    ['<a>1 & 2</a>', 'bad-reference', 1, 6],
    ['<a>&nbsp;</a>', 'bad-reference', 1, 4],
    ['<a>&#0;</a>', 'bad-reference', 1, 4],
    ['<a>&#x110000;</a>', 'bad-reference', 1, 4],
    ['<a>&#xD800;</a>', 'bad-reference', 1, 4],
    ['<a>&constructor;</a>', 'bad-reference', 1, 4],
    ['<a>&amp</a>', 'bad-reference', 1, 4],
    ['<a v="x &bogus; y"/>', 'bad-reference', 1, 9],
    ['<a></ ></a>', 'end-tag-without-name', 1, 4],
    ['<a></a', 'unclosed-end-tag', 1, 4],
    ['<a/></a>', 'end-tag-without-start', 1, 5],
    ['<a>\n  <b x="1">\n</a>', 'mismatched-end-tag', 3, 1],
    ['<a>1 < 2</a>', 'stray-lt', 1, 6],
    ['<a x="1"', 'unclosed-start-tag', 1, 1],
    ['<a x=1/>', 'malformed-attribute', 1, 4],
    ['<a x="1"y="2"/>', 'malformed-attribute', 1, 9],
    ['<a x="<"/>', 'malformed-attribute', 1, 4],
    ['<a/ >', 'malformed-attribute', 1, 3],
    ['<a x="1"\n   x="2"/>', 'duplicate-attribute', 2, 4],
    ['<a/>\r\n<b/>', 'second-root', 2, 1],
    ['<a>\n<b>\n', 'unclosed-element', 3, 1],
    ['', 'no-root', 1, 1],
    ['\uFEFF<?xml version="1.0"?>\n<!-- only -->\n', 'no-root', 1, 1],
  ];
  it.each(cases)('%j: %s at %i:%i', (text, kind, line, column) => {
    const scan = scanXml(text);
    expect(scan.root).toBeUndefined();
    expect(scan.error!.kind).toBe(kind);
    const { root, problems } = parseXml(text);
    expect(root).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: kind === 'no-root' ? 'xml-empty' : 'xml-syntax', line, column });
    expect(problems[0]!.message.length).toBeGreaterThan(0);
    expect(problems[0]!.fix.length).toBeGreaterThan(0);
  });

  it('names what is wrong: the tag, the element left open and where it opened, the reference as written', () => {
    const m = (text: string) => parseXml(text).problems[0]!.message;
    expect(m('<a>\n  <b x="1">\n</a>')).toBe('XML syntax error: end tag </a> does not match <b> opened at line 2, column 3');
    expect(m('<a>\n<b>\n')).toBe('XML syntax error: <b> (line 2, column 1) is never closed');
    expect(m('<a>&nbsp;</a>')).toBe('XML syntax error: "&nbsp;" is not an XML entity or character reference');
    expect(m('<a x="1" x="2"/>')).toBe('XML syntax error: attribute x appears twice in <a>');
    expect(m('<a/>  tail text that goes on and on')).toBe('XML syntax error: text "tail text that goes " outside the root element');
  });

  it('a reader words errors its own way and may locate them elsewhere; other kinds keep the default wording', () => {
    const wording = { 'unclosed-element': () => ({ message: 'still open', fix: 'close it', offset: 0 }) };
    expect(parseXml('\n<a>', wording).problems[0]).toMatchObject({ message: 'XML syntax error: still open', fix: 'close it', line: 1, column: 1 });
    expect(describeXmlError(scanXml('<a></b>').error!, wording)).toMatchObject({ message: 'end tag </b> does not match <a> opened at line 1, column 1', offset: 3, code: 'xml-syntax' });
  });
});

describe('lineIndex', () => {
  /** The naive count: split the text before the offset at line ends. */
  function naive(text: string, offset: number): { line: number; column: number } {
    const bom = text.startsWith('\uFEFF') ? 1 : 0;
    const before = text.slice(bom, Math.max(bom, offset));
    const lines = before.split(/\r\n|\r|\n/);
    // an offset on the "\n" of "\r\n" is still on the line the "\r" ends
    if (before.endsWith('\r') && text[offset] === '\n') return { line: lines.length - 1, column: lines[lines.length - 2]!.length + 2 };
    return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
  }
  it('agrees with a naive count at every offset, queried in any order', () => {
    const unit = fc.constantFrom('a', 'b', ' ', '\n', '\r', '\r\n', '\t', 'é', '\u{1F600}');
    fc.assert(
      fc.property(fc.boolean(), fc.array(unit, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 30 }), (bom, parts, order) => {
        const text = (bom ? '\uFEFF' : '') + parts.join('');
        const at = lineIndex(text);
        const offsets = [...Array(text.length + 1).keys(), ...order.map((k) => k % (text.length + 1))];
        for (const offset of offsets) expect(at(offset)).toEqual(naive(text, offset));
      }),
      { seed: 20261128, numRuns: 300 },
    );
  });
});

describe('scanXml: properties', () => {
  interface Tree {
    name: string;
    attributes: [string, string][];
    text: string;
    children: Tree[];
  }
  const name = fc.constantFrom('a', 'b', 'issue', 'item', 'x:y', '_n-1.2');
  const value = fc.constantFrom('', 'v', 'a & b', '<>', '"quoted"', "it's", 'é', '\u{1F600}');
  const treeAt = (depth: number): fc.Arbitrary<Tree> =>
    fc.record({
      name,
      attributes: fc.uniqueArray(fc.tuple(fc.constantFrom('index', 'name', 'value', 'constructor', '__proto__'), value), { maxLength: 3, selector: (p) => p[0] }),
      text: value,
      children: depth === 0 ? fc.constant([]) : fc.array(treeAt(depth - 1), { maxLength: 3 }),
    });
  const tree = treeAt(3);
  const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&#62;');
  const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

  /** Serialise with the given separators, recording where each element and attribute starts. */
  function serialise(t: Tree, gaps: string[], cdata: boolean) {
    let out = '';
    let g = 0;
    const gap = () => gaps[g++ % gaps.length]!;
    const where: { offset: number; attrs: Record<string, number> }[] = [];
    const write = (e: Tree) => {
      const rec = { offset: out.length, attrs: {} as Record<string, number> };
      where.push(rec);
      out += `<${e.name}`;
      for (const [k, v] of e.attributes) {
        out += ' ' + gap();
        rec.attrs[k] = out.length;
        out += `${k}${gap()}=${gap()}"${escapeAttr(v)}"`;
      }
      if (e.children.length === 0 && e.text === '') {
        out += gap() + '/>';
        return;
      }
      out += '>' + (cdata && !e.text.includes(']]>') ? `<![CDATA[${e.text}]]>` : escapeText(e.text));
      for (const c of e.children) {
        out += gap() + `<!--${gap()}-->`;
        write(c);
      }
      out += `</${e.name}${gap()}>`;
    };
    write(t);
    return { out, where };
  }
  const textOf = (t: Tree, gaps: string[]): boolean => t.children.length > 0 && gaps.some((s) => s !== '');

  it('a serialised tree reads back: names, decoded attributes, text, and the line and column of every element and attribute', () => {
    const gapArb = fc.array(fc.constantFrom('', ' ', '\n', '\r\n', '\r', '\t  '), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(tree, gapArb, fc.boolean(), fc.constantFrom('', '\uFEFF', '\uFEFF<?xml version="1.0"?>\r\n', '<!DOCTYPE a [ <!ENTITY e "a>b"> ]>\n'), (t, gaps, cdata, prolog) => {
        const { out, where } = serialise(t, gaps, cdata);
        const text = prolog + out + '\n';
        const { root, error } = scanXml(text);
        expect(error).toBeUndefined();
        const at = lineIndex(text);
        const seen: XmlElement[] = [];
        const walk = (e: XmlElement, want: Tree) => {
          seen.push(e);
          expect(e.name).toBe(want.name);
          expect({ ...e.attributes }).toEqual(Object.fromEntries(want.attributes));
          if (!textOf(want, gaps)) expect(e.text).toBe(want.text);
          else expect(e.text.replace(/\s/g, '')).toBe(want.text.replace(/\s/g, ''));
          e.children.forEach((c, i) => walk(c, want.children[i]!));
          expect(e.children).toHaveLength(want.children.length);
        };
        walk(root!, t);
        seen.forEach((e, i) => {
          const offset = prolog.length + where[i]!.offset;
          expect(e.offset).toBe(offset);
          expect({ line: e.line, column: e.column }).toEqual(at(offset));
          for (const [k, o] of Object.entries(where[i]!.attrs)) expect(e.attributePositions[k]).toEqual(at(prolog.length + o));
        });
      }),
      { seed: 20261128, numRuns: 400 },
    );
  });

  it('never throws: any text gives exactly a tree or one syntax error inside the text, and parseXml one located problem', () => {
    const piece = fc.oneof(
      fc.constantFrom('<', '>', '/', '</', '/>', '<a', '<a>', '</a>', '<b x="1">', "<c y='&amp;'/>", '=', '"', "'", '&', '&amp;', '&#', '&#x41;', '&#99999999;', ';', '<!--', '-->', '<?', '?>', '<!', '<![CDATA[', ']]>', '[', ']', ']>', '<!DOCTYPE', '\uFEFF', '\r', '\n', ' ', 'text'),
      fc.string({ maxLength: 3, unit: 'binary' }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const scan = scanXml(text);
        expect(scan.root === undefined).toBe(scan.error !== undefined);
        if (scan.error) expect(scan.error.offset).toBeGreaterThanOrEqual(0);
        if (scan.error) expect(scan.error.offset).toBeLessThanOrEqual(text.length);
        const { problems } = parseXml(text);
        expect(problems).toHaveLength(scan.error ? 1 : 0);
        for (const p of problems) expect(p.line! >= 1 && p.column! >= 1).toBe(true);
      }),
      { seed: 20261128, numRuns: 3000 },
    );
  });

  it('never throws on a valid document with one character changed, inserted or removed', () => {
    const doc = '\uFEFF<?xml version="1.0"?>\r\n<!DOCTYPE s [<!ENTITY e "v">]>\n<s a="1" b=\'&lt;2\'>\r\n  <!-- c -->\r  <t>x &amp; y<![CDATA[z]]></t>\n  <u v="w"/>\n</s>\n';
    fc.assert(
      fc.property(fc.nat(doc.length), fc.constantFrom('', '<', '>', '&', '"', "'", '/', '!', '?', '[', ']', '-', ' ', '\r', 'x'), fc.boolean(), (i, ch, replace) => {
        const text = doc.slice(0, i) + ch + doc.slice(replace ? i + 1 : i);
        const scan = scanXml(text);
        expect(scan.root === undefined).toBe(scan.error !== undefined);
      }),
      { seed: 20261128, numRuns: 3000 },
    );
  });
});
