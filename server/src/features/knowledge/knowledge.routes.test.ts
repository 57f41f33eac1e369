import { describe, expect, it } from 'vitest'
import { KnowledgeCategoryTree, ErrorBody, KnowledgeItemPage, KnowledgeItem, KnowledgeSearchPage, KnowledgeUseResult, type KnowledgeCategoryNode } from '@kelan/shared'
import type { Deps } from '../../deps'
import { PNG, uploaded } from '../attachments/attachments.testing'
import { findItem } from './knowledge.repo'
import { addItems, ADMIN, call, LISI, linkInput, phraseInput, scriptInput, sendTokenFor, setupCorp } from './knowledge.testing'

const errorOf = async (res: Response) => ErrorBody.parse(await res.json()).error

/** GET the tree of `library`/`kind` as `as`. */
async function tree(deps: Deps, as: string, library = 'public', kind = 'script'): Promise<KnowledgeCategoryTree> {
  const res = await call(deps, `/api/knowledge/categories?library=${library}&kind=${kind}`, { as })
  expect(res.status).toBe(200)
  return KnowledgeCategoryTree.parse(await res.json())
}

/** Adds a category under `parentId` as `as`; returns the new node. */
async function addCategory(deps: Deps, as: string, parentId: number, name: string): Promise<KnowledgeCategoryNode> {
  const res = await call(deps, '/api/knowledge/categories', { as, method: 'POST', json: { parentId, name } })
  expect(res.status).toBe(201)
  const found = findNode(KnowledgeCategoryTree.parse(await res.json()).root, name)
  if (!found) throw new Error(`category ${name} not in the answer`)
  return found
}

const findNode = (node: KnowledgeCategoryNode, name: string): KnowledgeCategoryNode | undefined =>
  node.name === name ? node : node.children.map((c) => findNode(c, name)).find(Boolean)

const uncategorizedOf = (t: KnowledgeCategoryTree) => t.root.children.find((c) => c.fixed === 'uncategorized')!

/** A public category chain 一级 > 二级 > 三级 > 四级 under the root, as the admin. */
async function fourLevels(deps: Deps) {
  const { root } = await tree(deps, 'boss')
  const l1 = await addCategory(deps, 'boss', root.id, '一级')
  const l2 = await addCategory(deps, 'boss', l1.id, '二级')
  const l3 = await addCategory(deps, 'boss', l2.id, '三级')
  const l4 = await addCategory(deps, 'boss', l3.id, '四级')
  return { root, l1, l2, l3, l4 }
}

describe('knowledge routes – sign-in', () => {
  it.each([
    ['GET', '/api/knowledge/categories?library=public&kind=script'],
    ['POST', '/api/knowledge/categories'],
    ['PATCH', '/api/knowledge/categories/1'],
    ['PUT', '/api/knowledge/categories/1/position'],
    ['DELETE', '/api/knowledge/categories/1'],
    ['GET', '/api/knowledge/items?library=public&kind=script'],
    ['POST', '/api/knowledge/items'],
    ['GET', '/api/knowledge/items/1'],
    ['PUT', '/api/knowledge/items/1'],
    ['PUT', '/api/knowledge/items/1/seq'],
    ['DELETE', '/api/knowledge/items/1'],
    ['POST', '/api/knowledge/items/1/use'],
    ['POST', '/api/knowledge/items/1/media'],
    ['GET', '/api/knowledge/search?q=金典'],
  ])('%s %s – no session – 401', async (method, path) => {
    const deps = setupCorp()

    const res = await call(deps, path, { method, json: method === 'GET' || method === 'DELETE' ? undefined : {} })

    expect(res.status).toBe(401)
    expect((await errorOf(res)).code).toBe('UNAUTHENTICATED')
  })
})

describe('GET /api/knowledge/categories', () => {
  it('GET categories – first visit – the tree with 全部 and 未分类, both fixed, no items', async () => {
    const deps = setupCorp()

    const t = await tree(deps, 'lisi', 'personal', 'phrase')

    expect(t).toMatchObject({ library: 'personal', kind: 'phrase', root: { name: '全部', fixed: 'root', depth: 0, itemCount: 0 } })
    expect(t.root.children).toEqual([{ id: expect.any(Number), name: '未分类', fixed: 'uncategorized', depth: 1, itemCount: 0, children: [] }])
  })

  it('GET categories – twice, and per member – the same tree again; each member their own personal tree', async () => {
    const deps = setupCorp()

    const [a, b, c] = [await tree(deps, 'lisi', 'personal'), await tree(deps, 'lisi', 'personal'), await tree(deps, 'wang', 'personal')]

    expect(b.root.id).toBe(a.root.id)
    expect(c.root.id).not.toBe(a.root.id)
  })

  it('GET categories – bad library or missing kind – 400', async () => {
    const deps = setupCorp()

    const res = [
      await call(deps, '/api/knowledge/categories?library=shared&kind=script', { as: 'lisi' }),
      await call(deps, '/api/knowledge/categories?library=public', { as: 'lisi' }),
    ]

    expect(res.map((r) => r.status)).toEqual([400, 400])
  })
})

