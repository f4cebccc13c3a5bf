import type { ThemeConfig } from 'antd';

// "Noto Sans CJK SC" is what the app gets under WebKitGTK on Linux (fonts-noto-cjk); the others
// cover a browser on Windows or macOS during development.
export const FONT_FAMILY = [
  '"Noto Sans CJK SC"',
  '"Noto Sans SC"',
  '"Source Han Sans SC"',
  '"PingFang SC"',
  '"Microsoft YaHei"',
  '-apple-system',
  '"Segoe UI"',
  'Roboto',
  '"Helvetica Neue"',
  'Arial',
  'sans-serif',
].join(', ');

// Calm and plain: one muted blue, soft greys, 15px text.
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#2f6690',
    colorInfo: '#2f6690',
    colorBgLayout: '#f4f6f8',
    colorText: '#1f2933',
    colorTextSecondary: '#52606d',
    borderRadius: 6,
    fontSize: 15,
    fontFamily: FONT_FAMILY,
    controlHeight: 36,
  },
  components: {
    Table: {
      headerBg: '#eef2f6',
      headerColor: '#334e68',
      rowHoverBg: '#f0f6fb',
      cellPaddingBlock: 10,
    },
  },
};
