// A tiny strict XML reader for tests: it throws on anything that is not well-formed XML 1.0
// (bad nesting, unquoted or repeated attributes, raw `<` or `&`, unknown entities, forbidden characters)
// and returns the element tree, so tests can count what they expect.

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Parses a whole document: an optional XML declaration, then exactly one root element. */
export function parseXml(xml: string): XmlElement {
  if (FORBIDDEN.test(xml)) throw new Error('a character XML 1.0 forbids');
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${pos}: ${JSON.stringify(xml.slice(pos, pos + 30))}`);
  };
  const skipSpace = () => {
    while (pos < xml.length && /\s/.test(xml[pos])) pos++;
  };
  const readName = (): string => {
    const match = NAME.exec(xml.slice(pos));
    if (!match) fail('expected a name');
    pos += match![0].length;
    return match![0];
  };
  const decode = (raw: string): string => {
    if (/<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) fail('raw < or & or an unknown entity');
    return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, e: string) =>
      e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e],
    );
  };
  const readElement = (): XmlElement => {
    if (xml[pos] !== '<') fail('expected <');
    pos++;
    const element: XmlElement = { name: readName(), attributes: {}, children: [], text: '' };
    for (;;) {
      const before = pos;
      skipSpace();
      if (xml.startsWith('/>', pos)) return ((pos += 2), element);
      if (xml[pos] === '>') break;
      if (pos === before) fail('expected a space before an attribute');
      const name = readName();
      if (name in element.attributes) fail(`attribute ${name} repeated`);
      skipSpace();
      if (xml[pos] !== '=') fail('expected =');
      pos++;
      skipSpace();
      const quote = xml[pos];
      if (quote !== '"' && quote !== "'") fail('attribute value must be quoted');
      const end = xml.indexOf(quote, pos + 1);
      if (end < 0) fail('unterminated attribute');
      element.attributes[name] = decode(xml.slice(pos + 1, end));
      pos = end + 1;
    }
    pos++;
    for (;;) {
      const next = xml.indexOf('<', pos);
      if (next < 0) fail(`unclosed <${element.name}>`);
      element.text += decode(xml.slice(pos, next));
      pos = next;
      if (xml.startsWith('</', pos)) {
        pos += 2;
        if (readName() !== element.name) fail(`mismatched close of <${element.name}>`);
        skipSpace();
        if (xml[pos] !== '>') fail('expected >');
        pos++;
        return element;
      }
      element.children.push(readElement());
    }
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0 || !/^<\?xml version="1\.0"( encoding="UTF-8")?\?>$/.test(xml.slice(0, end + 2))) fail('bad XML declaration');
    pos = end + 2;
  }
  skipSpace();
  const root = readElement();
  skipSpace();
  if (pos !== xml.length) fail('content after the root element');
  return root;
}

/** Every descendant element with the given name, depth first. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...findAll(child, name)]);
}
