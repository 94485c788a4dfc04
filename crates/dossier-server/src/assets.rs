//! The web page, built by vite from `web/` into `assets/` and embedded in the binary, so
//! that `dossier serve` needs neither npm nor the files on disk.

use crate::error::ApiError;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use include_dir::{Dir, include_dir};

static ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn file(path: &str, cache: &'static str) -> Result<Response, ApiError> {
    let f = ASSETS
        .get_file(path)
        .ok_or_else(|| ApiError::not_found(format!("no asset {path:?}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type(path)),
            (header::CACHE_CONTROL, cache),
        ],
        f.contents(),
    )
        .into_response())
}

/// `GET /`: the page.
pub async fn index() -> Result<Response, ApiError> {
    file("index.html", "no-cache")
}

/// `GET /assets/{*file}`: the page's scripts and styles. Vite puts a content hash in every
/// name, so they can be cached for good.
pub async fn asset(Path(name): Path<String>) -> Result<Response, ApiError> {
    if name.split('/').any(|s| s.is_empty() || s.starts_with('.')) {
        return Err(ApiError::not_found(format!("no asset {name:?}")));
    }
    file(
        &format!("assets/{name}"),
        "public, max-age=31536000, immutable",
    )
}
