import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Viewer } from '../../app-env'
import { IMMEDIATE, type Db } from '../../db/client'
import { customers, jobItems, jobs, staff } from '../../db/schema'
import type { JobRow } from '../../jobs/jobs.types'
import { customerScope, visibleStaffSubquery } from '../customers/customers.scope'
import { lockedTagsFor } from '../marks/marks.repo'
import type { StoredBatchInput } from './tag-batches.domain'

/**
 * Creates a batch job and one pending item per customer (in selection order) in one
 * transaction, so a job never exists half-listed. Items go in through one prepared
 * statement: 10 000 rows take milliseconds that way.
 */
export function insertBatchJob(
  db: Db,
  job: { corpId: string; input: StoredBatchInput; createdBy: string; now: number },
  subjects: readonly string[],
): JobRow {
  const insertItem = db.$client.prepare('insert into job_items (job_id, seq, subject) values (?, ?, ?)')
  return db.transaction(
    (tx) => {
      const row = tx
        .insert(jobs)
        .values({ corpId: job.corpId, kind: 'batch_tags', input: job.input, total: subjects.length, createdBy: job.createdBy, createdAt: job.now })
        .returning()
        .get()
      subjects.forEach((subject, seq) => insertItem.run(row.id, seq, subject))
      return row
    },
    IMMEDIATE,
  )
}

/** A job with its starter's name; undefined when the corp has no such job. */
export function findJob(db: Db, corpId: string, id: number): { job: JobRow; creatorName: string } | undefined {
  const row = db
    .select({ job: jobs, creatorName: sql<string>`coalesce(${staff.name}, ${jobs.createdBy})` })
    .from(jobs)
    .leftJoin(staff, and(eq(staff.corpId, jobs.corpId), eq(staff.userid, jobs.createdBy)))
    .where(and(eq(jobs.corpId, corpId), eq(jobs.id, id), eq(jobs.kind, 'batch_tags')))
    .get()
  return row
}

/** The latest batch jobs, newest first; only `createdBy`'s when given. */
export function listJobs(db: Db, corpId: string, createdBy: string | undefined, limit: number) {
  return db
    .select({ job: jobs, creatorName: sql<string>`coalesce(${staff.name}, ${jobs.createdBy})` })
    .from(jobs)
    .leftJoin(staff, and(eq(staff.corpId, jobs.corpId), eq(staff.userid, jobs.createdBy)))
    .where(and(eq(jobs.corpId, corpId), eq(jobs.kind, 'batch_tags'), createdBy === undefined ? undefined : eq(jobs.createdBy, createdBy)))
    .orderBy(desc(jobs.id))
    .limit(limit)
    .all()
}

/**
 * Every item of a job in order, for the result file, with the customer's name when `viewer`
 * may see the customer ('' otherwise: an id outside the scope reads like an unknown one).
 */
export function findJobResults(db: Db, viewer: Viewer, jobId: number) {
  return db
    .select({
      subject: jobItems.subject,
      name: sql<string>`coalesce(${customers.name}, '')`,
      status: jobItems.status,
      message: jobItems.message,
    })
    .from(jobItems)
    .leftJoin(customers, and(eq(customers.externalUserid, jobItems.subject), customerScope(viewer)))
    .where(eq(jobItems.jobId, jobId))
    .orderBy(asc(jobItems.seq))
    .all()
}

/** One active relation of one of the given customers, with a tag on it (null: none). */
export interface BatchRelationRow {
  externalUserid: string
  userid: string
  /** The viewer's scope covers this follower. */
  inScope: number
  tagId: string | null
}

/**
 * The active relations of the given customers with their tags, each marked in or out of the
 * viewer's scope. Ids travel as one JSON array (json_each), so 10 000 of them make one query
 * without hitting SQLite's limit on bound parameters.
 */
export function findBatchRelations(db: Db, viewer: Viewer, externalUserids: readonly string[]): BatchRelationRow[] {
  if (!externalUserids.length) return []
  const staffIds = visibleStaffSubquery(viewer)
  const inScope = staffIds ? sql`f.userid in (${staffIds})` : sql`1`
  return db.all<BatchRelationRow>(sql`
    select f.external_userid as externalUserid, f.userid as userid, ${inScope} as inScope, rt.tag_id as tagId
    from follow_relations f
    left join relation_tags rt on rt.corp_id = f.corp_id and rt.external_userid = f.external_userid and rt.userid = f.userid
    where f.corp_id = ${viewer.corpId} and f.status = 'active'
      and f.external_userid in (select value from json_each(${JSON.stringify(externalUserids)}))`)
}

/** Names of the given customers that exist in the corp. */
export function findCustomerNames(db: Db, corpId: string, externalUserids: readonly string[]): Map<string, string> {
  if (!externalUserids.length) return new Map()
  const rows = db.all<{ id: string; name: string }>(sql`
    select external_userid as id, name from customers
    where corp_id = ${corpId} and external_userid in (select value from json_each(${JSON.stringify(externalUserids)}))`)
  return new Map(rows.map((r) => [r.id, r.name]))
}

/**
 * The tags a special mark holds on each customer: they may not come off, and a batch that
 * would remove one reports a 'locked' conflict and fails that customer. This is the one place
 * the batch asks (see marks.repo lockedTagsFor).
 */
export function findLockedTags(db: Db, corpId: string, externalUserids: readonly string[]): Map<string, Set<string>> {
  return lockedTagsFor(db, corpId, externalUserids)
}
