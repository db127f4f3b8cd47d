//! Users: passwords (argon2id), creating a user with a role, logging in with throttling, and
//! the login sessions kept in the database. The web sets the cookies; this decides.

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use finsam_core::OrgNumber;
use finsam_store::{
    Actor, AssociationId, LoginAttempt, Role, SecurityEvent, Session, StoreError, User, UserId,
    VersionAccess, VersionId,
};
use sha2::{Digest, Sha256};

use crate::App;
use crate::throttle::{self, MAX_USERNAME_CHARS};

/// How long a session lasts: eight hours, a working day.
pub const SESSION_SECONDS: i64 = 8 * 3600;
/// The shortest password accepted for a new user.
pub const MIN_PASSWORD_CHARS: usize = 12;

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
fn dummy_hash() -> &'static str {
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
    hex::encode(bytes)
}

/// The hash under which a session token is stored: a stolen database holds no usable token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Seconds since 1970 (UTC).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A user to create, and optionally the förbund and role they get.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// The login name.
    pub username: &'a str,
    /// The name shown.
    pub display_name: &'a str,
    /// The password in clear text; only its hash is kept.
    pub password: &'a str,
    /// The organisationsnummer of the förbund and the role there.
    pub role: Option<(&'a str, Role)>,
}

/// A successful login: the token for the cookie and the session it opens.
#[derive(Debug)]
pub struct LoggedIn {
    /// The session token, given to the browser only.
    pub token: String,
    /// The user.
    pub user: User,
}

/// Why a login did not succeed.
#[derive(Debug)]
pub enum LoginError {
    /// Too many failures from this address lately (for this name, or for all names): try again
    /// after this many seconds.
    Throttled(i64),
    /// Unknown name or wrong password (never told apart).
    Wrong,
    /// The store failed.
    Store(StoreError),
}

impl From<StoreError> for LoginError {
    fn from(e: StoreError) -> LoginError {
        LoginError::Store(e)
    }
}

impl App {
    /// Creates a user, with a role in a förbund when asked. The Swedish message says what is
    /// wrong; nothing is written then.
    pub async fn create_user(&self, new: NewUser<'_>) -> Result<UserId, String> {
        check_password(new.password)?;
        let name_chars = new.username.chars().count();
        if name_chars == 0 || name_chars > MAX_USERNAME_CHARS || new.username.trim() != new.username
        {
            return Err(format!(
                "användarnamnet ska ha 1 till {MAX_USERNAME_CHARS} tecken, utan mellanslag först eller sist"
            ));
        }
        let target = match new.role {
            Some((org, role)) => match self.association_by_org(org).await {
                Ok(Some(a)) => Some((a.id, role)),
                Ok(None) => {
                    return Err(format!(
                        "inget förbund har organisationsnummer {org}; skapa det med finsam association add"
                    ));
                }
                Err(e) => return Err(e.to_string()),
            },
            None => None,
        };
        let hash = hash_password(new.password)
            .map_err(|e| format!("lösenordet kunde inte hashas: {e}"))?;
        let id = match self
            .store()
            .create_user(Actor::System, new.username, new.display_name, &hash)
            .await
        {
            Ok(id) => id,
            Err(StoreError::Duplicate) => {
                return Err(format!("användarnamnet {} är upptaget", new.username));
            }
            Err(e) => return Err(e.to_string()),
        };
        if let Some((a, r)) = target {
            self.store()
                .grant_role(Actor::System, id, a, r)
                .await
                .map_err(|e| format!("rollen kunde inte ges: {e}"))?;
            self.memberships.forget();
        }
        Ok(id)
    }

