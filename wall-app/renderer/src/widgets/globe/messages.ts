/**
 * The globe widget's texts in both languages. The widget reads them directly by `useLang()`
 * (they may also be merged into i18n/messages.ts under `globe`; the shapes match).
 */
export const messages = {
  vi: {
    title: 'So sánh quốc tế: {{measure}}',
    measure: {
      income: 'Thu nhập bình quân đầu người',
      life_expect: 'Tuổi thọ trung bình',
      fertility: 'Số con bình quân của một phụ nữ',
      pop: 'Dân số',
    },
    unit: {
      income: 'đô la quốc tế/người (PPP, giá cố định)',
      life_expect: 'năm',
      fertility: 'con/phụ nữ',
      pop: 'triệu người',
    },
    year: 'Năm\u00a0{{year}}',
    heights: 'Chiều cao cột tỉ lệ với giá trị',
    source: 'Nguồn: {{name}} ({{package}})',
    top: '{{count}} nước cao nhất',
    vietnam: 'Việt Nam',
    rank: 'Hạng {{rank}}/{{of}}',
    noData: 'Không có số liệu năm {{year}}',
    realData: 'Số liệu thực, không phải mô phỏng',
  },
  en: {
    title: 'International comparison: {{measure}}',
    measure: {
      income: 'Income per person',
      life_expect: 'Life expectancy',
      fertility: 'Children per woman',
      pop: 'Population',
    },
    unit: {
      income: 'international $ per person (PPP, inflation-adjusted)',
      life_expect: 'years',
      fertility: 'children per woman',
      pop: 'million people',
    },
    year: '{{year}}',
    heights: 'Bar height proportional to the value',
    source: 'Source: {{name}} ({{package}})',
    top: 'Top {{count}} countries',
    vietnam: 'Viet Nam',
    rank: 'Rank {{rank}} of {{of}}',
    noData: 'No figure for {{year}}',
    realData: 'Real data, not simulated',
  },
} as const;
