//! The office grants and revokes roles in the app (`set_account_role`): anonymous 401, every
//! other role 403 and nothing changes; the office grants organizer to a consumer, who can then
//! act as one, revokes it again, and cannot revoke its own office role.

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::account_tests::{call, form, login};
use crate::http_layers::tests::{serially, test_app};
use app::backend::entities::{user, user_role};
use app::domain::Role;

fn set(email: &str, role: &str, grant: &str) -> String {
    form(&[("email", email.into()), ("role", role.into()), ("grant", grant.into())])
}

async fn roles_of(db: &sea_orm::DatabaseConnection, email: &str) -> Vec<Role> {
    let id = user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await.unwrap().unwrap().id;
    let mut roles: Vec<Role> = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(id))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.role)
        .collect();
    roles.sort();
    roles
}

#[test]
fn only_the_office_grants_and_revokes_roles() {
    serially(async {
        let (router, dir, db) = test_app().await;
        let path = "/api/set_account_role";
        let grant_organizer = || set("khach@cholang.test", "organizer", "grant");
        assert_eq!(
            call(&router, None, path, grant_organizer()).await.0,
            StatusCode::UNAUTHORIZED,
            "anonymous"
        );
        for who in
            ["khach@cholang.test", "gom.battrang@cholang.test", "hoicho@cholang.test", "sieuthi@cholang.test"]
        {
            let cookie = login(&router, who).await;
            let (status, text) = call(&router, Some(&cookie), path, grant_organizer()).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who}: {text}");
        }
        assert_eq!(
            roles_of(&db, "khach@cholang.test").await,
            vec![Role::Consumer],
            "refused calls change nothing"
        );

        let office = login(&router, "vanphong@cholang.test").await;
        let (status, text) = call(&router, Some(&office), path, grant_organizer()).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        assert_eq!(roles_of(&db, "khach@cholang.test").await, vec![Role::Consumer, Role::Organizer]);
        // Granting twice is no error.
        assert_eq!(call(&router, Some(&office), path, grant_organizer()).await.0, StatusCode::OK);
        let (status, _) =
            call(&router, Some(&office), path, set("khach@cholang.test", "organizer", "revoke")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(roles_of(&db, "khach@cholang.test").await, vec![Role::Consumer]);

        // Only organizer and office are granted here; unknown accounts are a field problem.
        for body in
            [set("khach@cholang.test", "buyer", "grant"), set("khong-co@cholang.test", "organizer", "grant")]
        {
            let (status, text) = call(&router, Some(&office), path, body).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
        }
        // The office cannot lock itself out.
        let (status, _) =
            call(&router, Some(&office), path, set("vanphong@cholang.test", "programme_office", "revoke"))
                .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(roles_of(&db, "vanphong@cholang.test").await, vec![Role::ProgrammeOffice]);
        let _ = std::fs::remove_dir_all(dir);
    });
}