    /// Gives an existing user a role in a förbund (or changes the role it has there), from the
    /// command line; audited in that förbund's log. The message says what is wrong.
    pub async fn grant_role_by_name(
        &self,
        username: &str,
        org: &str,
        role: Role,
    ) -> Result<String, String> {
        let user = match self.store().user_by_username(username).await {
            Ok(u) => u,
            Err(StoreError::NotFound) => {
                return Err(format!(
                    "ingen användare heter {username}; skapa den med finsam user add"
                ));
            }
            Err(e) => return Err(e.to_string()),
        };
        let association = match self.association_by_org(org).await {
            Ok(Some(a)) => a,
            Ok(None) => {
                return Err(format!(
                    "inget förbund har organisationsnummer {org}; skapa det med finsam association add"
                ));
            }
            Err(e) => return Err(e.to_string()),
        };
        self.store()
            .grant_role(Actor::System, user.id, association.id, role)
            .await
            .map_err(|e| format!("rollen kunde inte ges: {e}"))?;
        self.memberships.forget();
        Ok(association.name)
    }

    /// Checks a password and opens a session, for a client at the address `client`. Failed
    /// logins slow further tries from that address (see [`crate::throttle`]); a try inside a
    /// wait is not checked. Failures against an existing user are written, aggregated per
    /// window, in the audit log of each förbund where the user has a role.
    pub async fn log_in(
        &self,
        username: &str,
        password: &str,
        client: &str,
    ) -> Result<LoggedIn, LoginError> {
        // No stored user has a longer name, and nothing of it is stored.
        if username.chars().count() > MAX_USERNAME_CHARS {
            return Err(LoginError::Wrong);
        }
        let store = self.store();
        let now = now();
        let standing = store
            .login_standing(username, client, now - throttle::MEMORY)
            .await?;
        let wait = throttle::seconds_left(&standing, now);
        if wait > 0 {
            tracing::warn!(
                username,
                client,
                wait,
                "inloggning väntar efter för många försök"
            );
            return Err(LoginError::Throttled(wait));
        }
        let user = match store.user_by_username(username).await {
            Ok(u) => Some(u),
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        };
        // Verify even for unknown names, so the answer takes as long either way.
        let ok = verify_password(
            password,
            user.as_ref()
                .map_or(dummy_hash(), |u| u.password_hash.as_str()),
        );
        let attempt = LoginAttempt {
            username,
            client,
            at: now,
        };
        let (Some(user), true) = (user.as_ref(), ok) else {
            let in_window = store
                .record_login_failure(attempt, throttle::window_start(now), now - throttle::MEMORY)
                .await?;
            tracing::warn!(username, client, "misslyckad inloggning");
            if let Some(target) = &user {
                let total = standing.name.count + 1;
                self.note_failed_login(target, attempt, in_window, total)
                    .await?;
            }
            return Err(LoginError::Wrong);
        };
        store.clear_login_failures(username, client).await?;
        store.delete_expired_sessions(now).await?;
        let token = random_hex(32);
        let session = Session {
            user: user.id,
            csrf_token: random_hex(32),
            expires_at: now + SESSION_SECONDS,
        };
        store.create_session(&token_hash(&token), &session).await?;
        store
            .log_event(
                Actor::User(user.id),
                "session.login",
                &format!("{} loggade in", user.username),
            )
            .await?;
        Ok(LoggedIn {
            token,
            user: user.clone(),
        })
    }

    /// Writes a failed login against `target` in the logs of its förbund: at the first failure
    /// of a window from an address, and when waits begin.
    async fn note_failed_login(
        &self,
        target: &User,
        attempt: LoginAttempt<'_>,
        in_window: i64,
        total: i64,
    ) -> Result<(), StoreError> {
        let summary = if total == throttle::FREE_PER_NAME {
            format!(
                "{total} misslyckade inloggningar som {} från {}; fler försök därifrån får vänta",
                target.username, attempt.client
            )
        } else if in_window == 1 {
            format!(
                "Misslyckad inloggning som {} från {}",
                target.username, attempt.client
            )
        } else {
            return Ok(());
        };
        for (association, _) in self.store().associations_for(target.id).await? {
            self.store()
                .log_security_event(
                    SecurityEvent {
                        association: association.id,
                        actor: Actor::System,
                        about: Some(target.id),
                        action: "session.login_failed",
                        summary: &summary,
                        at: attempt.at,
                    },
                    None,
                )
                .await?;
        }
        Ok(())
    }

