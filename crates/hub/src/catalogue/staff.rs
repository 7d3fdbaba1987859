//! The catalogue in the back office: one product at a time, the whole catalogue as CSV or xlsx
//! (exported, or imported all-or-nothing with every bad cell reported), and product pictures.

use super::store;
use crate::accounts::roles::{AdminOnly, AnyStaff, Staff};
use crate::accounts::Session;
use crate::catalogue::sheet::{self, SheetError};
use crate::error::{ApiJson, ApiPath, ApiQuery, HubError, HubResult};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use restock_protocol::catalogue::{ImportReport, ProductRecord};
use restock_protocol::{ApiError, ErrorCode};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Pictures larger than this are refused: a catalogue tile needs far less.
const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Format {
    /// `csv` (the default) or `xlsx`.
    pub format: Option<String>,
}

enum SheetFormat {
    Csv,
    Xlsx,
}

impl Format {
    fn parse(&self) -> HubResult<SheetFormat> {
        match self.format.as_deref().unwrap_or("csv") {
            "csv" => Ok(SheetFormat::Csv),
            "xlsx" => Ok(SheetFormat::Xlsx),
            other => Err(HubError::bad_request(format!("unknown format {other}: use csv or xlsx"))),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/admin/catalogue/export", tag = "admin", security(("bearer" = [])), params(Format),
    responses((status = 200, description = "the whole catalogue as a CSV (UTF-8 with a BOM) or xlsx file, Chinese headers"),
              (status = 400, description = "`bad_request`: an unknown format", body = restock_protocol::ApiError), AnyStaff))]
pub async fn export(State(state): State<AppState>, _staff: Staff<AnyStaff>, ApiQuery(format): ApiQuery<Format>) -> HubResult<Response> {
    let format = format.parse()?;
    let mut conn = state.db.pool.acquire().await?;
    let products: Vec<ProductRecord> = store::all(&mut conn).await?.into_iter().map(store::ProductRow::record).collect();
    let (bytes, content_type, extension) = match format {
        SheetFormat::Csv => (sheet::write_csv(&products), "text/csv; charset=utf-8", "csv"),
        SheetFormat::Xlsx => (
            sheet::write_xlsx(&products).map_err(|e| HubError::Internal(format!("writing xlsx: {e}")))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    let disposition = format!("attachment; filename=\"catalogue-{}.{extension}\"", state.calendar.today());
    Ok(([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}

#[utoipa::path(post, path = "/api/v1/admin/catalogue/import", tag = "admin", security(("bearer" = [])), params(Format),
    request_body(content = Vec<u8>, description = "the CSV or xlsx file", content_type = "application/octet-stream"),
    responses((status = 200, description = "every row imported (created or updated by code)", body = ImportReport),
              (status = 400, description = "`bad_request`: unreadable, no header, a required column missing", body = restock_protocol::ApiError),
              (status = 422, description = "`import_rejected`: nothing imported; `rows` lists every bad cell (row, column, reason)", body = restock_protocol::ApiError), AdminOnly))]
pub async fn import(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiQuery(format): ApiQuery<Format>, body: Bytes,
) -> HubResult<Json<ImportReport>> {
    let table = match format.parse()? {
        SheetFormat::Csv => sheet::read_csv(&body),
        SheetFormat::Xlsx => sheet::read_xlsx(&body),
    };
    let unreadable = |e: SheetError| HubError::bad_request(e.to_string());
    let products = match sheet::products_from(&table.map_err(unreadable)?).map_err(unreadable)? {
        Ok(products) => products,
        Err(rows) => {
            let message = format!("{} cells are wrong; nothing was imported: fix them and import the file again", rows.len());
            return Err(HubError::refusal(ApiError::new(ErrorCode::ImportRejected, message).with_rows(rows)));
        }
    };
    let now = state.calendar.now_ms();
    let (created, updated) = state.db.write(move |tx| Box::pin(async move { store::upsert(tx, &products, now).await })).await?;
    tracing::info!(created, updated, by = %staff.username, "catalogue imported");
    Ok(Json(ImportReport { created, updated, errors: Vec::new() }))
}

#[utoipa::path(put, path = "/api/v1/admin/products/{code}", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path)), request_body = ProductRecord,
    responses((status = 200, body = ProductRecord),
              (status = 422, description = "`import_rejected`: a bad field, listed in `rows`; `bad_request`: the code differs from the path", body = restock_protocol::ApiError), AdminOnly))]
pub async fn put_product(
    State(state): State<AppState>, _staff: Staff<AdminOnly>, ApiPath(code): ApiPath<String>, ApiJson(product): ApiJson<ProductRecord>,
) -> HubResult<Json<ProductRecord>> {
    if product.code != code {
        return Err(HubError::new(ErrorCode::BadRequest, "the product's code differs from the address"));
    }
    // The same checks as a file row: written out and read back as one.
    let table = sheet::read_csv(&sheet::write_csv(std::slice::from_ref(&product))).map_err(|e| HubError::Internal(e.to_string()))?;
    match sheet::products_from(&table).map_err(|e| HubError::bad_request(e.to_string()))? {
        Ok(_) => {}
        Err(rows) => return Err(HubError::refusal(ApiError::new(ErrorCode::ImportRejected, "the product has bad fields").with_rows(rows))),
    }
    let (now, written) = (state.calendar.now_ms(), product.clone());
    state.db.write(move |tx| Box::pin(async move { store::upsert(tx, std::slice::from_ref(&written), now).await })).await?;
    Ok(Json(product))
}

#[utoipa::path(put, path = "/api/v1/admin/products/{code}/image", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path)),
    request_body(content = Vec<u8>, description = "a PNG, JPEG or WebP picture, at most 2 MB", content_type = "image/png"),
    responses((status = 204, description = "stored; the product's `image` changes, so the app fetches it at its next sync"),
              (status = 404, description = "`not_found`: no such product", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: not a PNG, JPEG or WebP picture, or too large", body = restock_protocol::ApiError), AdminOnly))]
pub async fn put_image(
    State(state): State<AppState>, _staff: Staff<AdminOnly>, ApiPath(code): ApiPath<String>, body: Bytes,
) -> HubResult<StatusCode> {
    let content_type = sniff_image(&body).ok_or_else(|| HubError::new(ErrorCode::BadRequest, "send a PNG, JPEG or WebP picture"))?;
    if body.len() > MAX_IMAGE_BYTES {
        return Err(HubError::new(ErrorCode::BadRequest, "the picture is larger than 2 MB"));
    }
    let sha = hex::encode(Sha256::digest(&body));
    let now = state.calendar.now_ms();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::set_image(tx, &code, content_type, &body, &sha, now).await? {
                    return Err(HubError::not_found("product"));
                }
                Ok(())
            })
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The picture's type from its first bytes, not from what the uploader claims.
fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

#[utoipa::path(get, path = "/api/v1/products/{code}/image", tag = "catalogue", security(("bearer" = [])),
    params(("code" = String, Path)),
    responses((status = 200, description = "the picture, with an ETag (its SHA-256)"),
              (status = 304, description = "not modified since the ETag sent in If-None-Match"),
              (status = 401, description = "`not_logged_in`", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`: no picture", body = restock_protocol::ApiError)))]
pub async fn image(
    State(state): State<AppState>, _session: Session, ApiPath(code): ApiPath<String>, headers: HeaderMap,
) -> HubResult<Response> {
    let Some(store::Image { content_type, bytes, image_sha256: sha }) = store::image(&mut *state.db.pool.acquire().await?, &code).await?
    else {
        return Err(HubError::not_found("picture"));
    };
    let etag = format!("\"{}\"", sha.unwrap_or_default());
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    Ok(([(header::CONTENT_TYPE, content_type), (header::ETAG, etag), (header::CACHE_CONTROL, "private, max-age=86400".to_owned())], bytes)
        .into_response())
}
