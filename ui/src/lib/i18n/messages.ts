// The UI's words in both languages. `zh` is the reference: `en` must have exactly the same keys (checked by the
// type below and by the unit tests). `{name}` marks a parameter filled in by `translate`.

export type Locale = "zh" | "en";
export const LOCALES: readonly Locale[] = ["zh", "en"];
export const DEFAULT_LOCALE: Locale = "zh";

export const zh = {
  "app.name": "Restock 订货",
  "app.starting": "正在启动…",

  "login.title": "登录订货平台",
  "login.subtitle": "使用供货方发给您的账号登录",
  "login.hubUrl": "供货方服务器地址",
  "login.hubUrl.hint": "例如 https://hub.example.com",
  "login.username": "用户名（客户编码）",
  "login.password": "密码",
  "login.submit": "登录",
  "login.submitting": "正在登录…",
  "login.missing": "请填写服务器地址、用户名和密码",

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
  "sync.done": "{count} 个商品",
  "sync.failed": "商品目录同步失败",
  "sync.again": "重新同步",
  "sync.again.label": "重新同步商品目录",

  "banner.dismiss": "关闭提示",
  "banner.details": "详细信息",
  "banner.lineProblem": "第 {line} 行（{code}）：{message}",

  "catalogue.search": "搜索商品",
  "catalogue.search.placeholder": "输入商品名称或编码搜索（按 / 定位到此处）",
  "catalogue.searching": "正在搜索…",
  "catalogue.empty": "没有找到商品",
  "catalogue.emptyBeforeSync": "商品目录还没有同步完成",
  "catalogue.count": "显示 {count} 个商品",
  "catalogue.countLimited": "显示前 {count} 个商品，请输入更多字词缩小范围",
  "catalogue.hint": "输入数量后按 Enter 加入购物车并跳到下一行；↑ ↓ 在行间移动",
  "catalogue.table": "商品列表",

  "col.code": "商品编码",
  "col.name": "商品名称",
  "col.brand": "品牌",
  "col.specification": "规格",
  "col.unit": "单位",
  "col.packMultiple": "订货倍数",
  "col.price": "单价",
  "col.quantity": "订货数量",
  "col.lineAmount": "金额",
  "col.line": "行",

  "product.new": "新品",
  "product.delisted": "已下架",
  "qty.label": "{name} 的订货数量",
  "qty.invalid": "请输入整数数量（0 表示从购物车删除）",
  "qty.saving": "正在保存…",

  "summary.label": "购物车小计",
  "summary.lines": "商品种类",
  "summary.total": "合计",
  "summary.toCart": "去购物车 (Alt+2)",

  "cart.title": "购物车",
  "cart.empty": "购物车是空的。在商品目录中输入数量即可加入。",
  "cart.toCatalogue": "去商品目录 (Alt+1)",
  "cart.total": "订单合计",
  "cart.problems": "有 {count} 行需要修改后才能提交",
  "cart.submit": "提交订单",
  "cart.submitting": "正在提交…",
  "cart.table": "购物车商品",
  "cart.hint": "数量改为 0 即删除该行",
  "cart.reviewing": "正在核对最新价格…",

  "review.title": "提交前请核对变更",
  "review.intro": "购物车保存后，以下商品的价格或供货情况发生了变化。请核对后再提交：",
  "review.offline": "无法连接到供货方服务器，以下按上次同步的商品目录核对，提交时价格仍可能变化。",
  "review.table": "变更明细",
  "review.col.oldPrice": "原单价",
  "review.col.newPrice": "现单价",
  "review.col.change": "变更",
  "review.kind.price_up": "涨价",
  "review.kind.price_down": "降价",
  "review.kind.delisted": "已下架，将从购物车移除",
  "review.kind.removed": "已不在商品目录中，将从购物车移除",
  "review.kind.quantity_refused": "数量不符合订货规则",
  "review.unnamed": "（商品目录中已没有此商品）",
  "review.quantityNote": "数量不符合订货规则的行接受后仍保留在购物车中，需改好数量后订单才能通过。",
  "review.totalBefore": "变更前合计",
  "review.totalAfter": "变更后合计",
  "review.accept": "接受变更并提交",
  "review.accepting": "正在提交…",
  "review.cancel": "返回修改",

  "confirm.title": "订单已提交",
  "confirm.number": "订单号",
  "confirm.total": "订单金额",
  "confirm.toOrders": "查看我的订单",
  "confirm.continue": "继续订货",

  "orders.title": "我的订单",
  "orders.loading": "正在加载订单…",
  "orders.empty": "还没有订单",
  "orders.refresh": "刷新",
  "orders.refresh.label": "刷新订单列表",
  "orders.number": "订单号",
  "orders.date": "下单时间",
  "orders.status": "状态",
  "orders.lineCount": "{count} 种商品",
  "orders.total": "金额",
  "orders.lines": "商品",
  "orders.linesOf": "订单 {number} 的明细",

  "status.submitted": "已提交",
  "status.approved": "已审核",
  "status.rejected": "已驳回",
  "status.cancelled": "已取消",
  "status.voided": "已作废",
} as const;

export type MessageKey = keyof typeof zh;

