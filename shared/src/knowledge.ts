import * as z from 'zod/mini'
import { Attachment, AttachmentId } from './attachments'
import { PageQuery } from './primitives'

/**
 * The knowledge base (知识库): 话术, 常用语 and 常用链接 in a public library (admins write) and
 * a personal one per staff member, each kind with its own category tree.
 */

/** Limits shared by the forms and the server. Lengths count characters (code points), not bytes. */
export const KNOWLEDGE_LIMITS = {
  categoryName: 30,
  /** Levels below 全部 (未分类 and top-level categories are level 1). */
  categoryDepth: 4,
  question: 100,
  similar: 100,
  similarCount: 20,
  /** Total text of an answer, all its text parts together. */
  answerText: 300,
  answerParts: 10,
  phrase: 300,
  linkTitle: 64,
  linkDescription: 200,
  url: 2048,
  query: 100,
  /** 序号: 0 to this, at most two decimals. */
  seq: 999_999.99,
} as const

/** Characters as a person counts them: an emoji or a CJK character is one. */
const charCount = (s: string): number => [...s].length

/** Line breaks and tabs become spaces, other control characters are dropped, then trimmed. */
const normalizeQuery = (s: string) =>
  s
    .replace(/[\r\n\t]/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()

const withinQueryLength = (s: string) => charCount(s) <= KNOWLEDGE_LIMITS.query
const queryTooLong = `搜索内容不能超过 ${KNOWLEDGE_LIMITS.query} 个字`

export const KnowledgeLibrary = z.enum(['public', 'personal'])
export type KnowledgeLibrary = z.infer<typeof KnowledgeLibrary>

export const KnowledgeKind = z.enum(['script', 'phrase', 'link'])
export type KnowledgeKind = z.infer<typeof KnowledgeKind>

export const KNOWLEDGE_KIND_LABELS: Record<KnowledgeKind, string> = { script: '话术', phrase: '常用语', link: '常用链接' }

const Id = z.int().check(z.positive())
const IdQuery = z.coerce.number().check(z.int(), z.positive())

/** Single-line text: line breaks become one space, trimmed, 1–`max` characters. */
const line = (label: string, max: number) =>
  z.pipe(
    z.pipe(z.string(), z.transform((s) => s.replace(/\s*[\r\n]+\s*/g, ' ').trim())),
    z.string().check(z.minLength(1, `${label}不能为空`), z.refine((s) => charCount(s) <= max, `${label}不能超过 ${max} 个字`)),
  )

/** Text that may span lines: trimmed, up to `max` characters (at least one unless `optional`). */
const text = (label: string, max: number, opts: { optional?: boolean } = {}) =>
  z.string().check(
    z.trim(),
    z.minLength(opts.optional ? 0 : 1, `${label}不能为空`),
    z.refine((s) => charCount(s) <= max, `${label}不能超过 ${max} 个字`),
  )

/**
 * An uploaded file (image, video, file, cover) by id: uploaded first (POST /api/attachments,
 * purpose 'knowledge'), then referenced. The server checks it exists, is of the part's kind and
 * within the knowledge rules when the item is saved.
 */
export const KnowledgeAttachmentId = AttachmentId

function isHttpUrl(s: string): boolean {
  try {
    const url = new URL(s)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

export const KnowledgeUrl = z.string().check(
  z.trim(),
  z.maxLength(KNOWLEDGE_LIMITS.url, '链接太长'),
  z.refine(isHttpUrl, '请输入以 http:// 或 https:// 开头的链接'),
)

const LinkDescription = z._default(text('链接描述', KNOWLEDGE_LIMITS.linkDescription, { optional: true }), '')

/** One message of an answer; the parts are sent one after another, in order. */
export const AnswerPart = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: text('答案', KNOWLEDGE_LIMITS.answerText) }),
  z.object({ type: z.literal('image'), attachmentId: KnowledgeAttachmentId }),
  z.object({ type: z.literal('video'), attachmentId: KnowledgeAttachmentId }),
  z.object({ type: z.literal('file'), attachmentId: KnowledgeAttachmentId }),
  z.object({
    type: z.literal('link'),
    url: KnowledgeUrl,
    title: line('链接标题', KNOWLEDGE_LIMITS.linkTitle),
    description: LinkDescription,
    cover: z._default(z.nullable(KnowledgeAttachmentId), null),
  }),
])
export type AnswerPart = z.infer<typeof AnswerPart>

const answerText = (parts: AnswerPart[]) => parts.flatMap((p) => (p.type === 'text' ? [p.text] : []))

