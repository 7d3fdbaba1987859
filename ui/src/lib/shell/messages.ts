// The header, section tabs, catalogue sync status, error banner and supplier switcher's words. Part of the UI's words
// (../i18n/messages.ts): `zh` is the reference and `en` must have exactly its keys, which the type of `en` checks.

export const zh = {
  "header.tier": "客户级别 {tier}",
  "header.customerCode": "客户编码 {code}",
  "header.langToggle": "English",
  "header.langToggle.label": "切换到英文界面 (Switch to English)",
  "header.logout": "退出登录",

  "nav.label": "主要功能",
  "nav.catalogue": "商品目录",
  "nav.cart": "购物车",
  "nav.orders": "我的订单",
  "nav.cartBadge": "{count} 种商品",
  "nav.shortcut": "Alt+{n}",

  "sync.running": "正在同步商品目录…",
  "sync.receiving": "正在接收商品目录… {size}",
  "sync.applying": "正在保存 {count} 个商品…",
  "sync.rules": "正在更新货源分配、库存与促销…",
  "sync.done": "{count} 个商品",
  "sync.failed": "商品目录同步失败",
  "sync.again": "重新同步",
  "sync.again.label": "重新同步商品目录",

  "banner.dismiss": "关闭提示",
  "banner.details": "详细信息",
  "banner.lineProblem": "第 {line} 行（{code}）：{message}",

  "nav.home": "首页",

  "suppliers.label": "供货方",
  "suppliers.switcher.label": "当前供货方：{name}（{hub}）。打开供货方菜单",
  "suppliers.title": "切换供货方",
  "suppliers.current": "当前",
  "suppliers.loggedOut": "需重新登录",
  "suppliers.add": "添加供货方…",
  "suppliers.loading": "正在加载…",
  "suppliers.switching": "正在切换…",
  "suppliers.option.label": "切换到 {name}（{hub}）",
  "suppliers.option.current": "{name}（{hub}），当前供货方",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "header.tier": "Tier {tier}",
  "header.customerCode": "Customer {code}",
  "header.langToggle": "简体中文",
  "header.langToggle.label": "Switch to Chinese (切换到简体中文)",
  "header.logout": "Log out",

  "nav.label": "Main sections",
  "nav.catalogue": "Catalogue",
  "nav.cart": "Cart",
  "nav.orders": "My orders",
  "nav.cartBadge": "{count} {count|product|products}",
  "nav.shortcut": "Alt+{n}",

  "sync.running": "Syncing the catalogue…",
  "sync.receiving": "Receiving the catalogue… {size}",
  "sync.applying": "Saving {count} {count|product|products}…",
  "sync.rules": "Updating allocations, stock and promotions…",
  "sync.done": "{count} {count|product|products}",
  "sync.failed": "Catalogue sync failed",
  "sync.again": "Sync again",
  "sync.again.label": "Sync the catalogue again",

  "banner.dismiss": "Dismiss",
  "banner.details": "Details",
  "banner.lineProblem": "Line {line} ({code}): {message}",

  "nav.home": "Home",

  "suppliers.label": "Supplier",
  "suppliers.switcher.label": "Current supplier: {name} ({hub}). Open the supplier menu",
  "suppliers.title": "Switch supplier",
  "suppliers.current": "current",
  "suppliers.loggedOut": "log in again",
  "suppliers.add": "Add a supplier…",
  "suppliers.loading": "Loading…",
  "suppliers.switching": "Switching…",
  "suppliers.option.label": "Switch to {name} ({hub})",
  "suppliers.option.current": "{name} ({hub}), the current supplier",
};
