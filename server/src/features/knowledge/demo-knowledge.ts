import {
  CreateKnowledgeItemInput,
  KnowledgeKind,
  type AnswerPart,
  type KnowledgeCategoryNode,
  type KnowledgeItemInput,
  type SensitiveAction,
} from '@kelan/shared'
import type { Viewer } from '../../app-env'
import { IMMEDIATE } from '../../db/client'
import type { Deps } from '../../deps'
import { DEMO_CORP } from '../../wecom-sim/demo-config'
import { createWords } from '../sensitive/sensitive.service'
import * as repo from './knowledge.repo'
import { createCategory, createItem, getCategoryTree } from './knowledge.service'

/*
 * The demo corp (云帆科技, which sells a CRM) starts with a public knowledge base an admin would
 * have filled in, so the sidebar's 话术 tab and search have something to show. Two answers use
 * 提醒 words on purpose (保证, 最低价): sending them shows the sensitive-word confirmation.
 */

type ItemSeed = KnowledgeItemInput

interface CategorySeed {
  name: string
  items: ItemSeed[]
}

const text = (t: string): AnswerPart => ({ type: 'text', text: t })
const linkPart = (title: string, url: string, description = ''): AnswerPart => ({ type: 'link', title, url, description, cover: null })
const script = (question: string, similar: string[], ...answer: AnswerPart[]): ItemSeed => ({ kind: 'script', question, similar, answer })
const phrase = (t: string): ItemSeed => ({ kind: 'phrase', text: t })
const link = (title: string, url: string, description: string): ItemSeed => ({ kind: 'link', title, url, description, cover: null })

const SITE = 'https://yunfan.example.com'
const HELP = 'https://help.yunfan.example.com'

/** The public library of the demo corp: per kind, its top-level categories in display order. */
export const DEMO_KNOWLEDGE: Record<KnowledgeKind, CategorySeed[]> = {
  script: [
    {
      name: '售前咨询',
      items: [
        script(
          '云帆CRM主要能做什么？',
          ['你们的系统有哪些功能', '产品适合什么企业用'],
          text('云帆CRM帮助企业统一管理客户、跟进销售机会、沉淀客户资料，支持企业微信侧边栏、客户标签、跟进记录和数据报表，适合 10～2000 人的销售和服务团队。'),
          linkPart('云帆CRM产品介绍', `${SITE}/product`, '一页看懂云帆CRM的核心功能'),
        ),
        script(
          '可以免费试用吗？',
          ['有没有试用版', '试用期多长'],
          text('可以的，新注册企业可免费试用 14 天，全部功能开放，试用期间的数据在转为正式版后完整保留。您留个手机号，我马上为您开通。'),
        ),
        script(
          '支持私有化部署吗？',
          ['能不能部署在我们自己的服务器上', '数据能放在本地吗'],
          text('支持。除标准的云端版本外，我们也提供私有化部署，可以部署在贵司机房或指定的云服务器上。'),
          text('私有化部署需要先评估服务器配置和对接需求，我帮您约一次技术顾问线上沟通，您看本周哪天方便？'),
        ),
        script(
          '客户数据安全怎么保障？',
          ['客户数据会不会泄露', '你们有安全认证吗'],
          text('我们保证客户数据全程加密传输和存储，系统已通过等保三级测评，支持按角色设置数据权限，所有操作日志可查。'),
        ),
      ],
    },
    {
      name: '售后服务',
      items: [
        script(
          '账号登录不了怎么办？',
          ['登录提示密码错误', '忘记密码了'],
          text('请先在登录页点击「忘记密码」，用绑定的手机号重置；如果提示账号已停用，请联系贵司管理员在后台重新启用。'),
          linkPart('登录问题排查', `${HELP}/faq/login`, '密码重置、账号停用、验证码收不到'),
        ),
        script(
          '如何导入已有的客户数据？',
          ['能批量导入客户吗', 'Excel 客户名单怎么导进去'],
          text('在「客户」页面点击「导入」，下载模板按列填写后上传即可，单次最多 1 万条。导入完成后会生成结果报告，失败的行改好后可以重新导入。'),
          linkPart('客户数据导入教程', `${HELP}/import`),
        ),
        script(
          '售后服务时间是什么时候？',
          ['客服几点上班', '周末有人处理问题吗'],
          text('工作日 9:00-18:00 提供在线和电话支持，紧急故障 7×24 小时响应。您也可以随时在系统右下角提交工单，我们会在 2 小时内回复。'),
        ),
        script(
          '怎么申请开发票？',
          ['可以开专票吗', '发票多久能收到'],
          text('可以开具增值税普通发票和专用发票。付款后在「设置 - 订单与发票」中填写开票信息并提交申请，电子发票 3 个工作日内发送到您的邮箱。'),
        ),
      ],
    },
    {
      name: '价格与优惠',
      items: [
        script(
          '价格是怎么算的？',
          ['多少钱一年', '收费标准是什么'],
          text('按账号数和版本按年收费：标准版每账号每年 480 元，专业版每账号每年 880 元，10 个账号起购。'),
          linkPart('价格方案与版本对比', `${SITE}/pricing`, '标准版、专业版、私有化部署的功能与价格'),
        ),
        script(
          '现在有什么优惠活动？',
          ['最近有折扣吗', '年底有没有活动'],
          text('本月签约年付可享 9 折，两年付 8.5 折，另外赠送一次上门培训。活动月底截止，需要的话我先帮您锁定名额。'),
        ),
        script(
          '能不能再便宜一点？',
          ['价格还能谈吗', '老客户有优惠吗'],
          text('理解您的预算考虑。这个报价已经是本季度的最低价了，如果账号数超过 50 个或签约两年以上，我可以再帮您申请额外折扣。'),
        ),
        script(
          '支持哪些付款方式？',
          ['可以分期付款吗', '能走对公转账吗'],
          text('支持对公转账和在线支付（支付宝、微信支付），合同金额满 2 万元可申请分季度付款。为保障资金安全，请只向合同上的公司账户付款。'),
        ),
      ],
    },
  ],
  phrase: [
    {
      name: '问候',
      items: [
        phrase('您好，我是云帆科技的客户顾问，很高兴为您服务，有任何问题都可以随时问我～'),
        phrase('早上好！今天有什么可以帮您的吗？'),
        phrase('感谢您的耐心等待，我这边已经查到了，马上为您说明。'),
        phrase('不客气，祝您工作顺利！后续有任何问题随时联系我。'),
      ],
    },
    {
      name: '跟进',
      items: [
        phrase('您好，上次发给您的方案看过了吗？有疑问的地方我可以电话给您详细讲解。'),
        phrase('试用已经开通几天了，使用中有没有遇到问题？需要的话我安排一次线上演示。'),
        phrase('这周四下午有一场产品直播，会演示最新的企业微信侧边栏功能，需要的话我发您报名链接。'),
      ],
    },
  ],
  link: [
    {
      name: '产品介绍',
      items: [
        link('云帆CRM产品介绍', `${SITE}/product`, '客户管理、销售跟进、企业微信侧边栏，一页看懂云帆CRM的核心功能'),
        link('价格方案与版本对比', `${SITE}/pricing`, '标准版、专业版、私有化部署的功能与价格对比'),
        link('客户案例：制造业销售团队数字化', `${SITE}/cases/manufacturing`, '一家制造企业的 200 人销售团队使用云帆CRM半年后的转化提升'),
      ],
    },
    {
      name: '帮助中心',
      items: [
        link('新手入门指南', `${HELP}/getting-started`, '从开通账号、导入客户到配置侧边栏，10 分钟完成上手'),
        link('客户数据导入教程', `${HELP}/import`, '模板下载、字段说明和常见导入错误的处理方法'),
        link('常见问题 FAQ', `${HELP}/faq`, '登录、权限、发票、数据导出等高频问题解答'),
      ],
    },
  ],
}