export const en: Record<MessageKey, string> = {
  "app.name": "Restock",
  "app.starting": "Starting…",

  "login.title": "Sign in to order",
  "login.subtitle": "Use the account your supplier gave you",
  "login.hubUrl": "Supplier's server address",
  "login.hubUrl.hint": "e.g. https://hub.example.com",
  "login.username": "User name (customer code)",
  "login.password": "Password",
  "login.submit": "Log in",
  "login.submitting": "Logging in…",
  "login.missing": "Enter the server address, your user name and your password",

  "header.tier": "Tier {tier}",
  "header.customerCode": "Customer {code}",
  "header.langToggle": "简体中文",
  "header.langToggle.label": "Switch to Chinese (切换到简体中文)",
  "header.logout": "Log out",

  "nav.label": "Main sections",
  "nav.catalogue": "Catalogue",
  "nav.cart": "Cart",
  "nav.orders": "My orders",
  "nav.cartBadge": "{count} products",
  "nav.shortcut": "Alt+{n}",

  "sync.running": "Syncing the catalogue…",
  "sync.done": "{count} products",
  "sync.failed": "Catalogue sync failed",
  "sync.again": "Sync again",
  "sync.again.label": "Sync the catalogue again",

  "banner.dismiss": "Dismiss",
  "banner.details": "Details",
  "banner.lineProblem": "Line {line} ({code}): {message}",

  "catalogue.search": "Search products",
  "catalogue.search.placeholder": "Type a product name or code (press / to come back here)",
  "catalogue.searching": "Searching…",
  "catalogue.empty": "No products found",
  "catalogue.emptyBeforeSync": "The catalogue has not been synced yet",
  "catalogue.count": "{count} products shown",
  "catalogue.countLimited": "First {count} products shown: type more to narrow the search",
  "catalogue.hint": "Type a quantity and press Enter to add it and go to the next row; ↑ ↓ move between rows",
  "catalogue.table": "Products",

  "col.code": "Code",
  "col.name": "Product",
  "col.brand": "Brand",
  "col.specification": "Specification",
  "col.unit": "Unit",
  "col.packMultiple": "Pack of",
  "col.price": "Price",
  "col.quantity": "Quantity",
  "col.lineAmount": "Amount",
  "col.line": "Line",

  "product.new": "New",
  "product.delisted": "Delisted",
  "qty.label": "Quantity of {name}",
  "qty.invalid": "Enter a whole number (0 removes it from the cart)",
  "qty.saving": "Saving…",

  "summary.label": "Cart summary",
  "summary.lines": "Products",
  "summary.total": "Total",
  "summary.toCart": "Go to cart (Alt+2)",

  "cart.title": "Cart",
  "cart.empty": "The cart is empty. Type quantities in the catalogue to add products.",
  "cart.toCatalogue": "Go to the catalogue (Alt+1)",
  "cart.total": "Order total",
  "cart.problems": "{count} lines must be fixed before the order can be submitted",
  "cart.submit": "Submit order",
  "cart.submitting": "Submitting…",
  "cart.table": "Products in the cart",
  "cart.hint": "Set a quantity to 0 to remove the line",
  "cart.reviewing": "Checking today's prices…",

  "review.title": "Review the changes before submitting",
  "review.intro": "Prices or availability of these products changed since the cart was saved. Check them before submitting:",
  "review.offline": "The supplier's server could not be reached: this review uses the last synced catalogue, so prices may still change when you submit.",
  "review.table": "Changes",
  "review.col.oldPrice": "Old price",
  "review.col.newPrice": "New price",
  "review.col.change": "Change",
  "review.kind.price_up": "Price up",
  "review.kind.price_down": "Price down",
  "review.kind.delisted": "Delisted: will be removed from the cart",
  "review.kind.removed": "No longer in the catalogue: will be removed",
  "review.kind.quantity_refused": "The quantity breaks an ordering rule",
  "review.unnamed": "(no longer in the catalogue)",
  "review.quantityNote": "Lines whose quantity breaks a rule stay in the cart after accepting: change their quantity before the order can go through.",
  "review.totalBefore": "Total before",
  "review.totalAfter": "Total after",
  "review.accept": "Accept changes and submit",
  "review.accepting": "Submitting…",
  "review.cancel": "Back to the cart",

  "confirm.title": "Order submitted",
  "confirm.number": "No.",
  "confirm.total": "Order total",
  "confirm.toOrders": "See my orders",
  "confirm.continue": "Continue ordering",

  "orders.title": "My orders",
  "orders.loading": "Loading orders…",
  "orders.empty": "No orders yet",
  "orders.refresh": "Refresh",
  "orders.refresh.label": "Refresh the order list",
  "orders.number": "Order number",
  "orders.date": "Placed",
  "orders.status": "Status",
  "orders.lineCount": "{count} products",
  "orders.total": "Total",
  "orders.lines": "Products",
  "orders.linesOf": "Lines of order {number}",

  "status.submitted": "Submitted",
  "status.approved": "Approved",
  "status.rejected": "Rejected",
  "status.cancelled": "Cancelled",
  "status.voided": "Voided",
};

export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { zh, en };

export type Params = Record<string, string | number>;

/** Fill `{name}` placeholders; a placeholder without a value stays as it is, so a gap is visible, not blank. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const table = MESSAGES[locale] ?? MESSAGES[DEFAULT_LOCALE];
  return interpolate(table[key] ?? MESSAGES[DEFAULT_LOCALE][key] ?? key, params);
}

export function isLocale(value: unknown): value is Locale {
  return value === "zh" || value === "en";
}
