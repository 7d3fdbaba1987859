// The one place the UI takes the backend's types from: the files generated from the Rust types (ts-rs) into ./generated/.
export type { Account } from "./generated/Account";
export type { ApiError } from "./generated/ApiError";
export type { CartChange } from "./generated/CartChange";
export type { CartLineView } from "./generated/CartLineView";
export type { CartReview } from "./generated/CartReview";
export type { CartView } from "./generated/CartView";
export type { ChangeKind } from "./generated/ChangeKind";
export type { ErrorCode } from "./generated/ErrorCode";
export type { LineProblem } from "./generated/LineProblem";
export type { Order } from "./generated/Order";
export type { OrderLine } from "./generated/OrderLine";
export type { OrderStatus } from "./generated/OrderStatus";
export type { Product } from "./generated/Product";
export type { ProductStatus } from "./generated/ProductStatus";
export type { SessionView } from "./generated/SessionView";
export type { SyncReport } from "./generated/SyncReport";
export type { AppInfo } from "./generated/AppInfo";
