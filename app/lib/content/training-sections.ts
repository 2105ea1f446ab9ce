/**
 * A training page shows one `<Section>` of its module at a time, so whatever a module says
 * outside its sections would never be read. This remark plugin reads the sections from the MDX
 * tree, before anything is rendered, and reports anything that is not in exactly one of them.
 * A change to these rules bumps `liaison-content@N` in compile.server.ts, so that no cached
 * output compiled under the old rules is reused.
 */

type Position = { start: { line: number } }
type JsxAttribute = { type: string; name?: string; value?: unknown }
type MdxNode = { type: string; name?: string | null; attributes?: JsxAttribute[]; children?: MdxNode[]; position?: Position }

export type SectionOutline = { id: string; title: string; line: number }
export type SectionProblem = { line: number; message: string }
/** What the plugin found: filled in while the file compiles. */
export type TrainingOutline = { sections: SectionOutline[]; problem?: SectionProblem }

/** Frontmatter, imports and exports print nothing, so they may sit between sections. */
const silentNodes = new Set(['yaml', 'mdxjsEsm'])

const isSection = (node: MdxNode) => (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === 'Section'
const lineOf = (node: MdxNode) => node.position?.start.line ?? 0
const describe = (node: MdxNode) => (node.type.startsWith('mdxJsx') ? `<${node.name ?? ''}>` : `a ${node.type}`)

function nestedSection(nodes: MdxNode[] = []): MdxNode | undefined {
  for (const node of nodes) {
    if (isSection(node)) return node
    const found = nestedSection(node.children)
    if (found) return found
  }
}

/** A plain-text attribute; `title={…}` cannot be read before rendering, so it does not count. */
function textAttribute(node: MdxNode, name: string) {
  const attribute = node.attributes?.find((item) => item.type === 'mdxJsxAttribute' && item.name === name)
  return typeof attribute?.value === 'string' && attribute.value.trim() ? attribute.value : undefined
}

function readOutline(tree: MdxNode): TrainingOutline {
  const sections: SectionOutline[] = []
  const fail = (node: MdxNode, message: string): TrainingOutline => ({ sections, problem: { line: lineOf(node), message } })
  for (const node of tree.children ?? []) {
    if (silentNodes.has(node.type)) continue
    if (!isSection(node)) return fail(node, `${describe(node)} outside every <Section>: a training page shows only its sections, so this would never be read. Move it into a section.`)
    const nested = nestedSection(node.children)
    if (nested) return fail(nested, `a <Section> inside the <Section> of line ${lineOf(node)}: sections follow one another, each at the top level.`)
    const id = textAttribute(node, 'id')
    const title = textAttribute(node, 'title')
    if (!id || !title) return fail(node, 'a <Section> needs an id and a title written as plain text: <Section id="…" title="…">.')
    const twin = sections.find((section) => section.id === id)
    if (twin) return fail(node, `a second section with the id "${id}" (the first is on line ${twin.line}).`)
    sections.push({ id, title, line: lineOf(node) })
  }
  if (sections.length === 0) return fail(tree, 'a training module needs at least one <Section id="…" title="…">.')
  return { sections }
}

/** The remark plugin; `outline` receives the sections, or the first problem, of the file being compiled. */
export function remarkTrainingSections(outline: TrainingOutline) {
  return () => (tree: MdxNode) => {
    Object.assign(outline, readOutline(tree))
  }
}
