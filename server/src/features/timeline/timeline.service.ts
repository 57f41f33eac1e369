/**
 * 客户动态: one stream per customer, newest first, from the tables that already keep each
 * kind of event (relations, tag events, remark events, mark events, follow-ups, reminders,
 * business records). Each selected source reads one page after the cursor; the pages are
 * merged and cut to the page size (timeline.domain.ts).
 */
import { addWayLabel, TAG_SOURCE_LABELS, TimelineKind, type TagSource, type TimelineItem, type TimelinePage } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { AppError, notFound } from '../../lib/errors'
import { findVisibleCustomer } from '../customers/customers.repo'
import { toFollowups } from '../followups/followups.service'
import { excerpt } from '../followups/followups.domain'
import { findStaff, recipientsOf, findFollowupsByIds } from '../followups/followups.repo'
import { markEventText } from '../marks/marks-admin.domain'
import { decodeStreamCursor, mergeStream, type StreamPosition, type TimelineSource } from './timeline.domain'
import * as repo from './timeline.repo'

type Item = TimelineItem & StreamPosition

/** Staff names and avatars of everyone a page mentions, read in one query. */
interface People {
  ref(userid: string): { userid: string; name: string }
  refOrNull(userid: string): { userid: string; name: string } | null
  avatar(userid: string): string
}

/** One source's page: the userids it names, and how to build its items once they are known. */
interface SourcePage {
  userids: string[]
  build(people: People): Item[]
}

const pos = <K extends TimelineSource>(kind: K, row: { at: number | null; id: number }) => ({
  kind,
  at: row.at ?? 0,
  id: row.id,
  key: `${kind}-${row.id}`,
})

/** A stored business value as the contract carries it; anything else (absent, malformed) is null. */
function fieldValue(v: unknown): string | number | string[] | null {
  if (typeof v === 'string' || typeof v === 'number') return v
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[]
  return null
}

const READERS: Record<TimelineSource, (deps: Deps, q: repo.SourceQuery) => SourcePage> = {
  added: (deps, q) => {
    const rows = repo.addedPage(deps.db, q)
    return {
      userids: rows.map((r) => r.userid),
      build: (p) =>
        rows.map((r) => ({ ...pos('added', r), follower: p.ref(r.userid), addWay: r.addWay, addWayLabel: addWayLabel(r.addWay), state: r.state })),
    }
  },
  removed: (deps, q) => {
    const rows = repo.removedPage(deps.db, q)
    return {
      userids: rows.map((r) => r.userid),
      build: (p) =>
        rows.map((r) => ({ ...pos('removed', r), follower: p.ref(r.userid), by: r.by })),
    }
  },
  tags: (deps, q) => {
    const rows = repo.tagsPage(deps.db, q)
    return {
      userids: rows.flatMap((r) => [r.userid, r.operatorUserid]),
      build: (p) =>
        rows.map((r) => ({
          ...pos('tags', r),
          action: r.action,
          tagName: r.tagName,
          groupName: r.groupName,
          follower: p.ref(r.userid),
          operator: p.refOrNull(r.operatorUserid),
          source: r.source,
          sourceLabel: TAG_SOURCE_LABELS[r.source as TagSource] ?? r.source,
        })),
    }
  },
  remark: (deps, q) => {
    const rows = repo.remarkPage(deps.db, q)
    return {
      userids: rows.flatMap((r) => [r.userid, r.operatorUserid]),
      build: (p) =>
        rows.map((r) => ({
          ...pos('remark', r),
          follower: p.ref(r.userid),
          operator: p.refOrNull(r.operatorUserid),
          from: String(r.detail.from ?? ''),
          to: String(r.detail.to ?? ''),
        })),
    }
  },
  mark: (deps, q) => {
    const rows = repo.markPage(deps.db, q)
    return {
      userids: rows.flatMap((r) => [r.userid, r.operatorUserid]),
      build: (p) =>
        rows.map((r) => ({
          ...pos('mark', r),
          event: r.kind,
          follower: p.refOrNull(r.userid),
          operator: p.refOrNull(r.operatorUserid),
          text: markEventText(r.kind, r.detail, r.userid ? p.ref(r.userid).name : null),
        })),
    }
  },
  followup: (deps, q) => {
    const dtos = toFollowups(deps, q.corpId, repo.followupPage(deps.db, q))
    return { userids: [], build: () => dtos.map((f) => ({ ...pos('followup', { at: f.createdAt, id: f.id }), followup: f })) }
  },
  reminder: (deps, q) => {
    const rows = repo.reminderPage(deps.db, q)
    const recipients = recipientsOf(deps.db, q.corpId, rows.map((r) => r.id))
    const texts = new Map(findFollowupsByIds(deps.db, q.corpId, rows.map((r) => r.followupId)).map((f) => [f.id, f.text]))
    return {
      userids: [...recipients.values()].flat(),
      build: (p) =>
        rows.map((r) => ({
          ...pos('reminder', r),
          reminder: {
            id: r.id,
            followupId: r.followupId,
            dueAt: r.dueAt,
            late: r.late,
            excerpt: excerpt(texts.get(r.followupId) ?? ''),
            recipients: (recipients.get(r.id) ?? []).map((u) => p.ref(u)),
          },
        })),
    }
  },
  business: (deps, q) => {
    const rows = repo.businessPage(deps.db, q)
    return {
      userids: rows.map((r) => r.author),
      build: (p) =>
        rows.map((r) => ({
          ...pos('business', { at: r.createdAt, id: r.id }),
          record: {
            id: r.id,
            templateName: r.templateName,
            author: { ...p.ref(r.author), avatar: p.avatar(r.author) },
            fields: r.fields.map((f) => ({ id: f.id, name: f.name, type: f.type, value: fieldValue(r.values[f.id]) })),
          },
        })),
    }
  },
}

function people(deps: Deps, corpId: string, userids: string[]): People {
  const rows = new Map(findStaff(deps.db, corpId, [...new Set(userids.filter(Boolean))]).map((s) => [s.userid, s]))
  const ref = (userid: string) => ({ userid, name: rows.get(userid)?.name ?? userid })
  return { ref, refOrNull: (u) => (u ? ref(u) : null), avatar: (u) => rows.get(u)?.avatar ?? '' }
}

/**
 * One page of a customer's timeline, newest first, of the chosen kinds (none: all). 404 when
 * the customer is outside the viewer's scope; 400 for a cursor this API did not make.
 */
export function getTimeline(
  deps: Deps,
  viewer: Viewer,
  externalUserid: string,
  query: { kinds: TimelineKind[]; cursor?: string; limit: number },
): TimelinePage {
  if (!findVisibleCustomer(deps.db, viewer, externalUserid)) throw notFound('客户')
  const cursor = query.cursor === undefined ? undefined : decodeStreamCursor(query.cursor)
  if (query.cursor !== undefined && !cursor) {
    throw new AppError('VALIDATION_FAILED', 400, 'cursor 格式不正确', { issues: [{ path: 'query.cursor', message: 'cursor 格式不正确' }] })
  }
  const kinds = query.kinds.length ? [...new Set(query.kinds)] : TimelineKind.options
  const q = { corpId: viewer.corpId, externalUserid, cursor, limit: query.limit + 1 }
  const pages = kinds.map((k) => READERS[k](deps, q))
  const p = people(deps, viewer.corpId, pages.flatMap((pg) => pg.userids))
  const { items, nextCursor } = mergeStream(pages.map((pg) => pg.build(p)), query.limit)
  return { items: items.map(({ id: _id, ...item }) => item as TimelineItem), nextCursor }
}