describe('POST /api/knowledge/categories', () => {
  it('POST categories – admin, public tree – 201, the tree with the category last under its parent', async () => {
    const deps = setupCorp()
    const { root } = await tree(deps, 'boss')
    await addCategory(deps, 'boss', root.id, '金典')

    const res = await call(deps, '/api/knowledge/categories', { as: 'boss', method: 'POST', json: { parentId: root.id, name: '  舒化 ' } })

    expect(res.status).toBe(201)
    expect(KnowledgeCategoryTree.parse(await res.json()).root.children.map((c) => c.name)).toEqual(['未分类', '金典', '舒化'])
  })

  it('POST categories – staff in their personal tree – 201', async () => {
    const deps = setupCorp()
    const { root } = await tree(deps, 'lisi', 'personal')

    expect((await addCategory(deps, 'lisi', root.id, '我的分类')).depth).toBe(1)
  })

  it('POST categories – staff or manager in the public tree – 403', async () => {
    const deps = setupCorp()
    const { root } = await tree(deps, 'boss')

    for (const as of ['lisi', 'zhao']) {
      const res = await call(deps, '/api/knowledge/categories', { as, method: 'POST', json: { parentId: root.id, name: '金典' } })
      expect(res.status).toBe(403)
      expect((await errorOf(res)).code).toBe('FORBIDDEN')
    }
  })

  it('POST categories – under a colleague’s personal category, or a missing one – 404', async () => {
    const deps = setupCorp()
    const { root } = await tree(deps, 'wang', 'personal')

    const res = [
      await call(deps, '/api/knowledge/categories', { as: 'lisi', method: 'POST', json: { parentId: root.id, name: 'x' } }),
      await call(deps, '/api/knowledge/categories', { as: 'boss', method: 'POST', json: { parentId: 999_999, name: 'x' } }),
    ]

    expect(res.map((r) => r.status)).toEqual([404, 404])
  })

  it('POST categories – empty name, 31 characters, no parent – 400', async () => {
    const deps = setupCorp()
    const { root } = await tree(deps, 'boss')

    const bodies = [{ parentId: root.id, name: '   ' }, { parentId: root.id, name: '字'.repeat(31) }, { name: '金典' }]
    for (const json of bodies) {
      const res = await call(deps, '/api/knowledge/categories', { as: 'boss', method: 'POST', json })
      expect(res.status, JSON.stringify(json)).toBe(400)
    }
  })

  it('POST categories – 30 characters (emoji count as one) – 201', async () => {
    const deps = setupCorp()
    const { root } = await tree(deps, 'boss')

    expect((await addCategory(deps, 'boss', root.id, '😀'.repeat(30))).name).toBe('😀'.repeat(30))
  })

  it('POST categories – malformed JSON – 400', async () => {
    const deps = setupCorp()

    const res = await call(deps, '/api/knowledge/categories', { as: 'boss', method: 'POST', body: '{"parentId":' })

    expect(res.status).toBe(400)
  })

  it('POST categories – a fifth level – 409 CONFLICT reason depth', async () => {
    const deps = setupCorp()
    const { l4 } = await fourLevels(deps)

    const res = await call(deps, '/api/knowledge/categories', { as: 'boss', method: 'POST', json: { parentId: l4.id, name: '五级' } })

    expect(res.status).toBe(409)
    expect(await errorOf(res)).toMatchObject({ code: 'CONFLICT', message: '分类最多 4 级', details: { reason: 'depth' } })
  })

  it('POST categories – under 未分类 – 409 reason under_uncategorized', async () => {
    const deps = setupCorp()
    const t = await tree(deps, 'boss')

    const res = await call(deps, '/api/knowledge/categories', { as: 'boss', method: 'POST', json: { parentId: uncategorizedOf(t).id, name: 'x' } })

    expect(res.status).toBe(409)
    expect((await errorOf(res)).details).toEqual({ reason: 'under_uncategorized' })
  })

  it('POST categories – a sibling of the same name – 409 NAME_TAKEN', async () => {
    const deps = setupCorp()
    const { root } = await tree(deps, 'boss')
    await addCategory(deps, 'boss', root.id, '金典')

    const res = await call(deps, '/api/knowledge/categories', { as: 'boss', method: 'POST', json: { parentId: root.id, name: '金典' } })
    expect(res.status).toBe(409)
    expect((await errorOf(res)).code).toBe('NAME_TAKEN')
  })

  it('POST categories – named 全部 or 未分类, at the top or deeper – 409 reason reserved_name, nothing added', async () => {
    const deps = setupCorp()
    const { root } = await tree(deps, 'boss')
    const l1 = await addCategory(deps, 'boss', root.id, '金典')

    for (const [parentId, name] of [[root.id, '全部'], [root.id, ' 未分类 '], [l1.id, '全部'], [l1.id, '未分类']] as const) {
      const res = await call(deps, '/api/knowledge/categories', { as: 'boss', method: 'POST', json: { parentId, name } })
      expect(res.status).toBe(409)
      expect(await errorOf(res)).toMatchObject({
        code: 'CONFLICT',
        message: '「全部」和「未分类」是系统分类的名称，请换一个名称',
        details: { reason: 'reserved_name' },
      })
    }
    expect(findNode((await tree(deps, 'boss')).root, '金典')?.children).toEqual([])
  })
})