/** 答案: a text is required (≤ 300 characters over all text parts); attachments and links may follow. */
export const ScriptAnswer = z.array(AnswerPart).check(
  z.minLength(1, '答案不能为空'),
  z.maxLength(KNOWLEDGE_LIMITS.answerParts, `答案最多 ${KNOWLEDGE_LIMITS.answerParts} 条`),
  z.refine((parts) => answerText(parts).length > 0, '答案需要包含文字'),
  z.refine(
    (parts) => charCount(answerText(parts).join('')) <= KNOWLEDGE_LIMITS.answerText,
    `答案文字不能超过 ${KNOWLEDGE_LIMITS.answerText} 个字`,
  ),
)

/** 序号: 0–999999.99, at most two decimals (the admin list shows 1.17, 7.00, …). */
export const KnowledgeSeq = z.number().check(
  z.gte(0, '序号不能小于 0'),
  z.lte(KNOWLEDGE_LIMITS.seq, '序号太大'),
  z.refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, '序号最多两位小数'),
)

/** Where an item goes: `categoryId` (on create, 未分类 when left out; on update, unchanged) and 序号. */
const placement = { categoryId: z.optional(Id), seq: z.optional(KnowledgeSeq) }

const ScriptInput = z.object({
  kind: z.literal('script'),
  question: line('问题名称', KNOWLEDGE_LIMITS.question),
  similar: z._default(
    z
      .array(line('相似问', KNOWLEDGE_LIMITS.similar))
      .check(
        z.maxLength(KNOWLEDGE_LIMITS.similarCount, `相似问最多 ${KNOWLEDGE_LIMITS.similarCount} 个`),
        z.refine((qs) => new Set(qs).size === qs.length, '相似问重复'),
      ),
    [],
  ),
  answer: ScriptAnswer,
  ...placement,
})

const PhraseInput = z.object({ kind: z.literal('phrase'), text: text('常用语', KNOWLEDGE_LIMITS.phrase), ...placement })

const LinkInput = z.object({
  kind: z.literal('link'),
  title: line('标题', KNOWLEDGE_LIMITS.linkTitle),
  url: KnowledgeUrl,
  description: LinkDescription,
  cover: z._default(z.nullable(KnowledgeAttachmentId), null),
  ...placement,
})

/** PUT /api/knowledge/items/:id: the whole item (its kind cannot change). */
export const KnowledgeItemInput = z.discriminatedUnion('kind', [ScriptInput, PhraseInput, LinkInput])
export type KnowledgeItemInput = z.infer<typeof KnowledgeItemInput>

/** POST /api/knowledge/items. A personal item always goes to the signed-in member's own library. */
export const CreateKnowledgeItemInput = z.intersection(KnowledgeItemInput, z.object({ library: KnowledgeLibrary }))
export type CreateKnowledgeItemInput = z.infer<typeof CreateKnowledgeItemInput>

/** PUT /api/knowledge/items/:id/seq: the 序号 edited in the admin list. */
export const KnowledgeSeqInput = z.object({ seq: KnowledgeSeq })
export type KnowledgeSeqInput = z.infer<typeof KnowledgeSeqInput>

const ItemBase = z.object({
  id: z.int(),
  library: KnowledgeLibrary,
  categoryId: z.int(),
  seq: z.number(),
  useCount: z.int(),
  createdAt: z.int(),
  /** 最近更新时间: content changes only (not 序号, not uses). */
  updatedAt: z.int(),
})

/**
 * The absolute, session-free URL of a cover image, for the news card's `imgUrl` (the customer's
 * WeChat fetches it); null without a cover (or when its file is gone).
 */
const CoverUrl = z.nullable(z.string())

/**
 * A part of an answer as items show it: media parts carry their file (for thumbnails, names and
 * sizes; null when it was deleted), links their cover's URL. Sent back on save, the extra fields
 * are ignored.
 */
export const AnswerPartView = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), attachmentId: z.string(), attachment: z.nullable(Attachment) }),
  z.object({ type: z.literal('video'), attachmentId: z.string(), attachment: z.nullable(Attachment) }),
  z.object({ type: z.literal('file'), attachmentId: z.string(), attachment: z.nullable(Attachment) }),
  z.object({
    type: z.literal('link'),
    url: z.string(),
    title: z.string(),
    description: z.string(),
    cover: z.nullable(z.string()),
    coverUrl: CoverUrl,
  }),
])
export type AnswerPartView = z.infer<typeof AnswerPartView>

export const KnowledgeScript = z.extend(ItemBase, {
  kind: z.literal('script'),
  question: z.string(),
  similar: z.array(z.string()),
  answer: z.array(AnswerPartView),
})
export const KnowledgePhrase = z.extend(ItemBase, { kind: z.literal('phrase'), text: z.string() })
export const KnowledgeLink = z.extend(ItemBase, {
  kind: z.literal('link'),
  title: z.string(),
  url: z.string(),
  description: z.string(),
  cover: z.nullable(z.string()),
  coverUrl: CoverUrl,
})

