export { parseObservationsCsv, splitCsv } from './csv.js';
export { parseObservationsXlsx, XLSX_TYPE } from './xlsx.js';
export { csvTemplate, xlsxTemplate, type TemplateRow } from './template.js';
export { errorsToFileRows, tableToBatch, type FileBatch, type FileParse, type Table } from './table.js';
