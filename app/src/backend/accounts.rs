//! Accounts: registration, login, password changes and who a user is. Called by the server
//! functions in `crate::api::accounts` after they have read the request.

use std::sync::LazyLock;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::entities::{producer, user, user_role};
use super::{passwords, sessions, throttle};
use crate::domain::accounts::{check_new_password, normalize_email, normalize_name, ProducerRef, Problems, SessionUser};
use crate::domain::{Role, Slug};
use crate::error::{AppError, Problem};

/// A hash of nothing anyone knows, verified against when the email is unknown, so a login
/// takes as long for an unknown email as for a wrong password.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| passwords::hash_password_blocking("no account has this password").unwrap_or_default());

/// Creates a consumer account and returns its id. Every field problem is reported at once;
/// an email already in use is a problem of the email field.
pub async fn register(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    display_name: &str,
) -> Result<i32, AppError> {
    let mut problems = Problems::new();
    let email = problems.check("email", normalize_email(email));
    let name = problems.check("display_name", normalize_name(display_name));
    problems.check("password", check_new_password(password, email.as_deref().unwrap_or("")));
    if let Some(email) = &email {
        if user::Entity::find().filter(user::Column::Email.eq(email.as_str())).one(db).await?.is_some() {
            problems.add("email", Problem::Taken);
        }
    }
    problems.finish()?;
    let (email, name) = (email.unwrap_or_default(), name.unwrap_or_default());
    let hash = passwords::hash_password(password.to_owned()).await?;

    let txn = super::db::begin_write(db).await?;
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
    let user = match inserted {
        Ok(user) => user,
        // Two registrations of one email at once: the unique index decides.
        Err(err) if super::db::is_unique_violation(&err) => return Err(AppError::invalid("email", Problem::Taken)),
        Err(err) => return Err(err.into()),
    };
    user_role::ActiveModel { user_id: Set(user.id), role: Set(Role::Consumer) }.insert(&txn).await?;
    txn.commit().await?;
    Ok(user.id)
}

pub fn is_unique_violation(err: &sea_orm::DbErr) -> bool {
    matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

/// Checks an email and password and returns the user's id. Throttled per account and per
/// address (`ip`): past the limit every attempt is refused with `RateLimited`, right or
/// wrong, until the window passes.
pub async fn authenticate(db: &impl ConnectionTrait, email: &str, password: &str, ip: &str) -> Result<i32, AppError> {
    let email = email.trim().to_lowercase();
    if email.is_empty() || password.is_empty() || password.len() > crate::domain::accounts::MAX_PASSWORD_BYTES {
        return Err(AppError::BadCredentials);
    }
    // The attempt is counted before the password is checked, so concurrent guesses all
    // count (see `throttle` for the whole policy): the address first, then the account.
    let (account_key, ip_key) = (throttle::account_key(&email), throttle::ip_key(ip));
    if !throttle::reserve(db, &ip_key, throttle::IP_LIMIT).await? {
        return Err(AppError::RateLimited);
    }
    if !throttle::reserve(db, &account_key, throttle::ACCOUNT_LIMIT).await? {
        throttle::release(db, &ip_key).await?;
        return Err(AppError::RateLimited);
    }
    let found = user::Entity::find().filter(user::Column::Email.eq(email.as_str())).one(db).await?;
    let stored = found.as_ref().map_or_else(|| DUMMY_HASH.clone(), |u| u.password_hash.clone());
    let matches = match passwords::verify_password(password.to_owned(), stored).await {
        Ok(matches) => matches,
        Err(err) => {
            // Not checked (the server was too busy): this attempt does not count.
            throttle::release(db, &account_key).await?;
            throttle::release(db, &ip_key).await?;
            return Err(err);
        }
    };
    match found {
        Some(user) if matches => {
            throttle::clear(db, &account_key).await?;
            throttle::release(db, &ip_key).await?;
            Ok(user.id)
        }
        // The failure was counted when the attempt was reserved.
        _ => Err(AppError::BadCredentials),
    }
}

/// Changes a password after checking the current one, and ends the user's other sessions
/// (`keep` is the token of the session making the change).
pub async fn change_password(
    db: &DatabaseConnection,
    user_id: i32,
    current: &str,
    new: &str,
    keep: Option<&str>,
) -> Result<(), AppError> {
    let user = user::Entity::find_by_id(user_id).one(db).await?.ok_or(AppError::Unauthorized)?;
    if !passwords::verify_password(current.to_owned(), user.password_hash.clone()).await? {
        return Err(AppError::invalid("current_password", Problem::WrongPassword));
    }
    check_new_password(new, &user.email).map_err(|p| AppError::invalid("new_password", p))?;
    let hash = passwords::hash_password(new.to_owned()).await?;
    let txn = super::db::begin_write(db).await?;
    // Only over the hash that was checked: of two changes at once, the second finds the
    // password it was given no longer current.
    let done = user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, sea_orm::sea_query::Expr::value(hash))
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::PasswordHash.eq(user.password_hash.as_str()))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::invalid("current_password", Problem::WrongPassword));
    }
    sessions::end_others(&txn, user_id, keep).await?;
    txn.commit().await?;
    Ok(())
}

/// The user with their roles and producer, as the client sees them.
pub async fn session_user(db: &impl ConnectionTrait, user_id: i32) -> Result<Option<SessionUser>, AppError> {
    let Some(user) = user::Entity::find_by_id(user_id).one(db).await? else { return Ok(None) };
    let mut roles: Vec<Role> = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.role)
        .collect();
    roles.sort_by_key(|r| r.code());
    let producer = match user.producer_id {
        Some(id) => producer::Entity::find_by_id(id).one(db).await?.map(|p| ProducerRef {
            id: p.id,
            slug: Slug::parse(&p.slug).unwrap_or_else(|_| Slug::from_name("co-so").expect("a valid slug")),
            name: p.name,
            kind: p.kind,
            verification: p.verification,
        }),
        None => None,
    };
    Ok(Some(SessionUser { id: user.id, email: user.email, display_name: user.display_name, roles, producer }))
}

/// Gives `user_id` a role if they do not hold it yet (two grants at once are no error).
pub async fn grant(db: &impl ConnectionTrait, user_id: i32, role: Role) -> Result<(), AppError> {
    user_role::Entity::insert(user_role::ActiveModel { user_id: Set(user_id), role: Set(role) })
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([user_role::Column::UserId, user_role::Column::Role]).do_nothing().to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}
