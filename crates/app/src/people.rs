//! The förbundschef manages the förbund's people in the browser: adds a user, sets and removes
//! roles, makes a one-time link to set a password (no e-mail needed: the förbundschef hands it
//! over); a user changes its own password. The förbund always keeps a förbundschef.

use finsam_store::{Actor, AssociationId, LinkRefused, Member, Role, StoreError, User, UserId};

use crate::App;
use crate::throttle::MAX_USERNAME_CHARS;
use crate::users::{check_password, hash_password, now, random_hex, token_hash, verify_password};

/// How long a password link works: three days, long enough to reach someone after a weekend.
pub const LINK_SECONDS: i64 = 3 * 24 * 3600;

/// The longest full name.
pub const MAX_DISPLAY_CHARS: usize = 80;

/// What the form for a new user says, field by field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewPerson {
    /// The login name.
    pub username: String,
    /// The full name.
    pub display_name: String,
    /// The role in the förbund.
    pub role: Option<Role>,
}

/// A new user's login name: lower-case letters, digits, `.`, `-` and `_`, 2 to 64 characters.
pub fn check_username(name: &str) -> Result<(), String> {
    let n = name.chars().count();
    if !(2..=MAX_USERNAME_CHARS).contains(&n) {
        return Err(format!(
            "Användarnamnet ska ha 2 till {MAX_USERNAME_CHARS} tecken."
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
    {
        return Err(
            "Användarnamnet får bara ha små bokstäver a–z, siffror, punkt, bindestreck och understreck, t.ex. anna.ek."
                .to_owned(),
        );
    }
    Ok(())
}

impl App {
    /// The förbund's people by name.
    pub async fn people(&self, association: AssociationId) -> Result<Vec<Member>, StoreError> {
        self.store().members(association).await
    }

    /// Adds a person: a new user with a role and a one-time link to set its password, or, when
    /// the login name is taken by someone who has no role here, that user with the role (and no
    /// link). Errors per field ("username", "display_name", "role"); nothing written then.
    pub async fn add_person(
        &self,
        actor: Actor,
        association: AssociationId,
        new: &NewPerson,
    ) -> Result<(UserId, Option<String>), Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        if let Err(e) = check_username(&new.username) {
            errors.push(("username", e));
        }
        let display = new.display_name.trim();
        let chars = display.chars().count();
        if chars == 0 || chars > MAX_DISPLAY_CHARS {
            errors.push((
                "display_name",
                format!("Skriv personens namn, högst {MAX_DISPLAY_CHARS} tecken."),
            ));
        }
        let Some(role) = new.role else {
            errors.push(("role", "Välj en roll.".to_owned()));
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let store_error = |e: StoreError| vec![("username", e.to_string())];
        match self.store().user_by_username(&new.username).await {
            Ok(existing) => {
                if self
                    .store()
                    .role(existing.id, association)
                    .await
                    .map_err(store_error)?
                    .is_some()
                {
                    return Err(vec![(
                        "username",
                        format!(
                            "{} har redan en roll i förbundet; ändra den i listan.",
                            new.username
                        ),
                    )]);
                }
                self.store()
                    .grant_role(actor, existing.id, association, role)
                    .await
                    .map_err(store_error)?;
                self.memberships.forget();
                Ok((existing.id, None))
            }
            Err(StoreError::NotFound) => {
                // No password until the link sets one: "!" is no hash, so it cannot log in.
                let id = self
                    .store()
                    .create_user(actor, &new.username, display, "!")
                    .await
                    .map_err(store_error)?;
                self.store()
                    .grant_role(actor, id, association, role)
                    .await
                    .map_err(store_error)?;
                self.memberships.forget();
                let link = self
                    .password_link(actor, association, id)
                    .await
                    .map_err(|e| vec![("username", e)])?;
                Ok((id, Some(link)))
            }
            Err(e) => Err(store_error(e)),
        }
    }

    /// Sets a person's role, or takes it away (`None`); the last förbundschef keeps the role.
    pub async fn set_person_role(
        &self,
        actor: Actor,
        association: AssociationId,
        user: UserId,
        role: Option<Role>,
    ) -> Result<(), String> {
        let people = self.people(association).await.map_err(|e| e.to_string())?;
        let Some(person) = people.iter().find(|m| m.user.id == user) else {
            return Err("Personen har ingen roll i förbundet.".to_owned());
        };
        let directors = people.iter().filter(|m| m.role == Role::Director).count();
        if person.role == Role::Director && role != Some(Role::Director) && directors == 1 {
            return Err(
                "Förbundet måste ha en förbundschef: ge någon annan rollen först.".to_owned(),
            );
        }
        match role {
            Some(r) => self.store().grant_role(actor, user, association, r).await,
            None => self.store().revoke_role(actor, user, association).await,
        }
        .map_err(|e| e.to_string())?;
        self.memberships.forget();
        Ok(())
    }

    /// A one-time link's token for a person of the förbund to set a password; only its hash is
    /// kept. Valid for [`LINK_SECONDS`].
    pub async fn password_link(
        &self,
        actor: Actor,
        association: AssociationId,
        user: UserId,
    ) -> Result<String, String> {
        if self
            .store()
            .role(user, association)
            .await
            .map_err(|e| e.to_string())?
            .is_none()
        {
            return Err("Personen har ingen roll i förbundet.".to_owned());
        }
        let token = random_hex(32);
        self.store()
            .create_password_link(
                actor,
                association,
                user,
                &token_hash(&token),
                now() + LINK_SECONDS,
            )
            .await
            .map_err(|e| e.to_string())?;
        Ok(token)
    }

    /// Who a link is for, or why it does not work.
    pub async fn password_link_user(&self, token: &str) -> Result<User, String> {
        match self
            .store()
            .password_link_user(&token_hash(token), now())
            .await
            .map_err(|e| e.to_string())?
        {
            Ok(u) => Ok(u),
            Err(refused) => Err(link_refused(refused)),
        }
    }

    /// Sets the password through a link, once. The message says what is wrong.
    pub async fn use_password_link(&self, token: &str, password: &str) -> Result<UserId, String> {
        check_password(password).map_err(|e| capital(&e))?;
        let hash =
            hash_password(password).map_err(|e| format!("Lösenordet kunde inte sparas: {e}"))?;
        match self
            .store()
            .use_password_link(&token_hash(token), now(), &hash)
            .await
            .map_err(|e| e.to_string())?
        {
            Ok(u) => Ok(u),
            Err(refused) => Err(link_refused(refused)),
        }
    }

    /// A user changes its own password, giving the present one; the user's other sessions end
    /// (so does this one: the user logs in again with the new password).
    pub async fn change_own_password(
        &self,
        user: &User,
        present: &str,
        new: &str,
    ) -> Result<(), Vec<(&'static str, String)>> {
        let fresh = self
            .store()
            .user(user.id)
            .await
            .map_err(|e| vec![("present", e.to_string())])?;
        if !verify_password(present, &fresh.password_hash) {
            return Err(vec![(
                "present",
                "Det nuvarande lösenordet stämmer inte.".to_owned(),
            )]);
        }
        check_password(new).map_err(|e| vec![("new", capital(&e))])?;
        let hash = hash_password(new).map_err(|e| vec![("new", e)])?;
        self.store()
            .set_password(Actor::User(user.id), user.id, None, &hash)
            .await
            .map_err(|e| vec![("new", e.to_string())])
    }
}

fn link_refused(r: LinkRefused) -> String {
    match r {
        LinkRefused::Unknown => {
            "Länken fungerar inte: den är redan använd eller finns inte. Be förbundschefen om en ny.".to_owned()
        }
        LinkRefused::Expired => {
            "Länken har slutat gälla. Be förbundschefen om en ny.".to_owned()
        }
    }
}

/// A message that starts a sentence.
fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect::<String>() + ".")
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names_are_plain() {
        assert!(check_username("anna.ek").is_ok());
        assert!(check_username("a").is_err());
        assert!(check_username("Anna").is_err());
        assert!(check_username("anna ek").is_err());
        assert!(check_username(&"a".repeat(65)).is_err());
        assert_eq!(
            capital("lösenordet ska ha minst 10 tecken"),
            "Lösenordet ska ha minst 10 tecken."
        );
    }
}
