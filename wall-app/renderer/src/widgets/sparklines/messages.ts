/** Texts of the sparklines panel, in both languages. */
export const sparklinesMessages = {
  vi: {
    sparklines: {
      more: '+{{count}} chỉ tiêu không đủ chỗ hiển thị',
      versus: 'so với {{period}}',
      noData: 'Chưa có số liệu',
      noChange: 'Chưa có kỳ trước',
      periods: 'Đường xu hướng {{count}} kỳ gần nhất',
    },
  },
  en: {
    sparklines: {
      more: '+{{count}} more indicators not shown',
      versus: 'vs {{period}}',
      noData: 'No data yet',
      noChange: 'No previous period',
      periods: 'Trend over the last {{count}} periods',
    },
  },
} as const;