/** The demo corp's sensitive words, by action. */
export const DEMO_SENSITIVE_WORDS: Record<SensitiveAction, string[]> = {
  block: ['微信转账'],
  warn: ['最低价', '保证'],
}

/** The top-level category `name` of the tree under `root`, created when missing. @returns its id */
function topCategory(deps: Deps, viewer: Viewer, root: KnowledgeCategoryNode, name: string): number {
  const existing = root.children.find((c) => c.name === name)
  if (existing) return existing.id
  const tree = createCategory(deps, viewer, { parentId: root.id, name })
  return tree.root.children.find((c) => c.name === name)!.id
}

function seedKind(deps: Deps, viewer: Viewer, kind: KnowledgeKind, categories: readonly CategorySeed[]): void {
  const { root } = getCategoryTree(deps, viewer, { library: 'public', kind })
  for (const category of categories) {
    const categoryId = topCategory(deps, viewer, root, category.name)
    category.items.forEach((item, i) => {
      // Parsed like a request body: defaults filled, and a seed that breaks a limit fails loudly.
      createItem(deps, viewer, CreateKnowledgeItemInput.parse({ ...item, library: 'public', categoryId, seq: i + 1 }))
    })
  }
}

const hasPublicItems = (deps: Deps): boolean => {
  const trees = repo.listTrees(deps.db, deps.corpId, '', ['public'], KnowledgeKind.options)
  return repo.itemCountUpTo(deps.db, trees.map((t) => t.id), 1) > 0
}

/**
 * Fills the demo corp's public knowledge base (categories and items of each kind, through the
 * service so the search index is built) and its sensitive words, written as the first Kelan
 * admin. index.ts runs it after the first demo sync; it does nothing when the corp already has
 * public items, so an admin's own library is never added to, and it is all-or-nothing.
 */
export function seedDemoKnowledge(deps: Deps): void {
  deps.db.transaction(() => {
    if (hasPublicItems(deps)) return
    const viewer: Viewer = { corpId: deps.corpId, userid: deps.env.adminUserids[0] ?? DEMO_CORP.adminUserid, role: 'admin' }
    for (const kind of KnowledgeKind.options) seedKind(deps, viewer, kind, DEMO_KNOWLEDGE[kind])
    for (const [action, words] of Object.entries(DEMO_SENSITIVE_WORDS) as [SensitiveAction, string[]][]) {
      createWords(deps, viewer, { words, action })
    }
    // Immediate: whether to seed is decided on what was read, so no other writer may come in between.
  }, IMMEDIATE)
}
