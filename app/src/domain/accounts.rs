//! Accounts: the rules for emails, passwords and names, and who the signed-in user is.
//! The same checks run in the browser (to show a problem next to its field at once) and on
//! the server (which never trusts the browser).

use serde::{Deserialize, Serialize};

use super::{ProducerKind, Role, Slug, VerificationStatus};
use crate::error::{AppError, FieldError, Problem};

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_BYTES: usize = 256;
pub const MAX_EMAIL_LEN: usize = 254;
pub const MAX_NAME_CHARS: usize = 80;

/// Passwords too common to accept whatever their length.
const COMMON_PASSWORDS: &[&str] = &[
    "1234567890", "12345678910", "0123456789", "1111111111", "qwertyuiop", "password12",
    "password123", "matkhau123", "matkhau1234", "abcdefghij", "iloveyou12", "anhyeuem123",
    "cholang123", "cholang-demo",
];

/// An email address as stored: trimmed and lower-case, checked for one `@`, a non-empty
/// local part and a domain with a dot, no spaces or control characters.
pub fn normalize_email(raw: &str) -> Result<String, Problem> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err(Problem::Required);
    }
    if email.len() > MAX_EMAIL_LEN {
        return Err(Problem::TooLong);
    }
    let Some((local, domain)) = email.split_once('@') else { return Err(Problem::Malformed) };
    let well_formed = !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && email.chars().all(|c| !c.is_whitespace() && !c.is_control() && c != '<' && c != '>' && c != '"');
    if well_formed { Ok(email) } else { Err(Problem::Malformed) }
}

/// A new password: at least [`MIN_PASSWORD_CHARS`] characters, not one repeated character,
/// not a well-known password and not the email's own name.
pub fn check_new_password(password: &str, email: &str) -> Result<(), Problem> {
    if password.is_empty() {
        return Err(Problem::Required);
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(Problem::TooLong);
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Problem::TooShort);
    }
    let lower = password.to_lowercase();
    let mut chars = lower.chars();
    let first = chars.next();
    let one_char = chars.all(|c| Some(c) == first);
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    if one_char || COMMON_PASSWORDS.contains(&lower.as_str()) || (!local.is_empty() && lower.contains(&local) && lower.len() < local.len() + 4) {
        return Err(Problem::WeakPassword);
    }
    Ok(())
}

/// A person's or a business's display name: trimmed, 2 to [`MAX_NAME_CHARS`] characters.
pub fn normalize_name(raw: &str) -> Result<String, Problem> {
    let name: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = name.chars().count();
    if n == 0 {
        Err(Problem::Required)
    } else if n < 2 {
        Err(Problem::TooShort)
    } else if n > MAX_NAME_CHARS {
        Err(Problem::TooLong)
    } else if name.chars().any(|c| c.is_control() || c == '<' || c == '>') {
        Err(Problem::Malformed)
    } else {
        Ok(name)
    }
}

/// Collects field problems, so a form shows all of them at once.
#[derive(Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }

    /// The value if `check` accepted it; else records the problem under `field`.
    pub fn check<T>(&mut self, field: &str, check: Result<T, Problem>) -> Option<T> {
        match check {
            Ok(v) => Some(v),
            Err(problem) => {
                self.0.push(FieldError { field: field.to_owned(), problem });
                None
            }
        }
    }

    pub fn add(&mut self, field: &str, problem: Problem) {
        self.0.push(FieldError { field: field.to_owned(), problem });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok` when nothing was recorded, else the validation error with every problem.
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() { Ok(()) } else { Err(AppError::Validation { fields: self.0 }) }
    }
}

/// The producer a member acts for, as the header and dashboard show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerRef {
    pub id: i32,
    pub slug: Slug,
    pub name: String,
    pub kind: ProducerKind,
    pub verification: VerificationStatus,
}

/// The signed-in user, as the client sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub producer: Option<ProducerRef>,
}

impl SessionUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Where to go after logging in: only a path on this site, never another origin.
pub fn safe_next(next: &str) -> String {
    let next = next.trim();
    let local = next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\")
        && next.chars().all(|c| !c.is_control() && !c.is_whitespace());
    if local { next.to_owned() } else { "/account".to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(normalize_email("  Mai.Anh@Example.VN "), Ok("mai.anh@example.vn".into()));
        assert_eq!(normalize_email(""), Err(Problem::Required));
        for bad in ["mai", "mai@", "@x.vn", "mai@localhost", "a b@x.vn", "a@@x.vn", "a@x..vn", "a@.x.vn", "<a>@x.vn"] {
            assert_eq!(normalize_email(bad), Err(Problem::Malformed), "{bad}");
        }
        assert_eq!(normalize_email(&format!("{}@x.vn", "a".repeat(260))), Err(Problem::TooLong));
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert_eq!(check_new_password("", "a@x.vn"), Err(Problem::Required));
        assert_eq!(check_new_password("ngắn", "a@x.vn"), Err(Problem::TooShort));
        assert_eq!(check_new_password("aaaaaaaaaaaa", "a@x.vn"), Err(Problem::WeakPassword));
        assert_eq!(check_new_password("Password123", "a@x.vn"), Err(Problem::WeakPassword));
        assert_eq!(check_new_password("maianh2024", "maianh2024@x.vn"), Err(Problem::WeakPassword));
        assert_eq!(check_new_password(&"x".repeat(300), "a@x.vn"), Err(Problem::TooLong));
        assert_eq!(check_new_password("gốm men lam 1958", "a@x.vn"), Ok(()));
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(normalize_name("  Lê   Văn Thành "), Ok("Lê Văn Thành".into()));
        assert_eq!(normalize_name(" "), Err(Problem::Required));
        assert_eq!(normalize_name("<b>x</b>"), Err(Problem::Malformed));
        assert_eq!(normalize_name(&"a".repeat(81)), Err(Problem::TooLong));
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next("/dashboard"), "/dashboard");
        for bad in ["https://evil.example", "//evil.example", "/\\evil", "javascript:alert(1)", ""] {
            assert_eq!(safe_next(bad), "/account", "{bad}");
        }
    }
}
