import {
  BusinessScopeOptions,
  BusinessTemplate,
  BusinessTemplateList,
  type CreateBusinessTemplateInput,
  type UpdateBusinessTemplateInput,
} from '@kelan/shared'
import * as z from 'zod/mini'
import { apiCall } from '@/api/client'

// Endpoint wrappers of 业务记录模版 (admin), one per route under /api/admin/business-templates.

const TEMPLATES = '/api/admin/business-templates'
const NoContent = z.unknown()

/** Every template of the corp in display order, with record counts. */
export const fetchBusinessTemplates = () => apiCall('GET', TEMPLATES, BusinessTemplateList)

/** What the 可见范围 pickers offer: departments (with parents) and active staff. */
export const fetchScopeOptions = () => apiCall('GET', `${TEMPLATES}/scope-options`, BusinessScopeOptions)

export const createBusinessTemplate = (input: CreateBusinessTemplateInput) => apiCall('POST', TEMPLATES, BusinessTemplate, { body: input })

/** Any subset; a template with records refuses name, scope and field changes (409 TEMPLATE_IN_USE). */
export const updateBusinessTemplate = (id: number, patch: UpdateBusinessTemplateInput) =>
  apiCall('PATCH', `${TEMPLATES}/${id}`, BusinessTemplate, { body: patch })

export const setBusinessTemplateEnabled = (id: number, enabled: boolean) =>
  apiCall('POST', `${TEMPLATES}/${id}/${enabled ? 'enable' : 'disable'}`, BusinessTemplate)

/** Every template's id in the new order; 409 CONFLICT when the list changed meanwhile. */
export const reorderBusinessTemplates = (ids: number[]) => apiCall('PUT', `${TEMPLATES}/order`, BusinessTemplateList, { body: { ids } })

/** Deletes a template without records (409 TEMPLATE_IN_USE otherwise). */
export const deleteBusinessTemplate = async (id: number): Promise<void> => {
  await apiCall('DELETE', `${TEMPLATES}/${id}`, NoContent)
}
