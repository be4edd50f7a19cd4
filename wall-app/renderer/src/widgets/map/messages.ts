/** Texts of the map widget, in both languages. */
export const mapMessages = {
  vi: {
    map: {
      vintage2025: '34 tỉnh, thành phố (từ 01/7/2025)',
      vintage2008: '63 tỉnh, thành phố (đến 30/6/2025)',
      noData: 'Không có số liệu cho bản đồ này',
      columns: 'Chiều cao cột theo giá trị',
      events: 'Sự kiện',
      eventsDemo: 'Sự kiện (demo)',
      eventsHigh: 'nghiêm trọng',
      eventsMedium: 'trung bình',
      eventsLow: 'nhẹ',
      flows: 'Luồng điều phối',
      flowsDemo: 'Luồng điều phối (demo)',
      sea: 'Biển Đông',
    },
  },
  en: {
    map: {
      vintage2025: '34 provinces (from 1 Jul 2025)',
      vintage2008: '63 provinces (until 30 Jun 2025)',
      noData: 'No data for this map',
      columns: 'Column height by value',
      events: 'Incidents',
      eventsDemo: 'Incidents (demo)',
      eventsHigh: 'severe',
      eventsMedium: 'moderate',
      eventsLow: 'minor',
      flows: 'Dispatch flows',
      flowsDemo: 'Dispatch flows (demo)',
      sea: 'East Sea',
    },
  },
} as const;
