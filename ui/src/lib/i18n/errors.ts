// What to tell a person when something fails, keyed by the backend's stable ErrorCode. Each message says what
// happened and what to do. Codes this table does not know (a newer backend) fall back to the backend's message.
import type { ApiError, ErrorCode, LineProblem, OrderStatus, Product } from "../types";
import { interpolate, type Locale } from "./messages";

type Pair = { zh: string; en: string };

export const ERROR_MESSAGES: Record<ErrorCode, Pair> = {
  invalid_credentials: {
    zh: "用户名或密码错误，请重试",
    en: "Wrong user name or password. Try again.",
  },
  account_locked: {
    zh: "密码错误次数过多，账户已暂时锁定，请稍后再试或联系供货方重置密码",
    en: "Too many wrong passwords: the account is locked for a while. Try again later or ask the supplier to reset the password.",
  },
  too_many_attempts: {
    zh: "尝试次数过多，请稍等片刻再试",
    en: "Too many attempts from this computer in a short time. Wait a moment and try again.",
  },
  session_expired: {
    zh: "登录已过期，请重新登录",
    en: "Your session has expired. Log in again.",
  },
  not_logged_in: {
    zh: "尚未登录，请先登录",
    en: "You are not logged in. Log in first.",
  },
  password_change_required: {
    zh: "请先修改供货方发放的初始密码",
    en: "Change the password the supplier issued before going on.",
  },
  password_too_weak: {
    zh: "新密码不符合要求：至少 8 位，不能与用户名相同，不能全是数字",
    en: "The new password is too weak: at least 8 characters, not the user name, not digits only.",
  },
  reset_token_invalid: {
    zh: "重置码错误、已使用或已过期，请向供货方重新申请",
    en: "This reset code is wrong, used or expired. Ask the supplier for a new one.",
  },
  username_taken: {
    zh: "该用户名已被使用，请换一个",
    en: "This user name is already taken. Choose another.",
  },
  forbidden: {
    zh: "当前账户没有这项操作的权限",
    en: "This account may not do that.",
  },
  awaiting_approval: {
    zh: "新客户注册正在等待供货方审核，审核通过后才能订货",
    en: "Your registration is waiting for the supplier's approval; you can order once it is approved.",
  },
  account_disabled: {
    zh: "该账户已被供货方停用（或所属客户已暂停），请联系供货方恢复",
    en: "The supplier has disabled this account or suspended its customer. Ask them to restore it.",
  },
  bad_request: {
    zh: "请求无效，请检查填写的内容后重试",
    en: "The request was not valid. Check what you entered and try again.",
  },
  not_found: {
    zh: "没有找到要查看的内容，可能已被删除",
    en: "What you asked for was not found; it may have been removed.",
  },
  import_rejected: {
    zh: "导入的文件有错误，未导入任何内容，请按列出的行列修改后重新导入",
    en: "The imported file has errors and nothing was imported: fix the listed cells and import it again.",
  },
  empty_order: {
    zh: "购物车是空的，请先在商品目录中添加商品",
    en: "The cart is empty: add products from the catalogue first.",
  },
  order_rejected: {
    zh: "供货方没有接受这个订单，请按下面列出的问题修改后重新提交",
    en: "The supplier did not accept this order: fix the lines listed below and submit again.",
  },
  unknown_product: {
    zh: "商品不存在，可能已被供货方删除，请从购物车中删除该商品",
    en: "Unknown product: the supplier may have removed it. Remove it from the cart.",
  },
  product_delisted: {
    zh: "商品已下架，不能订购，请从购物车中删除",
    en: "This product is delisted and cannot be ordered. Remove it from the cart.",
  },
  quantity_not_positive: {
    zh: "数量必须大于 0",
    en: "The quantity must be more than 0.",
  },
  quantity_not_multiple: {
    zh: "数量必须是订货倍数的整数倍",
    en: "The quantity must be a multiple of the pack size.",
  },
  below_minimum: {
    zh: "数量低于最低订货量",
    en: "The quantity is below the minimum per order.",
  },
  above_maximum: {
    zh: "数量超过最高订货量",
    en: "The quantity is above the maximum per order.",
  },
  duplicate_line: {
    zh: "同一商品在订单中出现了多次，请合并为一行",
    en: "The same product is on several lines: merge them into one.",
  },
  allocation_exceeded: {
    zh: "超过本周期的货源分配量，请按可订数量修改",
    en: "More than is left of your allocation this cycle: order at most the quantity shown.",
  },
  out_of_stock: {
    zh: "可订货量不足，请按可订数量修改或选择替代商品",
    en: "Not enough stock: order at most the quantity shown, or choose a substitute.",
  },
  insufficient_balance: {
    zh: "余额不足：订单金额超过预付款余额与可用信用额度，请减少订货或联系供货方",
    en: "Insufficient balance: the order is more than your prepaid balance and remaining credit. Order less or contact the supplier.",
  },
  price_changed: {
    zh: "提交时供货方的价格已有变化，订单未提交，请核对最新价格后再提交",
    en: "The supplier's prices changed as you submitted: nothing was ordered. Review today's prices, then submit again.",
  },
  cart_changed: {
    zh: "购物车保存后有商品价格或供货状态发生了变化，请先核对变更再提交",
    en: "Prices or availability changed since the cart was saved: review the changes before submitting.",
  },
  cutoff_passed: {
    zh: "本周期订货已截止，订单不能再提交或修改，请在下一个订货日订货",
    en: "This cycle's cutoff has passed: the order can no longer be placed or changed. Order on the next ordering day.",
  },
  not_ordering_day: {
    zh: "今天不是您的订货日，请在下一个订货日订货",
    en: "Today is not one of your ordering days. Order on the next ordering day.",
  },
  order_locked: {
    zh: "该订单已锁定（已作废、已取消或已审核），不能再修改",
    en: "This order is locked (voided, cancelled or approved) and can no longer be changed.",
  },
  not_confirmed: {
    zh: "订单已保存但尚未确认，请在截止时间前点击「决定购买」",
    en: "The order is saved but not confirmed: press Confirm purchase before the cutoff.",
  },
  needs_approval: {
    zh: "该订单超过本公司的审批金额，提交后需经审批人审批才会发给供货商",
    en: "This order is over your company's approval limit: once submitted, it waits for your approver before it goes to the supplier.",
  },
  needs_branch_review: {
    zh: "该订单金额较大，需先由客户所属分公司审核，再由总部审核",
    en: "An order this large is reviewed by the customer's branch first, then by headquarters.",
  },
  idempotency_key_reused: {
    zh: "这个订单已经以不同的内容提交过，请到“我的订单”中核对后再操作",
    en: "This order was already submitted with different lines. Check My orders before trying again.",
  },
  order_in_flight: {
    zh: "订单正在提交中，请稍候再查看“我的订单”",
    en: "The order is still being submitted. Wait a moment, then check My orders.",
  },
  hub_unreachable: {
    zh: "无法连接到供货方服务器，请检查网络或服务器地址",
    en: "Cannot reach the supplier's server: check the network or the hub address.",
  },
  hub_incompatible: {
    zh: "供货方服务器的版本与本程序不兼容，请更新 Restock 或联系供货方",
    en: "The supplier's server does not work with this version of Restock: update the app or contact the supplier.",
  },
  local_store: {
    zh: "本机数据读写出错，请重启 Restock；如果仍然出错，请联系技术支持",
    en: "The local data store failed. Restart Restock; if it happens again, contact support.",
  },
  credentials: {
    zh: "无法读取或保存本机保存的登录信息，请重新登录",
    en: "Could not read or save the login kept on this computer. Log in again.",
  },
  internal: {
    zh: "程序出现内部错误，请重试；如果仍然出错，请联系技术支持",
    en: "Something went wrong inside Restock. Try again; if it happens again, contact support.",
  },
};