export const KnowledgeItem = z.discriminatedUnion('kind', [KnowledgeScript, KnowledgePhrase, KnowledgeLink])
export type KnowledgeItem = z.infer<typeof KnowledgeItem>

export const KnowledgeItemSort = z.enum(['seq', 'used'])
export type KnowledgeItemSort = z.infer<typeof KnowledgeItemSort>

/** GET /api/knowledge/items: one page of a category (with its sub-categories; the root = all). */
export const KnowledgeItemQuery = z.extend(PageQuery, {
  library: KnowledgeLibrary,
  kind: KnowledgeKind,
  /** Left out: 全部. */
  categoryId: z.optional(IdQuery),
  /** 序号 ascending (then latest update), or 使用次数 descending. */
  sort: z._default(KnowledgeItemSort, 'seq'),
  /** Keeps items whose 问题名称 / 内容 / 标题 contains this (the admin list's filter box; empty: all). */
  q: z.optional(
    z.pipe(z.pipe(z.string(), z.transform(normalizeQuery)), z.string().check(z.refine(withinQueryLength, queryTooLong))),
  ),
})
export type KnowledgeItemQuery = z.infer<typeof KnowledgeItemQuery>

export const KnowledgeItemPage = z.object({
  items: z.array(KnowledgeItem),
  total: z.int(),
  page: z.int(),
  pageSize: z.int(),
})
export type KnowledgeItemPage = z.infer<typeof KnowledgeItemPage>

/** POST /api/knowledge/items/:id/use: the `sendToken` of the sensitive-word check before the send. */
export const KnowledgeUseInput = z.object({ sendToken: z.string().check(z.minLength(1, '缺少发送凭证，请重新发送'), z.maxLength(64)) })
export type KnowledgeUseInput = z.infer<typeof KnowledgeUseInput>

/** POST /api/knowledge/items/:id/use: the item was sent (or copied); its 使用次数 now. */
export const KnowledgeUseResult = z.object({ id: z.int(), useCount: z.int() })
export type KnowledgeUseResult = z.infer<typeof KnowledgeUseResult>

/**
 * POST /api/knowledge/items/:id/media: a WeCom media_id for the answer's image, video or file
 * part at `partIndex`, for sendChatMessage (uploaded to WeCom on first use, then reused while
 * valid).
 */
export const KnowledgeMediaInput = z.object({ partIndex: z.int().check(z.gte(0), z.lte(KNOWLEDGE_LIMITS.answerParts - 1)) })
export type KnowledgeMediaInput = z.infer<typeof KnowledgeMediaInput>

export const KnowledgeMediaResult = z.object({ msgtype: z.enum(['image', 'video', 'file']), mediaId: z.string() })
export type KnowledgeMediaResult = z.infer<typeof KnowledgeMediaResult>

// ---------------------------------------------------------------------------------------
// Categories

export const KnowledgeCategoryName = line('分类名称', KNOWLEDGE_LIMITS.categoryName)

export const KnowledgeFixedCategory = z.enum(['root', 'uncategorized'])
export type KnowledgeFixedCategory = z.infer<typeof KnowledgeFixedCategory>

export const KnowledgeCategoryNode = z.object({
  id: z.int(),
  name: z.string(),
  /** 'root' (全部) and 'uncategorized' (未分类) cannot be renamed, moved or deleted. */
  fixed: z.nullable(KnowledgeFixedCategory),
  /** 0 for the root, 1 for 未分类 and top-level categories, … up to 4. */
  depth: z.int(),
  /** Items in this category and all below it. */
  itemCount: z.int(),
  /** In display order (未分类 first under the root). */
  get children(): z.ZodMiniArray<typeof KnowledgeCategoryNode> {
    return z.array(KnowledgeCategoryNode)
  },
})
export type KnowledgeCategoryNode = z.infer<typeof KnowledgeCategoryNode>

/** GET /api/knowledge/categories, and the answer to every change of the tree. */
export const KnowledgeCategoryTree = z.object({ library: KnowledgeLibrary, kind: KnowledgeKind, root: KnowledgeCategoryNode })
export type KnowledgeCategoryTree = z.infer<typeof KnowledgeCategoryTree>

export const KnowledgeCategoryTreeQuery = z.object({ library: KnowledgeLibrary, kind: KnowledgeKind })
export type KnowledgeCategoryTreeQuery = z.infer<typeof KnowledgeCategoryTreeQuery>

/** POST /api/knowledge/categories: the parent decides the tree (library, owner, kind). */
export const CreateKnowledgeCategoryInput = z.object({ parentId: Id, name: KnowledgeCategoryName })
export type CreateKnowledgeCategoryInput = z.infer<typeof CreateKnowledgeCategoryInput>

