//! The one error type that crosses the wire.
//!
//! Server functions return `Result<T, AppError>`. The client turns an `AppError` into a message
//! in the user's language (`AppError::message`); the server turns it into an HTTP status
//! (`AppError::status`), applied by the server's error-status layer. Internal details are
//! logged on the server and never sent: `Internal` carries nothing.

use http::StatusCode;
use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

use crate::i18n::{Lang, Msg};

/// What is wrong with one input field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Required,
    InvalidSlug,
    Unknown,
    TooLong,
    OutOfRange,
    Malformed,
    TooShort,
    WeakPassword,
    /// Already used by someone else (an email at registration).
    Taken,
    /// The current password, when changing it, is not the right one.
    WrongPassword,
    /// An uploaded file is not a JPEG, PNG or WebP image (or not a PDF where one is allowed).
    UnsupportedFile,
    /// An uploaded file is larger than allowed, or empty.
    FileSize,
    /// Nothing of this kind is left (every booth of a type is taken).
    NoneLeft,
    /// An image's header says it is larger than allowed (pixels per side, pixels in all, or
    /// decoded bytes): refused before it is decoded.
    ImageTooLarge,
}

impl Problem {
    pub fn message(self) -> Msg {
        match self {
            Problem::Required => Msg::ProblemRequired,
            Problem::InvalidSlug => Msg::ProblemInvalidSlug,
            Problem::Unknown => Msg::ProblemUnknown,
            Problem::TooLong => Msg::ProblemTooLong,
            Problem::OutOfRange => Msg::ProblemOutOfRange,
            Problem::Malformed => Msg::ProblemMalformed,
            Problem::TooShort => Msg::ProblemTooShort,
            Problem::WeakPassword => Msg::ProblemWeakPassword,
            Problem::Taken => Msg::ProblemTaken,
            Problem::WrongPassword => Msg::ProblemWrongPassword,
            Problem::UnsupportedFile => Msg::ProblemUnsupportedFile,
            Problem::FileSize => Msg::ProblemFileSize,
            Problem::NoneLeft => Msg::ProblemNoneLeft,
            Problem::ImageTooLarge => Msg::ProblemImageTooLarge,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("not logged in")]
    Unauthorized,
    /// A login with an unknown email or a wrong password (the two are not told apart).
    #[error("wrong email or password")]
    BadCredentials,
    #[error("forbidden")]
    Forbidden,
    /// A producer's member tried to buy or review its own producer's product.
    #[error("own product")]
    OwnProduct,
    #[error("invalid input: {fields:?}")]
    Validation { fields: Vec<FieldError> },
    /// The request itself could not be read (missing or malformed arguments).
    #[error("bad request")]
    BadRequest,
    #[error("conflict")]
    Conflict,
    #[error("rate limited")]
    RateLimited,
    /// A bounded resource (password checks, image decoding) stayed taken for longer than a
    /// caller waits: nothing was done, try again shortly.
    #[error("busy")]
    Busy,
    /// A checkout asked for more than is left: every short line, with what is left. Nothing
    /// of that checkout was written.
    #[error("not enough stock: {lines:?}")]
    OutOfStock { lines: Vec<crate::domain::orders::Shortage> },
    #[error("internal error")]
    Internal,
    /// The call did not complete: the network, or an answer the client could not read.
    #[error("transport: {detail}")]
    Transport { detail: String },
}

impl AppError {
    pub fn invalid(field: &str, problem: Problem) -> Self {
        AppError::Validation {
            fields: vec![FieldError { field: field.to_owned(), problem }],
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::OwnProduct => StatusCode::FORBIDDEN,
            AppError::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::Conflict | AppError::OutOfStock { .. } => StatusCode::CONFLICT,
            AppError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Transport { .. } => StatusCode::BAD_GATEWAY,
        }
    }

    /// The general message for this error; field problems are shown next to their fields.
    pub fn message(&self) -> Msg {
        match self {
            AppError::NotFound => Msg::ErrNotFound,
            AppError::Unauthorized => Msg::ErrUnauthorized,
            AppError::BadCredentials => Msg::ErrBadCredentials,
            AppError::Forbidden => Msg::ErrForbidden,
            AppError::OwnProduct => Msg::ErrOwnProduct,
            AppError::Validation { .. } | AppError::BadRequest => Msg::ErrValidation,
            AppError::Conflict => Msg::ErrConflict,
            AppError::RateLimited => Msg::ErrRateLimited,
            AppError::Busy => Msg::ErrBusy,
            AppError::OutOfStock { .. } => Msg::ErrOutOfStock,
            AppError::Internal => Msg::ErrInternal,
            AppError::Transport { .. } => Msg::ErrNetwork,
        }
    }

    pub fn localized(&self, lang: Lang) -> &'static str {
        lang.t(self.message())
    }

    /// The problem reported for `field`, if any.
    pub fn field_problem(&self, field: &str) -> Option<Problem> {
        match self {
            AppError::Validation { fields } => {
                fields.iter().find(|f| f.field == field).map(|f| f.problem)
            }
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The caller sent arguments the server could not read: the caller's fault.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            // On the server, failing to deserialize means the request's body was unreadable
            // (JSON-encoded arguments); in the browser it means the answer was.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => AppError::BadRequest,
            #[cfg(not(feature = "ssr"))]
            ServerFnErrorErr::Deserialization(detail) => AppError::Transport { detail },
            ServerFnErrorErr::Request(detail) | ServerFnErrorErr::Response(detail) => {
                AppError::Transport { detail }
            }
            _ => AppError::Internal,
        }
    }
}

/// Database errors are logged with their detail and reach the user only as `Internal`.
#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_client_errors_for_client_faults() {
        assert_eq!(AppError::invalid("district", Problem::InvalidSlug).status(), 422);
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::BadRequest.status(), 400);
        assert_eq!(
            AppError::from_server_fn_error(ServerFnErrorErr::Args("x".into())),
            AppError::BadRequest
        );
    }

    #[test]
    fn wire_format_round_trips_without_internal_detail() {
        let err = AppError::invalid("district", Problem::Unknown);
        let json = serde_json::to_string(&err).unwrap();
        assert_eq!(
            json,
            r#"{"error":"validation","fields":[{"field":"district","problem":"unknown"}]}"#
        );
        assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), err);
        assert_eq!(serde_json::to_string(&AppError::Internal).unwrap(), r#"{"error":"internal"}"#);
    }

    #[test]
    fn messages_are_translated() {
        let err = AppError::NotFound;
        assert_ne!(err.localized(Lang::Vi), err.localized(Lang::En));
    }
}