describe('PATCH /api/knowledge/categories/:id', () => {
  it('PATCH category – admin renames – 200, the new name in the tree', async () => {
    const deps = setupCorp()
    const { l1 } = await fourLevels(deps)

    const res = await call(deps, `/api/knowledge/categories/${l1.id}`, { as: 'boss', method: 'PATCH', json: { name: '第一级' } })

    expect(res.status).toBe(200)
    expect(findNode(KnowledgeCategoryTree.parse(await res.json()).root, '第一级')?.id).toBe(l1.id)
  })

  it('PATCH category – 全部 or 未分类 – 409 reason fixed', async () => {
    const deps = setupCorp()
    const t = await tree(deps, 'boss')

    for (const id of [t.root.id, uncategorizedOf(t).id]) {
      const res = await call(deps, `/api/knowledge/categories/${id}`, { as: 'boss', method: 'PATCH', json: { name: '改名' } })
      expect(res.status).toBe(409)
      expect((await errorOf(res)).details).toEqual({ reason: 'fixed' })
    }
  })

  it('PATCH category – staff on a public one – 403; a colleague’s personal one – 404; not a number – 400', async () => {
    const deps = setupCorp()
    const { l1 } = await fourLevels(deps)
    const theirs = await addCategory(deps, 'wang', (await tree(deps, 'wang', 'personal')).root.id, '王的')

    const res = [
      await call(deps, `/api/knowledge/categories/${l1.id}`, { as: 'lisi', method: 'PATCH', json: { name: 'x' } }),
      await call(deps, `/api/knowledge/categories/${theirs.id}`, { as: 'lisi', method: 'PATCH', json: { name: 'x' } }),
      await call(deps, '/api/knowledge/categories/abc', { as: 'boss', method: 'PATCH', json: { name: 'x' } }),
    ]

    expect(res.map((r) => r.status)).toEqual([403, 404, 400])
  })

  it('PATCH category – renamed to 全部 or 未分类 – 409 reason reserved_name, the name kept', async () => {
    const deps = setupCorp()
    const { l2 } = await fourLevels(deps)

    for (const name of ['全部', '未分类']) {
      const res = await call(deps, `/api/knowledge/categories/${l2.id}`, { as: 'boss', method: 'PATCH', json: { name } })
      expect(res.status).toBe(409)
      expect((await errorOf(res)).details).toEqual({ reason: 'reserved_name' })
    }
    expect(findNode((await tree(deps, 'boss')).root, l2.name)?.id).toBe(l2.id)
  })

  it('PATCH category – a sibling’s name – 409 NAME_TAKEN; name too long – 400', async () => {
    const deps = setupCorp()
    const { root } = await tree(deps, 'boss')
    const a = await addCategory(deps, 'boss', root.id, 'A')
    await addCategory(deps, 'boss', root.id, 'B')

    const taken = await call(deps, `/api/knowledge/categories/${a.id}`, { as: 'boss', method: 'PATCH', json: { name: 'B' } })
    const long = await call(deps, `/api/knowledge/categories/${a.id}`, { as: 'boss', method: 'PATCH', json: { name: 'x'.repeat(31) } })

    expect([taken.status, long.status]).toEqual([409, 400])
    expect((await errorOf(taken)).code).toBe('NAME_TAKEN')
  })
})

describe('PUT /api/knowledge/categories/:id/position', () => {
  const move = (deps: Deps, as: string, id: number, json: unknown) => call(deps, `/api/knowledge/categories/${id}/position`, { as, method: 'PUT', json })

  it('PUT position – to the front among siblings – 200, 未分类 still first', async () => {
    const deps = setupCorp()
    const { root } = await tree(deps, 'boss')
    await addCategory(deps, 'boss', root.id, 'A')
    const b = await addCategory(deps, 'boss', root.id, 'B')

    const res = await move(deps, 'boss', b.id, { parentId: root.id, index: 0 })

    expect(res.status).toBe(200)
    expect(KnowledgeCategoryTree.parse(await res.json()).root.children.map((c) => c.name)).toEqual(['未分类', 'B', 'A'])
  })

  it('PUT position – under another parent with its items – 200, counts follow', async () => {
    const deps = setupCorp()
    const { root } = await tree(deps, 'boss')
    const a = await addCategory(deps, 'boss', root.id, 'A')
    const b = await addCategory(deps, 'boss', root.id, 'B')
    addItems(deps, [scriptInput('问题', { categoryId: b.id })])

    const res = await move(deps, 'boss', b.id, { parentId: a.id, index: 5 })

    const moved = KnowledgeCategoryTree.parse(await res.json()).root.children.find((c) => c.id === a.id)!
    expect(moved).toMatchObject({ itemCount: 1, children: [{ id: b.id, depth: 2, itemCount: 1 }] })
  })

  it('PUT position – a subtree that would go deeper than 4 levels – 409 depth', async () => {
    const deps = setupCorp()
    const { root, l3 } = await fourLevels(deps)
    const x = await addCategory(deps, 'boss', root.id, 'X')
    await addCategory(deps, 'boss', x.id, 'Y')

    const res = await move(deps, 'boss', x.id, { parentId: l3.id, index: 0 })

    expect(res.status).toBe(409)
    expect((await errorOf(res)).details).toEqual({ reason: 'depth' })
  })

  it('PUT position – under its own descendant – 409 cycle', async () => {
    const deps = setupCorp()
    const { l1, l3 } = await fourLevels(deps)

    const res = await move(deps, 'boss', l1.id, { parentId: l3.id, index: 0 })

    expect(res.status).toBe(409)
    expect((await errorOf(res)).details).toEqual({ reason: 'cycle' })
  })

  it('PUT position – 未分类 itself, or something under 未分类 – 409 fixed, 409 under_uncategorized', async () => {
    const deps = setupCorp()
    const { l1 } = await fourLevels(deps)
    const t = await tree(deps, 'boss')
    const un = uncategorizedOf(t)

    const fixed = await move(deps, 'boss', un.id, { parentId: l1.id, index: 0 })
    const under = await move(deps, 'boss', l1.id, { parentId: un.id, index: 0 })

    expect([(await errorOf(fixed)).details, (await errorOf(under)).details]).toEqual([{ reason: 'fixed' }, { reason: 'under_uncategorized' }])
  })

  it('PUT position – beside a sibling of the same name – 409 NAME_TAKEN', async () => {
    const deps = setupCorp()
    const { root } = await tree(deps, 'boss')
    const a = await addCategory(deps, 'boss', root.id, 'A')
    await addCategory(deps, 'boss', root.id, '同名')
    const inner = await addCategory(deps, 'boss', a.id, '同名')

    const res = await move(deps, 'boss', inner.id, { parentId: root.id, index: 0 })

    expect(res.status).toBe(409)
    expect((await errorOf(res)).code).toBe('NAME_TAKEN')
  })

  it('PUT position – into another tree (phrase tree, or a personal tree) – 400; a colleague’s tree – 404', async () => {
    const deps = setupCorp()
    const { l1 } = await fourLevels(deps)
    const phraseRoot = (await tree(deps, 'boss', 'public', 'phrase')).root
    const bossRoot = (await tree(deps, 'boss', 'personal')).root
    const wangRoot = (await tree(deps, 'wang', 'personal')).root

    const res = [
      await move(deps, 'boss', l1.id, { parentId: phraseRoot.id, index: 0 }),
      await move(deps, 'boss', l1.id, { parentId: bossRoot.id, index: 0 }),
      await move(deps, 'boss', l1.id, { parentId: wangRoot.id, index: 0 }),
    ]

    expect(res.map((r) => r.status)).toEqual([400, 400, 404])
  })

  it('PUT position – staff in the public tree – 403; negative index or no parent – 400; missing category – 404', async () => {
    const deps = setupCorp()
    const { root, l1 } = await fourLevels(deps)

    const res = [
      await move(deps, 'lisi', l1.id, { parentId: root.id, index: 0 }),
      await move(deps, 'boss', l1.id, { parentId: root.id, index: -1 }),
      await move(deps, 'boss', l1.id, { index: 0 }),
      await move(deps, 'boss', 999_999, { parentId: root.id, index: 0 }),
    ]

    expect(res.map((r) => r.status)).toEqual([403, 400, 400, 404])
  })
})

