import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { KNOWLEDGE_IMPORT_MAX_ROWS } from '@kelan/shared'
import { readImportRows } from './knowledge-import.service'

const PHRASE_HEADER = ['分类', '内容', '序号']

/** A 常用语 file with the header, and `cells` (address → value) set on the data sheet. */
async function phraseFile(cells: Record<string, string>): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('常用语')
  sheet.addRow(PHRASE_HEADER)
  for (const [address, value] of Object.entries(cells)) sheet.getCell(address).value = value
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer)
}

/**
 * Counts the rows the reader asks the worksheet for: getRow creates every row it is asked for,
 * so walking up to a far cell (A1000000) made a small file cost seconds and a gigabyte.
 */
function spyOnGetRow() {
  const proto = Object.getPrototypeOf(new ExcelJS.Workbook().addWorksheet('x')) as ExcelJS.Worksheet
  return vi.spyOn(proto, 'getRow')
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('readImportRows – sparse files', () => {
  it('readImportRows – one row and a blank cell in A1000000 – the one row, without creating the rows between', async () => {
    const bytes = await phraseFile({ B2: '你好', A1000000: ' ' })
    const getRow = spyOnGetRow()
    const rows = await readImportRows('phrase', bytes)
    expect(rows).toEqual([{ row: 2, values: { category: '', text: '你好', seq: '' } }])
    expect(getRow.mock.calls.length).toBeLessThan(10)
  })

  it('readImportRows – a real row in A1000000 – imported with its row number', async () => {
    const bytes = await phraseFile({ B2: '你好', B1000000: '再见' })
    const getRow = spyOnGetRow()
    const rows = await readImportRows('phrase', bytes)
    expect(rows.map((r) => [r.row, r.values.text])).toEqual([[2, '你好'], [1000000, '再见']])
    expect(getRow.mock.calls.length).toBeLessThan(10)
  })

  it('readImportRows – one data row more than allowed, spread far apart – 400 too many rows', async () => {
    const cells = Object.fromEntries(Array.from({ length: KNOWLEDGE_IMPORT_MAX_ROWS + 1 }, (_, i) => [`B${2 + i * 3}`, `第${i}条`]))
    await expect(readImportRows('phrase', await phraseFile(cells))).rejects.toMatchObject({
      status: 400,
      message: `每次最多导入 ${KNOWLEDGE_IMPORT_MAX_ROWS} 行，请分成多个文件`,
      extra: { details: { limit: KNOWLEDGE_IMPORT_MAX_ROWS } },
    })
  })
})
