/** Every text of the wall, in both languages. Keys are grouped by where they appear. */
export const messages = {
  vi: {
    panel: {
      waiting: 'Đang chờ dữ liệu',
      error: 'Không hiển thị được khung này',
      noData: '—',
    },
    chrome: {
      demo: 'DỮ LIỆU MÔ PHỎNG / DEMO DATA',
      stale: 'Mất kết nối - dữ liệu cách đây {{age}}',
    },
    kpi: { vsPrevious: 'so với {{period}}' },
    ranking: { top: '{{count}} địa phương cao nhất', bottom: '{{count}} địa phương thấp nhất' },
    line: { periods: '{{count}} kỳ gần nhất' },
    table: { indicator: 'Chỉ tiêu', value: 'Giá trị', period: 'Kỳ', previous: 'Kỳ trước', change: 'Thay đổi' },
    screen: {
      connecting: 'Đang kết nối tới máy chủ nội dung…',
      unreachable: 'Chưa kết nối được máy chủ nội dung',
      retrying: 'Tự động thử lại…',
      missingParams: 'Địa chỉ thiếu tham số wall hoặc display',
      missingParamsHint: 'Ví dụ: /wall/?wall=main&display=d1',
      unknownWall: 'Không có màn hình ghép «{{wall}}» trên máy chủ',
      unknownDisplay: 'Màn hình ghép «{{wall}}» không có màn hình «{{display}}»',
      joinRefused: 'Máy chủ từ chối kết nối: {{reason}}',
      title: 'Không hiển thị được màn hình này',
    },
  },
  en: {
    panel: {
      waiting: 'Waiting for data',
      error: 'This panel cannot be shown',
      noData: '—',
    },
    chrome: {
      demo: 'DEMO DATA / DỮ LIỆU MÔ PHỎNG',
      stale: 'Connection lost - data {{age}} old',
    },
    kpi: { vsPrevious: 'vs {{period}}' },
    ranking: { top: 'Top {{count}} provinces', bottom: 'Bottom {{count}} provinces' },
    line: { periods: 'last {{count}} periods' },
    table: { indicator: 'Indicator', value: 'Value', period: 'Period', previous: 'Previous', change: 'Change' },
    screen: {
      connecting: 'Connecting to the content server…',
      unreachable: 'The content server cannot be reached yet',
      retrying: 'Retrying automatically…',
      missingParams: 'The address lacks the wall or display parameter',
      missingParamsHint: 'For example: /wall/?wall=main&display=d1',
      unknownWall: 'The server has no wall “{{wall}}”',
      unknownDisplay: 'Wall “{{wall}}” has no display “{{display}}”',
      joinRefused: 'The server refused the connection: {{reason}}',
      title: 'This display cannot be shown',
    },
  },
} as const;