describe('DELETE /api/knowledge/categories/:id', () => {
  const del = (deps: Deps, as: string, id: number | string) => call(deps, `/api/knowledge/categories/${id}`, { as, method: 'DELETE' })

  it('DELETE category – empty leaf – 204, gone from the tree', async () => {
    const deps = setupCorp()
    const { l4 } = await fourLevels(deps)

    expect((await del(deps, 'boss', l4.id)).status).toBe(204)
    expect(findNode((await tree(deps, 'boss')).root, '四级')).toBeUndefined()
  })

  it('DELETE category – with a sub-category, or with an item – 409 with the required message', async () => {
    const deps = setupCorp()
    const { l3, l4 } = await fourLevels(deps)
    addItems(deps, [phraseInput('x')])
    addItems(deps, [scriptInput('在四级下', { categoryId: l4.id })])

    for (const id of [l3.id, l4.id]) {
      const res = await del(deps, 'boss', id)
      expect(res.status).toBe(409)
      expect(await errorOf(res)).toMatchObject({ code: 'CONFLICT', message: '请先清除该分类下内容再进行删除', details: { reason: 'not_empty' } })
    }
  })

  it('DELETE category – 全部 or an empty 未分类 – 409 fixed', async () => {
    const deps = setupCorp()
    const t = await tree(deps, 'boss')

    for (const id of [t.root.id, uncategorizedOf(t).id]) expect((await errorOf(await del(deps, 'boss', id))).details).toEqual({ reason: 'fixed' })
  })

  it('DELETE category – staff on public – 403; colleague’s – 404; missing – 404; bad id – 400', async () => {
    const deps = setupCorp()
    const { l4 } = await fourLevels(deps)
    const theirs = await addCategory(deps, 'wang', (await tree(deps, 'wang', 'personal')).root.id, '王的')

    const res = [await del(deps, 'lisi', l4.id), await del(deps, 'lisi', theirs.id), await del(deps, 'boss', 999_999), await del(deps, 'boss', '0')]

    expect(res.map((r) => r.status)).toEqual([403, 404, 404, 400])
  })
})