/** Codes whose translation is generic enough that the backend's own message is worth showing as a detail. */
const SHOW_DETAIL: ReadonlySet<string> = new Set<ErrorCode>([
  "account_locked",
  "too_many_attempts",
  "password_too_weak",
  "forbidden",
  "bad_request",
  "not_found",
  "insufficient_balance",
  "allocation_exceeded",
  "out_of_stock",
  "cutoff_passed",
  "not_ordering_day",
  "order_locked",
  "needs_branch_review",
  "needs_approval",
  "hub_incompatible",
  "local_store",
  "credentials",
  "internal",
]);

function known(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code);
}

/** The sentence to show for an error. */
export function errorText(locale: Locale, error: Pick<ApiError, "code" | "message">): string {
  if (known(error.code)) return ERROR_MESSAGES[error.code][locale];
  return error.message || String(error.code);
}

/** The backend's own message, when it adds something to the translated sentence. */
export function errorDetail(error: Pick<ApiError, "code" | "message">): string | null {
  if (!known(error.code)) return null;
  return SHOW_DETAIL.has(error.code) && error.message ? error.message : null;
}

type Rules = Pick<Product, "packMultiple" | "minPerOrder" | "maxPerOrder">;

const RULE_MESSAGES: Partial<Record<ErrorCode, { zh: string; en: string; value: (r: Rules) => number | null }>> = {
  quantity_not_multiple: {
    zh: "数量必须是 {n} 的整数倍（订货倍数 {n}）",
    en: "The quantity must be a multiple of {n} (pack of {n}).",
    value: (r) => r.packMultiple,
  },
  below_minimum: {
    zh: "数量低于最低订货量 {n}",
    en: "Below the minimum of {n} per order.",
    value: (r) => Math.max(r.minPerOrder, 1),
  },
  above_maximum: {
    zh: "数量超过最高订货量 {n}",
    en: "Above the maximum of {n} per order.",
    value: (r) => r.maxPerOrder,
  },
};

