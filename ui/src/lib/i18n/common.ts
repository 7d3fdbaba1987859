// Words used across the whole app: the app's name, the order statuses (errors.ts names them for every screen) and list
// punctuation. Part of the UI's words (./messages.ts): `zh` is the reference and `en` must have exactly its keys, which
// the type of `en` checks.

export const zh = {
  "app.name": "Restock 订货",
  "app.starting": "正在启动…",

  "status.saved": "已保存（待决定购买）",
  "status.submitted": "已提交",
  "status.approved": "已审核",
  "status.rejected": "已驳回",
  "status.cancelled": "已取消",
  "status.voided": "已作废",
  "status.awaiting_approval": "待审批",

  "list.separator": "；",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "app.name": "Restock",
  "app.starting": "Starting…",

  "status.saved": "Saved (to confirm)",
  "status.submitted": "Submitted",
  "status.approved": "Approved",
  "status.rejected": "Rejected",
  "status.cancelled": "Cancelled",
  "status.voided": "Voided",
  "status.awaiting_approval": "Awaiting approval",

  "list.separator": "; ",
};