describe('POST /api/knowledge/items', () => {
  const post = (deps: Deps, as: string, json: unknown) => call(deps, '/api/knowledge/items', { as, method: 'POST', json })

  it('POST items – admin, a script with similar questions and an answer of text, image and link – 201, stored in 未分类', async () => {
    const deps = setupCorp()
    const image = await uploaded(deps, PNG, { as: 'boss' })
    const answer = [
      { type: 'text', text: '金典是有机奶。\n每 100ml 含 3.8g 蛋白质' },
      { type: 'image', attachmentId: image.id },
      { type: 'link', url: 'https://yili.com/jindian', title: '金典官网', description: '', cover: null },
    ]

    const res = await post(deps, 'boss', { library: 'public', kind: 'script', question: ' 金典\n哪里好 ', similar: ['金典好在哪'], answer })

    expect(res.status).toBe(201)
    const item = KnowledgeItem.parse(await res.json())
    expect(item).toMatchObject({ kind: 'script', library: 'public', question: '金典 哪里好', similar: ['金典好在哪'], answer, seq: 0, useCount: 0 })
    expect(item.categoryId).toBe(uncategorizedOf(await tree(deps, 'boss')).id)
  })

  it('POST items – staff, personal phrase in their category with 序号 – 201', async () => {
    const deps = setupCorp()
    const mine = await addCategory(deps, 'lisi', (await tree(deps, 'lisi', 'personal', 'phrase')).root.id, '开场白')

    const res = await post(deps, 'lisi', { library: 'personal', kind: 'phrase', text: '您好！\n很高兴为您服务', categoryId: mine.id, seq: 1.17 })

    expect(res.status).toBe(201)
    expect(KnowledgeItem.parse(await res.json())).toMatchObject({ library: 'personal', text: '您好！\n很高兴为您服务', categoryId: mine.id, seq: 1.17 })
  })

  it('POST items – category 全部 – placed in 未分类', async () => {
    const deps = setupCorp()
    const t = await tree(deps, 'boss', 'public', 'link')

    const res = await post(deps, 'boss', { library: 'public', kind: 'link', title: '官网', url: 'http://yili.com', categoryId: t.root.id })

    expect(KnowledgeItem.parse(await res.json()).categoryId).toBe(uncategorizedOf(t).id)
  })

  it('POST items – staff or manager into the public library – 403', async () => {
    const deps = setupCorp()

    const res = [await post(deps, 'lisi', phraseInput('x')), await post(deps, 'zhao', phraseInput('x'))]

    expect(res.map((r) => r.status)).toEqual([403, 403])
  })

  it('POST items – a category of another kind’s tree – 400; a colleague’s or missing category – 404', async () => {
    const deps = setupCorp()
    const phraseCat = await addCategory(deps, 'boss', (await tree(deps, 'boss', 'public', 'phrase')).root.id, '常用语分类')
    const wangCat = await addCategory(deps, 'wang', (await tree(deps, 'wang', 'personal', 'phrase')).root.id, '王的')

    const res = [
      await post(deps, 'boss', scriptInput('问题', { categoryId: phraseCat.id })),
      await post(deps, 'lisi', { ...phraseInput('x', 'personal'), categoryId: wangCat.id }),
      await post(deps, 'boss', { ...phraseInput('x'), categoryId: 999_999 }),
    ]

    expect(res.map((r) => r.status)).toEqual([400, 404, 404])
  })

  it.each([
    ['no kind', { library: 'public', text: 'x' }],
    ['unknown kind', { library: 'public', kind: 'video', text: 'x' }],
    ['no library', { kind: 'phrase', text: 'x' }],
    ['empty question', scriptInput('  ')],
    ['question of 101 characters', scriptInput('问'.repeat(101))],
    ['answer missing', { library: 'public', kind: 'script', question: '问' }],
    ['answer with no text part', scriptInput('问', { answer: [{ type: 'image', attachmentId: 'a1' }] })],
    ['answer text 301 characters over two parts', scriptInput('问', { answer: [{ type: 'text', text: '答'.repeat(200) }, { type: 'text', text: '答'.repeat(101) }] })],
    ['11 answer parts', scriptInput('问', { answer: [{ type: 'text', text: '答' }, ...Array.from({ length: 10 }, () => ({ type: 'file' as const, attachmentId: 'f' }))] })],
    ['empty text part', scriptInput('问', { answer: [{ type: 'text', text: '答' }, { type: 'text', text: ' ' }] })],
    ['bad attachment id', scriptInput('问', { answer: [{ type: 'text', text: '答' }, { type: 'image', attachmentId: '../etc/passwd' }] })],
    ['answer link with javascript: url', scriptInput('问', { answer: [{ type: 'text', text: '答' }, { type: 'link', url: 'javascript:alert(1)', title: 't', description: '', cover: null }] })],
    ['duplicate similar questions', scriptInput('问', { similar: ['相似', '相似'] })],
    ['21 similar questions', scriptInput('问', { similar: Array.from({ length: 21 }, (_, i) => `相似${i}`) })],
    ['similar question of 101 characters', scriptInput('问', { similar: ['问'.repeat(101)] })],
    ['empty phrase', phraseInput(' \n ')],
    ['phrase of 301 characters', phraseInput('语'.repeat(301))],
    ['link without title', linkInput('')],
    ['link with ftp url', linkInput('t', { url: 'ftp://yili.com/a' })],
    ['link with a url that is no url', linkInput('t', { url: 'yili.com' })],
    ['link title of 65 characters', linkInput('标'.repeat(65))],
    ['link description of 201 characters', linkInput('t', { description: '描'.repeat(201) })],
    ['negative seq', { ...phraseInput('x'), seq: -1 }],
    ['seq with three decimals', { ...phraseInput('x'), seq: 1.234 }],
    ['seq as a string', { ...phraseInput('x'), seq: '1' }],
    ['category id not an integer', { ...phraseInput('x'), categoryId: 1.5 }],
  ])('POST items – %s – 400 VALIDATION_FAILED', async (_, json) => {
    const deps = setupCorp()

    const res = await post(deps, 'boss', json)

    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
  })

  it('POST items – answer of exactly 300 characters, 100-character question, 300-character phrase – 201', async () => {
    const deps = setupCorp()

    const res = [
      await post(deps, 'boss', scriptInput('问'.repeat(100), { answer: [{ type: 'text', text: '答'.repeat(150) }, { type: 'text', text: '😀'.repeat(150) }] })),
      await post(deps, 'boss', phraseInput('语'.repeat(300))),
    ]

    expect(res.map((r) => r.status)).toEqual([201, 201])
  })
})

