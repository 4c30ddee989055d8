import type { Messages } from './en';

/** 简体中文 strings of the mirror. */
export const zhCN: Messages = {
  attract: {
    title: '走近试穿',
    subtitle: '请站在离镜子约两米处',
    privacy: '您的影像不会离开这面镜子，也不会被保存。',
  },
  camera: {
    starting: '正在启动魔镜…',
    noCamera: '未找到摄像头',
    noCameraDetail: '请联系店员。摄像头连接后魔镜会自动启动。',
    denied: '摄像头权限被阻止',
    deniedDetail: '请联系店员允许使用摄像头。',
    unplugged: '摄像头已断开',
    reconnecting: '正在重新连接…',
    broken: '摄像头无法工作',
  },
  engine: {
    oneMoment: '请稍候…',
  },
  shop: {
    all: '全部',
    tryOn: '试穿',
    wearing: '试穿中',
    takeOff: '脱下',
    colour: '颜色',
    size: '尺码',
    inStock: '有货 {{count}} 件',
    lowStock: '仅剩 {{count}} 件',
    soldOut: '已售罄',
    from: '{{price}} 起',
    loading: '加载中…',
    empty: '暂无商品',
    catalogError: '商品目录暂时不可用',
    garmentError: '无法显示此服装',
  },
  language: { switchTo: 'English' },
};
