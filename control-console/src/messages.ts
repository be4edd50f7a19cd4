/**
 * The console's words in its two languages. Vietnamese is the default; every key exists in both
 * (the `Messages` type makes a missing English key a compile error).
 */
const vi = {
  app: {
    title: 'Bảng điều khiển',
    subtitle: 'Trung tâm Thông tin và Điều hành',
    uiLanguage: 'Ngôn ngữ giao diện',
    signOut: 'Đổi khóa',
  },
  login: {
    heading: 'Đăng nhập bảng điều khiển',
    keyLabel: 'Khóa truy cập',
    keyPlaceholder: 'Nhập khóa truy cập',
    submit: 'Kết nối',
    connecting: 'Đang kết nối tới máy chủ…',
    refused: 'Khóa truy cập không hợp lệ hoặc đã bị thu hồi. Hãy nhập lại khóa.',
    refusedOther: 'Máy chủ từ chối kết nối: {{reason}}',
  },
  connection: {
    lost: 'Mất kết nối tới máy chủ. Đang kết nối lại…',
    waitingState: 'Đã kết nối. Đang chờ trạng thái màn hình…',
  },
  wall: {
    currentScene: 'Đang hiển thị',
    unknownScene: 'Không rõ ({{id}})',
    scenes: 'Chọn cảnh',
    noScenes: 'Chưa có cảnh nào cho màn hình này.',
    displays: 'Màn hình thành phần',
    wallLanguage: 'Ngôn ngữ trên màn hình',
    noWalls: 'Máy chủ chưa khai báo màn hình nào.',
  },
  display: {
    connected: 'Đã kết nối',
    disconnected: 'Mất kết nối',
    lastSeen: 'Lần cuối: {{time}}',
    neverSeen: 'Chưa từng kết nối',
  },
  language: { vi: 'Tiếng Việt', en: 'Tiếng Anh' },
  pending: 'Đang gửi…',
  toast: {
    sceneShown: 'Đã chuyển sang: {{scene}}',
    languageSet: 'Màn hình đã chuyển sang {{language}}',
    serverError: 'Lệnh bị từ chối: {{text}}',
    noAnswer: 'Máy chủ không phản hồi. Lệnh có thể chưa được thực hiện.',
    offline: 'Chưa kết nối tới máy chủ. Lệnh chưa được gửi.',
    dismiss: 'Đóng thông báo',
  },
};

export type Messages = typeof vi;

const en: Messages = {
  app: {
    title: 'Control console',
    subtitle: 'Information and Operations Center',
    uiLanguage: 'Console language',
    signOut: 'Change key',
  },
  login: {
    heading: 'Sign in to the console',
    keyLabel: 'Access key',
    keyPlaceholder: 'Enter the access key',
    submit: 'Connect',
    connecting: 'Connecting to the server…',
    refused: 'The access key is not valid or has been revoked. Please enter it again.',
    refusedOther: 'The server refused the connection: {{reason}}',
  },
  connection: {
    lost: 'Connection to the server lost. Reconnecting…',
    waitingState: 'Connected. Waiting for the wall state…',
  },
  wall: {
    currentScene: 'Now showing',
    unknownScene: 'Unknown ({{id}})',
    scenes: 'Choose a scene',
    noScenes: 'No scenes for this wall yet.',
    displays: 'Displays',
    wallLanguage: 'Language on the wall',
    noWalls: 'The server has no walls configured.',
  },
  display: {
    connected: 'Connected',
    disconnected: 'Disconnected',
    lastSeen: 'Last seen: {{time}}',
    neverSeen: 'Never connected',
  },
  language: { vi: 'Vietnamese', en: 'English' },
  pending: 'Sending…',
  toast: {
    sceneShown: 'Now showing: {{scene}}',
    languageSet: 'The wall switched to {{language}}',
    serverError: 'Command refused: {{text}}',
    noAnswer: 'The server did not answer. The command may not have been carried out.',
    offline: 'Not connected to the server. The command was not sent.',
    dismiss: 'Dismiss',
  },
};

export const messages = { vi, en } as const;
