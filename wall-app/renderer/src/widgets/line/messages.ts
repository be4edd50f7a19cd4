/** Texts of the line chart (forecast and plan target), in both languages. */
export const lineMessages = {
  vi: {
    line: {
      actual: 'Thực tế',
      forecast: 'Dự báo',
      band80: 'Khoảng 80%',
      band95: 'Khoảng 95%',
      plan: 'Kế hoạch',
      forecastUnavailable: 'Chưa có dự báo',
    },
  },
  en: {
    line: {
      actual: 'Actual',
      forecast: 'Forecast',
      band80: '80% interval',
      band95: '95% interval',
      plan: 'Plan',
      forecastUnavailable: 'No forecast available',
    },
  },
} as const;