describe('GET /api/knowledge/items', () => {
  const list = async (deps: Deps, as: string, query: string) => {
    const res = await call(deps, `/api/knowledge/items?${query}`, { as })
    expect(res.status).toBe(200)
    return KnowledgeItemPage.parse(await res.json())
  }
  const questions = (page: KnowledgeItemPage) => page.items.map((i) => (i.kind === 'script' ? i.question : ''))

  it('GET items – by 序号 – ascending, ties newest update first', async () => {
    const deps = setupCorp()
    addItems(deps, [scriptInput('七', { seq: 7 }), scriptInput('零甲', { seq: 0 }), scriptInput('一点一七', { seq: 1.17 })])
    deps.clock.advance(100)
    addItems(deps, [scriptInput('零乙', { seq: 0 })])

    expect(questions(await list(deps, 'lisi', 'library=public&kind=script'))).toEqual(['零乙', '零甲', '一点一七', '七'])
  })

  it('GET items – most used – by use count', async () => {
    const deps = setupCorp()
    const [, b] = addItems(deps, [scriptInput('甲', { seq: 0 }), scriptInput('乙', { seq: 5 })])
    await call(deps, `/api/knowledge/items/${b!.id}/use`, { as: 'lisi', method: 'POST', json: { sendToken: sendTokenFor(deps, 'lisi') } })

    expect(questions(await list(deps, 'lisi', 'library=public&kind=script&sort=used'))).toEqual(['乙', '甲'])
  })

  it('GET items – a category – its items and its sub-categories’, with total and paging', async () => {
    const deps = setupCorp()
    const { l1, l2 } = await fourLevels(deps)
    addItems(deps, [
      scriptInput('一级的', { categoryId: l1.id, seq: 1 }),
      scriptInput('二级的', { categoryId: l2.id, seq: 2 }),
      scriptInput('二级的2', { categoryId: l2.id, seq: 3 }),
      scriptInput('未分类的'),
    ])

    const page1 = await list(deps, 'lisi', `library=public&kind=script&categoryId=${l1.id}&pageSize=2`)
    const page2 = await list(deps, 'lisi', `library=public&kind=script&categoryId=${l1.id}&pageSize=2&page=2`)
    const sub = await list(deps, 'lisi', `library=public&kind=script&categoryId=${l2.id}`)

    expect([questions(page1), questions(page2), page1.total]).toEqual([['一级的', '二级的'], ['二级的2'], 3])
    expect(questions(sub)).toEqual(['二级的', '二级的2'])
  })

  it('GET items – q – titles containing it (ASCII case-insensitive)', async () => {
    const deps = setupCorp()
    addItems(deps, [linkInput('Yili 官网'), linkInput('蒙牛官网'), linkInput('yili 商城', { description: '不是标题里的官网' })])

    const page = await list(deps, 'lisi', `library=public&kind=link&q=${encodeURIComponent('YILI')}`)

    expect(page.items.map((i) => i.kind === 'link' && i.title).sort()).toEqual(['Yili 官网', 'yili 商城'])
  })

  it('GET items – q of 1 or 2 characters, query syntax, or empty – substring matches; empty filters nothing', async () => {
    const deps = setupCorp()
    addItems(deps, [linkInput('官网 "新"'), linkInput('商城'), linkInput('Yili 官网 OR *')])
    const titles = async (q: string) =>
      (await list(deps, 'lisi', `library=public&kind=link&q=${encodeURIComponent(q)}`)).items.map((i) => i.kind === 'link' && i.title).sort()

    expect(await titles('网')).toEqual(['Yili 官网 OR *', '官网 "新"'])
    expect(await titles('商城')).toEqual(['商城'])
    expect(await titles('"新"')).toEqual(['官网 "新"'])
    expect(await titles('OR *')).toEqual(['Yili 官网 OR *'])
    expect(await titles('')).toHaveLength(3)
  })

  it('GET items – personal – only the viewer’s own; a library never visited – empty', async () => {
    const deps = setupCorp()
    addItems(deps, [phraseInput('李四的', 'personal')], LISI)

    expect((await list(deps, 'lisi', 'library=personal&kind=phrase')).total).toBe(1)
    expect(await list(deps, 'wang', 'library=personal&kind=phrase')).toEqual({ items: [], total: 0, page: 1, pageSize: 20 })
  })

  it('GET items – a category of another tree or a colleague’s – 404; bad sort, page size 101, no kind – 400', async () => {
    const deps = setupCorp()
    const phraseCat = await addCategory(deps, 'boss', (await tree(deps, 'boss', 'public', 'phrase')).root.id, '常用语分类')
    const wangCat = await addCategory(deps, 'wang', (await tree(deps, 'wang', 'personal', 'phrase')).root.id, '王的')

    const res = [
      await call(deps, `/api/knowledge/items?library=public&kind=script&categoryId=${phraseCat.id}`, { as: 'lisi' }),
      await call(deps, `/api/knowledge/items?library=personal&kind=phrase&categoryId=${wangCat.id}`, { as: 'lisi' }),
      await call(deps, '/api/knowledge/items?library=public&kind=script&sort=new', { as: 'lisi' }),
      await call(deps, '/api/knowledge/items?library=public&kind=script&pageSize=101', { as: 'lisi' }),
      await call(deps, '/api/knowledge/items?library=public', { as: 'lisi' }),
    ]

    expect(res.map((r) => r.status)).toEqual([404, 404, 400, 400, 400])
  })
})

