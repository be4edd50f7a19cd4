/** Texts of the small multiples, in both languages. */
export const multiplesMessages = {
  vi: {
    multiples: {
      subtitle: '{{unit}} · cùng một thang đo · {{from}} – {{to}}',
      noData: 'Chưa có số liệu',
      more: '+{{n}} địa phương không đủ chỗ hiển thị',
    },
  },
  en: {
    multiples: {
      subtitle: '{{unit}} · one common scale · {{from}} – {{to}}',
      noData: 'No data yet',
      more: '+{{n}} more, no room to show them',
    },
  },
} as const;
