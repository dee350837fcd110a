//! The demo-password guard: which accounts still open with the published demo password.
//!
//! Checking every account with argon2 would take minutes on a large user table (each check
//! is ~20 ms of CPU and ~19 MiB by design), so the guard checks a bounded set that covers
//! every way the demo password can reach a live site:
//! - the demo accounts' own emails ([`DEMO_ACCOUNTS`]): the seed is the only writer of that
//!   password, since registration and password changes refuse it (`check_new_password` lists
//!   it among the common passwords);
//! - every account holding a privileged role (programme office, organizer), whatever its
//!   email: those are the accounts whose takeover matters, and the office grants them by hand,
//!   so there are a few dozen, not thousands.

use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::{SeedError, DEMO_ACCOUNTS, DEMO_PASSWORD};
use crate::backend::entities::{user, user_role};
use crate::backend::passwords;
use crate::domain::Role;

/// The emails of the checked accounts (see the module docs) whose password is the demo one.
pub async fn accounts_with_demo_password(db: &impl ConnectionTrait) -> Result<Vec<String>, SeedError> {
    let privileged = user_role::Entity::find()
        .select_only()
        .column(user_role::Column::UserId)
        .filter(user_role::Column::Role.is_in([Role::ProgrammeOffice, Role::Organizer]));
    let candidates = user::Entity::find()
        .filter(
            Condition::any()
                .add(user::Column::Email.is_in(DEMO_ACCOUNTS.iter().map(|a| a.0)))
                .add(user::Column::Id.in_subquery(sea_orm::QueryTrait::into_query(privileged))),
        )
        .all(db)
        .await?;
    let mut found = Vec::new();
    for account in candidates {
        let matches = passwords::verify_password(DEMO_PASSWORD.to_owned(), account.password_hash)
            .await
            .map_err(|_| SeedError::Hash)?;
        if matches {
            found.push(account.email);
        }
    }
    found.sort();
    Ok(found)
}