describe('GET, PUT, DELETE /api/knowledge/items/:id', () => {
  it('GET item – public by staff – 200; a colleague’s personal – 404; missing – 404; bad id – 400', async () => {
    const deps = setupCorp()
    const [pub] = addItems(deps, [phraseInput('公共')])
    const [wangs] = addItems(deps, [phraseInput('王的', 'personal')], { corpId: deps.corpId, userid: 'wang', role: 'staff' })

    const res = [
      await call(deps, `/api/knowledge/items/${pub!.id}`, { as: 'lisi' }),
      await call(deps, `/api/knowledge/items/${wangs!.id}`, { as: 'lisi' }),
      await call(deps, `/api/knowledge/items/${wangs!.id}`, { as: 'boss' }),
      await call(deps, '/api/knowledge/items/999999', { as: 'lisi' }),
      await call(deps, '/api/knowledge/items/-3', { as: 'lisi' }),
    ]

    expect(res.map((r) => r.status)).toEqual([200, 404, 404, 404, 400])
  })

  it('PUT item – admin edits a public script – 200, content replaced, category and 序号 kept, 最近更新时间 moves', async () => {
    const deps = setupCorp()
    const { l1 } = await fourLevels(deps)
    const [item] = addItems(deps, [scriptInput('旧问题', { categoryId: l1.id, seq: 3 })])
    deps.clock.advance(500)

    const res = await call(deps, `/api/knowledge/items/${item!.id}`, {
      as: 'boss', method: 'PUT', json: { kind: 'script', question: '新问题', similar: ['新相似'], answer: [{ type: 'text', text: '新答案' }] },
    })

    expect(res.status).toBe(200)
    expect(KnowledgeItem.parse(await res.json())).toMatchObject({ question: '新问题', similar: ['新相似'], categoryId: l1.id, seq: 3, updatedAt: 1_750_000_500 })
  })

  it('PUT item – owner moves a personal link to their category – 200', async () => {
    const deps = setupCorp()
    const [item] = addItems(deps, [linkInput('我的链接', { library: 'personal' })], LISI)
    const cat = await addCategory(deps, 'lisi', (await tree(deps, 'lisi', 'personal', 'link')).root.id, '收藏')

    const res = await call(deps, `/api/knowledge/items/${item!.id}`, { as: 'lisi', method: 'PUT', json: { kind: 'link', title: '我的链接', url: 'https://a.cn', categoryId: cat.id } })

    expect(KnowledgeItem.parse(await res.json())).toMatchObject({ categoryId: cat.id, url: 'https://a.cn' })
  })

  it('PUT item – another kind – 400; staff on public – 403; a colleague’s – 404; invalid body – 400', async () => {
    const deps = setupCorp()
    const [pub] = addItems(deps, [phraseInput('公共')])
    const [wangs] = addItems(deps, [phraseInput('王的', 'personal')], { corpId: deps.corpId, userid: 'wang', role: 'staff' })
    const put = (as: string, id: number, json: unknown) => call(deps, `/api/knowledge/items/${id}`, { as, method: 'PUT', json })

    const res = [
      await put('boss', pub!.id, { kind: 'link', title: 't', url: 'https://a.cn' }),
      await put('lisi', pub!.id, { kind: 'phrase', text: '改' }),
      await put('lisi', wangs!.id, { kind: 'phrase', text: '改' }),
      await put('boss', pub!.id, { kind: 'phrase', text: '' }),
    ]

    expect(res.map((r) => r.status)).toEqual([400, 403, 404, 400])
    expect(findItem(deps.db, deps.corpId, pub!.id)!.title).toBe('公共')
  })

  it('PUT item seq – admin – 200, 序号 set, 最近更新时间 unchanged; staff – 403; 3 decimals – 400; missing – 404', async () => {
    const deps = setupCorp()
    const [item] = addItems(deps, [phraseInput('x')])
    deps.clock.advance(900)
    const seq = (as: string, id: number, json: unknown) => call(deps, `/api/knowledge/items/${id}/seq`, { as, method: 'PUT', json })

    const ok = await seq('boss', item!.id, { seq: 2.5 })
    const res = [await seq('lisi', item!.id, { seq: 1 }), await seq('boss', item!.id, { seq: 1.005 }), await seq('boss', 999_999, { seq: 1 })]

    expect(KnowledgeItem.parse(await ok.json())).toMatchObject({ seq: 2.5, updatedAt: item!.updatedAt })
    expect(res.map((r) => r.status)).toEqual([403, 400, 404])
  })

  it('DELETE item – admin – 204 and gone; staff on public – 403; a colleague’s – 404', async () => {
    const deps = setupCorp()
    const [a, b] = addItems(deps, [phraseInput('甲'), phraseInput('乙')])
    const [wangs] = addItems(deps, [phraseInput('王的', 'personal')], { corpId: deps.corpId, userid: 'wang', role: 'staff' })

    const res = [
      await call(deps, `/api/knowledge/items/${a!.id}`, { as: 'boss', method: 'DELETE' }),
      await call(deps, `/api/knowledge/items/${b!.id}`, { as: 'lisi', method: 'DELETE' }),
      await call(deps, `/api/knowledge/items/${wangs!.id}`, { as: 'lisi', method: 'DELETE' }),
      await call(deps, `/api/knowledge/items/${a!.id}`, { as: 'boss', method: 'DELETE' }),
    ]

    expect(res.map((r) => r.status)).toEqual([204, 403, 404, 404])
  })

  it('DELETE item – the last item of a category – the category can then be deleted', async () => {
    const deps = setupCorp()
    const { l4 } = await fourLevels(deps)
    const [item] = addItems(deps, [scriptInput('唯一', { categoryId: l4.id })])

    await call(deps, `/api/knowledge/items/${item!.id}`, { as: 'boss', method: 'DELETE' })

    expect((await call(deps, `/api/knowledge/categories/${l4.id}`, { as: 'boss', method: 'DELETE' })).status).toBe(204)
  })
})

