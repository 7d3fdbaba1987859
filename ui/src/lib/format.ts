// Display helpers. Money arrives as exact decimal strings ("1234.50"): it is only ever re-spaced for reading,
// never turned into a float.

/** "1234.50" → "¥1,234.50"; "-50.00" → "-¥50.00". Anything not shaped like a decimal is shown as it came. */
export function formatMoney(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === "") return "";
  const m = /^\s*([+-]?)(\d+)(\.\d+)?\s*$/.exec(amount);
  if (!m) return `¥${amount}`;
  const [, sign, whole, fraction = ""] = m;
  const grouped = whole.replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign === "-" ? "-" : ""}¥${grouped}${fraction}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** An RFC 3339 timestamp as local "YYYY-MM-DD HH:mm"; an unreadable one is shown as it came. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
