import { JssdkConfig, Me } from '@kelan/shared'
import { apiGet } from './client'

/** corpId / agentId / mode for the JS-SDK; no session needed. */
export const fetchAuthConfig = () => apiGet('/api/auth/config', JssdkConfig)

/** The signed-in staff member; 401 without a session. */
export const fetchMe = () => apiGet('/api/me', Me)