    /// The session of a token and its user, if it is valid now.
    pub async fn session(
        &self,
        token: &str,
    ) -> Result<Option<(Session, User, String)>, StoreError> {
        let hash = token_hash(token);
        match self.store().session_user(&hash, now()).await {
            Ok((s, u)) => Ok(Some((s, u, hash))),
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The session of `token` and its user, with that user's access to a plan version (see
    /// [`crate::policy::decide_version`]), in one step; `None` when the session is not valid.
    pub async fn session_version(
        &self,
        token: &str,
        association: AssociationId,
        version: VersionId,
    ) -> Result<Option<(Session, User, String, VersionAccess)>, StoreError> {
        let hash = token_hash(token);
        Ok(self
            .store()
            .session_version(&hash, now(), association, version)
            .await?
            .map(|(s, u, access)| (s, u, hash, access)))
    }

    /// Creates an API token for an integration of `association` with `role`: the token's text
    /// (returned once, never stored) and the token as listed. The Swedish message says what is
    /// wrong with the name.
    pub async fn create_api_token(
        &self,
        actor: Actor,
        association: AssociationId,
        name: &str,
        role: Role,
    ) -> Result<(String, finsam_store::ApiToken), String> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(
                "Ge nyckeln ett namn på 1 till 80 tecken, t.ex. \"Ekonomisystemets export\"."
                    .into(),
            );
        }
        let token = format!("fsm_{}", random_hex(32));
        let made = self
            .store()
            .create_api_token(actor, association, name, role, &token_hash(&token))
            .await
            .map_err(|e| format!("nyckeln kunde inte sparas: {e}"))?;
        Ok((token, made))
    }

    /// The user an API token acts as, if the token is valid (not revoked).
    pub async fn api_token_user(&self, token: &str) -> Result<Option<User>, StoreError> {
        match self.store().api_token_user(&token_hash(token)).await {
            Ok(u) => Ok(Some(u)),
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Ends a session.
    pub async fn log_out(&self, user: &User, token_hash: &str) -> Result<(), StoreError> {
        self.store().delete_session(token_hash).await?;
        self.store()
            .log_event(
                Actor::User(user.id),
                "session.logout",
                &format!("{} loggade ut", user.username),
            )
            .await
    }
}

/// The one rule for passwords, wherever one is set: at least [`MIN_PASSWORD_CHARS`] characters,
/// and no space (or other white space) first or last. Passwords are never trimmed: the login
/// form takes the password exactly as typed, so a rule here is the only way to keep a space
/// that would be invisible when typed from being part of a password.
pub fn check_password(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!(
            "lösenordet ska ha minst {MIN_PASSWORD_CHARS} tecken"
        ));
    }
    if password.trim() != password {
        return Err("lösenordet får inte börja eller sluta med mellanslag".to_owned());
    }
    Ok(())
}

/// Whether a text (typed, or read from a file) names this organisation: `222000-1818` and
/// `2220001818` both name 222000-1818. A text that is no organisationsnummer names none.
pub fn names_org(org: &OrgNumber, text: &str) -> bool {
    let bare: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    OrgNumber::parse(&bare).is_ok_and(|o| o == *org)
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
        assert_eq!(token_hash("t").len(), 64);
        assert_eq!(random_hex(16).len(), 32);
    }

    #[test]
    fn organisation_numbers_match_with_or_without_the_dash() {
        let sofint = OrgNumber::parse("222000-1818").expect("valid");
        assert!(names_org(&sofint, "2220001818"));
        assert!(names_org(&sofint, " 222000-1818 "));
        assert!(!names_org(&sofint, "222000-1826"));
        assert!(!names_org(&sofint, "222000-1817"), "not a valid number");
        assert!(!names_org(&sofint, "SOFINT"));
    }
}
