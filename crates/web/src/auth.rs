//! Who is asking: passwords (argon2id), login sessions kept in the database, and the extractor
//! that gives handlers the logged-in user.

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use finsam_store::{Session, StoreError, User};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::AppError;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "finsam_session";
/// How long a session lasts: eight hours, a working day.
pub const SESSION_SECONDS: i64 = 8 * 3600;
/// Failed logins allowed per name within [`THROTTLE_WINDOW`] before logins are refused.
pub const MAX_FAILURES: i64 = 5;
/// The window for counting failed logins, in seconds.
pub const THROTTLE_WINDOW: i64 = 15 * 60;

/// An argon2id hash (PHC string) of a password, with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// A real hash of nothing in particular: logins for unknown names are checked against it so
/// that they take as long as logins for known names.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("ingen användare har detta lösenord").unwrap_or_default())
}

/// True when `password` matches the stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// `n` random bytes from the operating system, as hex.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash under which a session token is stored: a stolen database holds no usable token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Seconds since 1970 (UTC).
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// The value of a cookie in the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value with the attributes every Finsam cookie has.
pub fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// The logged-in user of a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The user.
    pub user: User,
    /// The session, with its CSRF token.
    pub session: Session,
    /// The stored hash of the session token (for logging out).
    pub token_hash: String,
}

impl CurrentUser {
    /// The store actor for changes this user makes.
    pub fn actor(&self) -> finsam_store::Actor {
        finsam_store::Actor::User(self.user.id)
    }
}

/// Looks up the session of a request, if it has a valid one.
pub async fn current_user(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = token_hash(token);
    let (session, user) = match state.store.session_user(&hash, now()).await {
        Ok(s) => s,
        Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    Ok(Some(CurrentUser {
        user,
        session,
        token_hash: hash,
    }))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<CurrentUser, AppError> {
        if let Some(u) = parts.extensions.get::<CurrentUser>() {
            return Ok(u.clone());
        }
        current_user(state, &parts.headers)
            .await?
            .ok_or(AppError::Unauthenticated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_argon2id_and_verify() {
        let h = hash_password("rätt häst batteri häftklammer").expect("hashes");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("rätt häst batteri häftklammer", &h));
        assert!(!verify_password("fel", &h));
        assert!(!verify_password("x", "inte en hash"));
        assert_ne!(
            hash_password("a").expect("hashes"),
            hash_password("a").expect("hashes"),
            "salted"
        );
    }

    #[test]
    fn cookies_are_read_and_written() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; finsam_session=abc; b=2".parse().expect("header"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
        assert_eq!(
            set_cookie("x", "y", 60, true),
            "x=y; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure"
        );
        assert_eq!(token_hash("t").len(), 64);
        assert_eq!(random_hex(16).len(), 32);
    }
}