/** Cuts by allocation or stock, naming the most that can be ordered now (the hub's `allowed`). */
const SUPPLY_MESSAGES: Partial<Record<ErrorCode, { zh: string; en: string; none: Pair }>> = {
  allocation_exceeded: {
    zh: "超过本周期货源分配，最多可订 {n}",
    en: "More than your allocation this cycle: at most {n}.",
    none: { zh: "本周期货源分配已用完", en: "Your allocation for this cycle is used up." },
  },
  out_of_stock: {
    zh: "可订货量不足，最多可订 {n}",
    en: "Not enough stock: at most {n}.",
    none: { zh: "已缺货", en: "Out of stock." },
  },
};

/**
 * The sentence for one line's problem. With the product's quantity rules at hand, the message names the number
 * the buyer must respect ("must be a multiple of 5"), not just the rule.
 */
export function problemText(
  locale: Locale,
  problem: Pick<LineProblem, "code" | "message"> & { allowed?: number | null },
  rules?: Rules,
): string {
  const cut = SUPPLY_MESSAGES[problem.code];
  if (cut && problem.allowed !== undefined && problem.allowed !== null) {
    return interpolate(problem.allowed > 0 ? cut[locale] : cut.none[locale], { n: problem.allowed });
  }
  const specific = RULE_MESSAGES[problem.code];
  if (specific && rules) {
    const n = specific.value(rules);
    if (n !== null) return interpolate(specific[locale], { n });
  }
  return errorText(locale, problem);
}

export const STATUS_KEYS: Record<OrderStatus, `status.${OrderStatus}`> = {
  saved: "status.saved",
  submitted: "status.submitted",
  approved: "status.approved",
  rejected: "status.rejected",
  cancelled: "status.cancelled",
  voided: "status.voided",
  awaiting_approval: "status.awaiting_approval",
};
