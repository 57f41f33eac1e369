import { describe, expect, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import * as S from './schemas'
import type {
  WecomBatchItem,
  WecomContactDetail,
  WecomDepartment,
  WecomGroupChat,
  WecomTagGroup,
  WecomTicket,
  WecomUser,
} from './types'

describe('schemas', () => {
  it('schemas – output types – equal the wire types in types.ts (checked by tsc)', () => {
    expectTypeOf<z.output<typeof S.WecomDepartmentSchema>>().toEqualTypeOf<WecomDepartment>()
    expectTypeOf<z.output<typeof S.WecomUserSchema>>().toEqualTypeOf<WecomUser>()
    expectTypeOf<z.output<typeof S.WecomTagGroupSchema>>().toEqualTypeOf<WecomTagGroup>()
    expectTypeOf<z.output<typeof S.WecomBatchItemSchema>>().toEqualTypeOf<WecomBatchItem>()
    expectTypeOf<z.output<typeof S.WecomGroupChatSchema>>().toEqualTypeOf<WecomGroupChat>()
    expectTypeOf<z.output<typeof S.WecomTicketSchema>>().toEqualTypeOf<WecomTicket>()
    expectTypeOf<Omit<z.output<typeof S.ExternalContactGetReply>, 'next_cursor'>>().toEqualTypeOf<WecomContactDetail>()
  })

  it('ExternalContactGetReply – no follow_user and no cursor – defaults to an empty list', () => {
    const got = S.ExternalContactGetReply.parse({ errcode: 0, external_contact: { external_userid: 'wm1', name: 'a', type: 1 } })

    expect(got).toEqual({ external_contact: { external_userid: 'wm1', name: 'a', type: 1 }, follow_user: [] })
  })

  it('WecomFollowUserSchema – a tag without type – is rejected', () => {
    const res = S.WecomFollowUserSchema.safeParse({ userid: 'u', createtime: 1, tags: [{ tag_id: 'et1' }] })

    expect(res.success).toBe(false)
  })

  it('EnvelopeSchema – errcode as a string – is rejected', () => {
    expect(S.EnvelopeSchema.safeParse({ errcode: '0', errmsg: 'ok' }).success).toBe(false)
  })
})