describe('POST /api/knowledge/items/:id/use', () => {
  const use = (deps: Deps, id: number | string, as: string, sendToken: unknown) =>
    call(deps, `/api/knowledge/items/${id}/use`, { as, method: 'POST', json: { sendToken } })

  it('POST use – staff on a public item, each send with its check’s token – 200, count 1 then 2', async () => {
    const deps = setupCorp()
    const [item] = addItems(deps, [phraseInput('x')])

    const first = KnowledgeUseResult.parse(await (await use(deps, item!.id, 'lisi', sendTokenFor(deps, 'lisi'))).json())
    const second = KnowledgeUseResult.parse(await (await use(deps, item!.id, 'wang', sendTokenFor(deps, 'wang'))).json())

    expect([first.useCount, second.useCount]).toEqual([1, 2])
  })

  it('POST use – the same token again, on the same or another item – 409, counted once', async () => {
    const deps = setupCorp()
    const [a, b] = addItems(deps, [phraseInput('甲'), phraseInput('乙')])
    const token = sendTokenFor(deps, 'lisi')
    await use(deps, a!.id, 'lisi', token)

    const again = [await use(deps, a!.id, 'lisi', token), await use(deps, b!.id, 'lisi', token)]

    expect(again.map((r) => r.status)).toEqual([409, 409])
    expect((await errorOf(again[0]!)).message).toBe('这次发送已计入使用次数，不能重复计数')
    expect([findItem(deps.db, deps.corpId, a!.id)!.useCount, findItem(deps.db, deps.corpId, b!.id)!.useCount]).toEqual([1, 0])
  })

  it('POST use – no token, an empty one, one never issued, a colleague’s, an expired one – 400, nothing counted', async () => {
    const deps = setupCorp()
    const [item] = addItems(deps, [phraseInput('x')])
    const wangs = sendTokenFor(deps, 'wang')
    const old = sendTokenFor(deps, 'lisi')
    deps.clock.advance(30 * 60 + 1)

    const res = [
      await call(deps, `/api/knowledge/items/${item!.id}/use`, { as: 'lisi', method: 'POST' }),
      await use(deps, item!.id, 'lisi', ''),
      await use(deps, item!.id, 'lisi', 'made-up-token'),
      await use(deps, item!.id, 'lisi', wangs),
      await use(deps, item!.id, 'lisi', old),
    ]

    expect(res.map((r) => r.status)).toEqual([400, 400, 400, 400, 400])
    expect((await errorOf(res[2]!)).message).toBe('发送凭证无效或已过期，请重新发送')
    expect(findItem(deps.db, deps.corpId, item!.id)!.useCount).toBe(0)
  })

  it('POST use – the token of a check that found a 拦截 word – 409, not counted', async () => {
    const deps = setupCorp()
    deps.db.$client.prepare("insert into sensitive_words (corp_id, word, word_key, action, created_at, created_by) values (?, '返现', '返现', 'block', 1, 'boss')").run(deps.corpId)
    const [item] = addItems(deps, [phraseInput('保证返现')])

    const res = await use(deps, item!.id, 'lisi', sendTokenFor(deps, 'lisi', '保证返现'))

    expect(res.status).toBe(409)
    expect(findItem(deps.db, deps.corpId, item!.id)!.useCount).toBe(0)
  })

  it('POST use – a colleague’s personal item – 404 (token kept); missing – 404; bad id – 400', async () => {
    const deps = setupCorp()
    const [wangs] = addItems(deps, [phraseInput('王的', 'personal')], { corpId: deps.corpId, userid: 'wang', role: 'staff' })
    const token = sendTokenFor(deps, 'lisi')

    const res = [await use(deps, wangs!.id, 'lisi', token), await use(deps, 999999, 'lisi', token), await use(deps, 'x', 'lisi', token)]

    expect(res.map((r) => r.status)).toEqual([404, 404, 400])
    expect(findItem(deps.db, deps.corpId, wangs!.id)!.useCount).toBe(0)
  })
})

describe('GET /api/knowledge/search', () => {
  const search = (deps: Deps, query: string, as = 'lisi') => call(deps, `/api/knowledge/search?${query}`, { as })

  it('GET search – a Chinese query – 200, hits with highlights and a cursor for more', async () => {
    const deps = setupCorp()
    addItems(deps, [scriptInput('金典哪里好'), phraseInput('金典常用语'), linkInput('金典官网')])

    const res = await search(deps, `q=${encodeURIComponent('金典')}&limit=2`)

    expect(res.status).toBe(200)
    const page = KnowledgeSearchPage.parse(await res.json())
    expect(page.hits).toHaveLength(2)
    expect(page.hits[0]!.highlights[0]!.ranges).toEqual([[0, 2]])
    const next = KnowledgeSearchPage.parse(await (await search(deps, `q=${encodeURIComponent('金典')}&limit=2&cursor=${page.nextCursor}`)).json())
    expect(next.hits).toHaveLength(1)
    expect(next.nextCursor).toBeNull()
  })

  it('GET search – FTS5 syntax as the query – 200, searched literally', async () => {
    const deps = setupCorp()
    addItems(deps, [phraseInput('买 "一" 送一 OR 半价*')])

    const res = await search(deps, `q=${encodeURIComponent('"一" 送一 OR')}`)

    expect(res.status).toBe(200)
    expect(KnowledgeSearchPage.parse(await res.json()).hits).toHaveLength(1)
  })

  it.each([
    ['no q', 'kind=script'],
    ['empty q', 'q='],
    ['blank q', `q=${encodeURIComponent(' \t\n ')}`],
    ['q of 101 characters', `q=${encodeURIComponent('搜'.repeat(101))}`],
    ['a cursor we did not make', `q=a&cursor=${Buffer.from('[9,0,0]').toString('base64url')}`],
    ['a cursor that is not base64 JSON', 'q=a&cursor=%21%21'],
    ['limit 0', 'q=a&limit=0'],
    ['limit 51', 'q=a&limit=51'],
    ['unknown kind', 'q=a&kind=video'],
    ['unknown library', 'q=a&library=team'],
  ])('GET search – %s – 400', async (_, query) => {
    const deps = setupCorp()

    const res = await search(deps, query)

    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
  })
})

describe('admin and the personal libraries', () => {
  it('an admin – cannot read, change or count uses of a staff member’s personal items – 404', async () => {
    const deps = setupCorp()
    const [item] = addItems(deps, [phraseInput('李四的', 'personal')], LISI)

    const res = [
      await call(deps, `/api/knowledge/items/${item!.id}`, { as: 'boss' }),
      await call(deps, `/api/knowledge/items/${item!.id}`, { as: 'boss', method: 'PUT', json: { kind: 'phrase', text: '改' } }),
      await call(deps, `/api/knowledge/items/${item!.id}/use`, { as: 'boss', method: 'POST', json: { sendToken: sendTokenFor(deps, 'boss') } }),
    ]

    expect(res.map((r) => r.status)).toEqual([404, 404, 404])
    expect(ADMIN.role).toBe('admin')
  })
})
