/** Texts of the heat table, in both languages. */
export const heatTableMessages = {
  vi: {
    heatTable: {
      title: 'Các tỉnh, thành phố theo chỉ tiêu',
      province: 'Tỉnh, thành phố',
      subtitle: '{{count}} tỉnh, thành phố · xếp theo {{name}}, tốt nhất trước',
      more: '+{{count}} tỉnh',
      legend: 'Màu theo thứ hạng trong từng cột:',
      worse: 'kém hơn',
      better: 'tốt hơn',
    },
  },
  en: {
    heatTable: {
      title: 'Provinces by indicator',
      province: 'Province',
      subtitle: '{{count}} provinces · sorted by {{name}}, best first',
      more: '+{{count}} provinces',
      more_one: '+1 province',
      legend: 'Colour by rank within each column:',
      worse: 'worse',
      better: 'better',
    },
  },
} as const;
