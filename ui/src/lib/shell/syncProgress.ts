// What the header says while a sync runs, from the desk's progress reports.
import type { MessageKey } from "../i18n/messages";
import type { SyncProgress } from "../types";

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** "1.4 MB", "320 KB": the size of what has arrived so far. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function progressText(progress: SyncProgress | null, t: Translate): string {
  switch (progress?.phase) {
    case "catalogue":
      return progress.receivedBytes > 0 ? t("sync.receiving", { size: formatBytes(progress.receivedBytes) }) : t("sync.running");
    case "applying":
      return t("sync.applying", { count: progress.products });
    case "rules":
      return t("sync.rules");
    default:
      return t("sync.running");
  }
}
