//! Who may run the programme: the first office account (made by `server create-admin`, never
//! by the demo seed on a live site), and the roles the office grants in the app.
//!
//! Policy: accounts are made with the same rules as registration (`normalize_email`,
//! `normalize_name`, `check_new_password`); an email already in use is refused, never taken
//! over; the account gets the programme-office role and nothing else. The office grants and
//! revokes only [`GRANTABLE`] roles, to existing accounts, by email; callers check that the
//! caller is the office.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::entities::{user, user_role};
use super::passwords;
use crate::domain::accounts::{check_new_password, normalize_email, normalize_name, Problems};
use crate::domain::Role;
use crate::error::{AppError, Problem};

/// Creates a programme-office account and returns its id. Every field problem is reported
/// at once (`email`, `display_name`, `password`).
pub async fn create_admin(
    db: &DatabaseConnection,
    email: &str,
    display_name: &str,
    password: &str,
) -> Result<i32, AppError> {
    let mut problems = Problems::new();
    let email = problems.check("email", normalize_email(email));
    let name = problems.check("display_name", normalize_name(display_name));
    problems.check("password", check_new_password(password, email.as_deref().unwrap_or("")));
    problems.finish()?;
    let (email, name) = (email.unwrap_or_default(), name.unwrap_or_default());
    let hash = passwords::hash_password(password.to_owned()).await?;

    let txn = super::db::begin_write(db).await?;
    if user::Entity::find().filter(user::Column::Email.eq(email.as_str())).one(&txn).await?.is_some() {
        return Err(AppError::invalid("email", Problem::Taken));
    }
    let inserted = user::ActiveModel {
        email: Set(email),
        password_hash: Set(hash),
        display_name: Set(name),
        producer_id: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let account = match inserted {
        Ok(account) => account,
        Err(err) if super::db::is_unique_violation(&err) => {
            return Err(AppError::invalid("email", Problem::Taken))
        }
        Err(err) => return Err(err.into()),
    };
    user_role::ActiveModel { user_id: Set(account.id), role: Set(Role::ProgrammeOffice) }
        .insert(&txn)
        .await?;
    txn.commit().await?;
    Ok(account.id)
}

/// The roles the office grants and revokes in the app. Producer membership comes with a
/// verified storefront, the buyer role with a verified business, consumer with registration.
pub const GRANTABLE: [Role; 2] = [Role::Organizer, Role::ProgrammeOffice];

/// Grants (`grant`) or revokes `role` for the account with `email`, on behalf of the office
/// account `acting_user`. Returns the account's id. An office account cannot revoke its own
/// office role (so the office never locks itself out by mistake).
pub async fn set_role(
    db: &DatabaseConnection,
    acting_user: i32,
    email: &str,
    role: Role,
    grant: bool,
) -> Result<i32, AppError> {
    if !GRANTABLE.contains(&role) {
        return Err(AppError::invalid("role", Problem::Unknown));
    }
    let email = normalize_email(email).map_err(|p| AppError::invalid("email", p))?;
    let txn = super::db::begin_write(db).await?;
    let account = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::invalid("email", Problem::Unknown))?;
    if !grant && role == Role::ProgrammeOffice && account.id == acting_user {
        return Err(AppError::Conflict);
    }
    if grant {
        user_role::Entity::insert(user_role::ActiveModel { user_id: Set(account.id), role: Set(role) })
            .on_conflict(
                sea_orm::sea_query::OnConflict::columns([user_role::Column::UserId, user_role::Column::Role])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    } else {
        user_role::Entity::delete_many()
            .filter(user_role::Column::UserId.eq(account.id))
            .filter(user_role::Column::Role.eq(role))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(account.id)
}
