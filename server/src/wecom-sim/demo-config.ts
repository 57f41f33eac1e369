/**
 * The demo corp's app credentials. Demo mode points Kelan at the simulator with exactly
 * these, so the same client, crypto and callback code run as they would against WeCom.
 */
export const DEMO_CORP = {
  corpId: 'wwdemo8c1e0f5a2b',
  /** The corp's name, shown as the root department (WeCom names department 1 after the corp). */
  corpName: '云帆科技',
  agentId: '1000002',
  agentSecret: 'demo-agent-secret-kelan-0000000000000000000',
  callbackToken: 'KelanDemoToken',
  /** 43 characters of [A-Za-z0-9], as WeCom issues them. */
  callbackAesKey: 'kelanDemoAesKey0123456789abcdefghijklmnopqr',
  /** The demo corp's Kelan admin (WeCom has no such role; Kelan keeps it). */
  adminUserid: 'zhangwei',
} as const
