//! Errors: [`ServerError`] for starting the server, [`ApiError`] for one request.
//!
//! Every error a request can meet becomes a JSON body `{"error": {"status": N, "message":
//! "..."}}` with the matching HTTP status, so that a client never has to parse HTML or plain
//! text to learn what went wrong.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dossier_store::StoreError;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot create the home directory {path}: {source}")]
    Home {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the store: {0}")]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("the server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// A failed request: an HTTP status and a message saying what and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.message)
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> ApiError {
        let status = match &err {
            StoreError::InvalidQuery(_) | StoreError::Ambiguous { .. } => StatusCode::BAD_REQUEST,
            StoreError::InvalidRecord(_) => StatusCode::UNPROCESSABLE_ENTITY,
            StoreError::NotFound(_) => StatusCode::NOT_FOUND,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, err.to_string())
    }
}

impl From<dossier_ledger::LedgerError> for ApiError {
    fn from(err: dossier_ledger::LedgerError) -> ApiError {
        ApiError::from_ledger(&err)
    }
}

impl ApiError {
    /// The answer for a log error.
    pub fn from_ledger(err: &dossier_ledger::LedgerError) -> ApiError {
        let status = match err {
            dossier_ledger::LedgerError::NoSuchEntry { .. } => StatusCode::NOT_FOUND,
            // Another process (a `dossier ingest`) is writing: try again shortly.
            dossier_ledger::LedgerError::Locked(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, err.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": { "status": self.status.as_u16(), "message": self.message }
        });
        (self.status, Json(body)).into_response()
    }
}
