/** Texts of the gauge, in both languages. */
export const gaugeMessages = {
  vi: {
    gauge: {
      plan: 'Kế hoạch {{year}}: {{value}}',
      pace: 'Cần đạt đến {{period}}: {{value}}',
      noTarget: 'Chỉ tiêu {{name}} chưa có kế hoạch năm {{year}}',
      onTrack: 'Đạt tiến độ',
      watch: 'Cần chú ý',
      behind: 'Chậm tiến độ',
      withinLimit: 'Trong mức kế hoạch',
      nearLimit: 'Sát mức kế hoạch',
      overLimit: 'Vượt mức kế hoạch',
      outsideThreshold: 'Ngoài ngưỡng cảnh báo',
    },
  },
  en: {
    gauge: {
      plan: 'Plan {{year}}: {{value}}',
      pace: 'Expected by {{period}}: {{value}}',
      noTarget: '{{name}} has no plan target for {{year}}',
      onTrack: 'On track',
      watch: 'Needs attention',
      behind: 'Behind plan',
      withinLimit: 'Within plan',
      nearLimit: 'Close to the plan limit',
      overLimit: 'Above the plan limit',
      outsideThreshold: 'Outside the warning threshold',
    },
  },
} as const;
