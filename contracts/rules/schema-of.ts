// Where the schema of a parameter or header is.

/** The schema of a parameter or header: `schema`, or the first media type's schema under `content`. */
export function schemaOf(node: Record<string, any>, pointer: string): { node: any; pointer: string } | undefined {
  if (node.schema && typeof node.schema === 'object') return { node: node.schema, pointer: `${pointer}/schema` };
  if (node.content && typeof node.content === 'object') {
    const media = Object.keys(node.content)[0];
    const s = media ? node.content[media]?.schema : undefined;
    if (s && typeof s === 'object') return { node: s, pointer: `${pointer}/content/${media.replace(/~/g, '~0').replace(/\//g, '~1')}/schema` };
  }
  return undefined;
}