export const RenameKnowledgeCategoryInput = z.object({ name: KnowledgeCategoryName })
export type RenameKnowledgeCategoryInput = z.infer<typeof RenameKnowledgeCategoryInput>

/**
 * PUT /api/knowledge/categories/:id/position (drag and drop): under `parentId` (same tree) at
 * `index` among its movable children (0 = first after 未分类; past the end = last).
 */
export const MoveKnowledgeCategoryInput = z.object({ parentId: Id, index: z.int().check(z.gte(0)) })
export type MoveKnowledgeCategoryInput = z.infer<typeof MoveKnowledgeCategoryInput>

// ---------------------------------------------------------------------------------------
// Search

/** What the user typed, searched literally as a substring (quotes, *, -, OR, brackets included). */
export const KnowledgeSearchText = z.pipe(
  z.pipe(z.string(), z.transform(normalizeQuery)),
  z.string().check(z.minLength(1, '请输入搜索内容'), z.refine(withinQueryLength, queryTooLong)),
)

/** GET /api/knowledge/search. `library` 'all': the public library and the member's own. */
export const KnowledgeSearchQuery = z.object({
  q: KnowledgeSearchText,
  library: z._default(z.enum(['all', 'public', 'personal']), 'all'),
  /** Left out: all three kinds. */
  kind: z.optional(KnowledgeKind),
  /** The `nextCursor` of the previous page. */
  cursor: z.optional(z.string().check(z.maxLength(100))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 20),
})
export type KnowledgeSearchQuery = z.infer<typeof KnowledgeSearchQuery>

/**
 * Where a hit matched, best first: the question / text / title, a similar question, the answer
 * text or link description. Hits are ranked by this, then 使用次数, then newest.
 */
export const KnowledgeMatchTier = z.enum(['title', 'similar', 'body'])
export type KnowledgeMatchTier = z.infer<typeof KnowledgeMatchTier>

/**
 * Matches in one field of the item: `ranges` are [start, end) offsets in UTF-16 code units (the
 * indices of JS strings), `index` the position in `similar` or `answer` (0 otherwise).
 */
export const KnowledgeHighlight = z.object({
  field: z.enum(['question', 'similar', 'answer', 'text', 'title', 'description']),
  index: z.int(),
  ranges: z.array(z.tuple([z.int(), z.int()])),
})
export type KnowledgeHighlight = z.infer<typeof KnowledgeHighlight>

export const KnowledgeSearchHit = z.object({ item: KnowledgeItem, matchedIn: KnowledgeMatchTier, highlights: z.array(KnowledgeHighlight) })
export type KnowledgeSearchHit = z.infer<typeof KnowledgeSearchHit>

export const KnowledgeSearchPage = z.object({ hits: z.array(KnowledgeSearchHit), nextCursor: z.nullable(z.string()) })
export type KnowledgeSearchPage = z.infer<typeof KnowledgeSearchPage>

/**
 * Cuts `text` into plain and matched pieces for display, from a KnowledgeHighlight's ranges.
 *
 * @example highlightSegments('金典哪里好', [[2, 4]]) // [{text:'金典',match:false},{text:'哪里',match:true},{text:'好',match:false}]
 */
export function highlightSegments(text: string, ranges: readonly (readonly [number, number])[]): { text: string; match: boolean }[] {
  const segments: { text: string; match: boolean }[] = []
  let at = 0
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at || end <= start || end > text.length) continue
    if (start > at) segments.push({ text: text.slice(at, start), match: false })
    segments.push({ text: text.slice(start, end), match: true })
    at = end
  }
  if (at < text.length) segments.push({ text: text.slice(at), match: false })
  return segments
}

// ---------------------------------------------------------------------------------------
// Import (导入) into the public library from an xlsx file in the downloadable template

/** Largest import file accepted. */
export const KNOWLEDGE_IMPORT_MAX_BYTES = 5 * 1024 * 1024
/** Rows per import file (the header row not counted). */
export const KNOWLEDGE_IMPORT_MAX_ROWS = 5000

export const KnowledgeImportQuery = z.object({ kind: KnowledgeKind })

/** An import runs as a background job; `done` counts imported rows, `failed` rows refused with a reason. */
export const KnowledgeImportJob = z.object({
  id: z.int(),
  kind: KnowledgeKind,
  status: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.int(),
  done: z.int(),
  failed: z.int(),
  fileName: z.string(),
  createdAt: z.int(),
  finishedAt: z.nullable(z.int()),
  error: z.nullable(z.string()),
})
export type KnowledgeImportJob = z.infer<typeof KnowledgeImportJob>
