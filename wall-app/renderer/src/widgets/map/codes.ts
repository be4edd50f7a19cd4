/**
 * Province codes of each map vintage (assets/reference/vn-admin-units.json; map-model.test.ts
 * checks them against it). Codes are reused across vintages: Hà Nội is `01` in both.
 */
export const CODES_2008: ReadonlySet<string> = new Set(['01', '02', '04', '06', '08', '10', '11', '12', '14', '15', '17', '19', '20', '22', '24', '25', '26', '27', '30', '31', '33', '34', '35', '36', '37', '38', '40', '42', '44', '45', '46', '48', '49', '51', '52', '54', '56', '58', '60', '62', '64', '66', '67', '68', '70', '72', '74', '75', '77', '79', '80', '82', '83', '84', '86', '87', '89', '91', '92', '93', '94', '95', '96']);
export const CODES_2025: ReadonlySet<string> = new Set(['01', '04', '08', '11', '12', '14', '15', '19', '20', '22', '24', '25', '31', '33', '37', '38', '40', '42', '44', '46', '48', '51', '52', '56', '66', '68', '75', '79', '80', '82', '86', '91', '92', '96']);
/** Codes only the 2008 vintage has (every 2025 code is also a 2008 code): data carrying one is of 2008. */
export const ONLY_2008: ReadonlySet<string> = new Set([...CODES_2008].filter((c) => !CODES_2025.has(c)));
