/**
 * What every simulator service and route needs, passed in explicitly (as Kelan's Deps are):
 * the database, the clock, the corp's credentials, the switches tests flip, and `emit`, which
 * queues a callback. Services call `emit` only after their transaction has committed, so a
 * receiver that reacts by calling the API back always reads the new state.
 */
import type { Clock } from '../lib/clock'
import type { SimEvent } from './callbacks'
import type { DemoCorp } from './demo-corp'
import type { SimDb } from './store'

/** A corp's app credentials; DEMO_CORP is one. */
export interface SimCorp {
  corpId: string
  corpName: string
  agentId: string
  agentSecret: string
  callbackToken: string
  callbackAesKey: string
  adminUserid: string
}

/** Fidelity switches; tests and the control API may change them at run time. */
export interface SimSettings {
  /**
   * Whether mark_tag / remark called through the API also push edit_external_contact.
   * WeCom does not say (REFERENCE §3.4); off by default.
   */
  apiEditsTriggerCallbacks: boolean
  /** follow_user entries per externalcontact/get page (WeCom: 500). */
  followUserPageSize: number
  /**
   * Leave avatar, gender, mobile and email out of user/get and user/list, as WeCom has done
   * for new self-built apps since 2022-06-20 (REFERENCE §2.3).
   */
  stripMemberPrivacy: boolean
  /**
   * Members without an interop licence (接口许可 互通账号). batch/get_by_user leaves their
   * customers out and lists them in `fail_info.unlicensed_userid_list`, or answers 701008
   * when no requested member has one (REFERENCE §2.4). Default none; other APIs ignore it.
   */
  unlicensedUserids: string[]
}

export interface SimContext {
  db: SimDb
  clock: Clock
  corp: SimCorp
  /** Absolute or root-relative URL of the simulator's mount point, e.g. http://host:8787/sim. */
  publicBase: string
  settings: SimSettings
  /** The generator the database was seeded from; new demo customers are drawn from it. */
  generator: Pick<DemoCorp, 'customerAt'>
  emit(event: SimEvent): void
}
