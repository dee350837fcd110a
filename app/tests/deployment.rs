//! The deployment path on both databases: reference data without accounts (idempotent),
//! migrations down and up with it, the first office account, and the demo-password check a
//! production server runs before it starts.

mod support;

use app::backend::{accounts, entities::*, migration::Migrator, reference, roles, seed};
use app::domain::Role;
use app::error::{AppError, Problem};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use sea_orm_migration::MigratorTrait;
use support::TestDb;

async fn counts(db: &sea_orm::DatabaseConnection) -> [u64; 7] {
    [
        district::Entity::find().count(db).await.unwrap(),
        commune::Entity::find().count(db).await.unwrap(),
        category::Entity::find().count(db).await.unwrap(),
        village::Entity::find().count(db).await.unwrap(),
        village_craft::Entity::find().count(db).await.unwrap(),
        user::Entity::find().count(db).await.unwrap(),
        producer::Entity::find().count(db).await.unwrap(),
    ]
}

on_both_databases!(
    import_reference_adds_places_and_categories_but_no_accounts_and_is_idempotent,
    |t: &TestDb| {
        let db = t.db.clone();
        async move {
            let r = reference::Reference::embedded().unwrap();
            let first = reference::import(&db, &r).await.expect("import");
            assert_eq!((first.districts_added, first.categories_added, first.villages_added), (30, 24, 40));
            assert_eq!(first.updated, 0);
            let after_first = counts(&db).await;
            assert_eq!(after_first[0..4], [30, 578, 24, 40]);
            assert_eq!(after_first[5..7], [0, 0], "no accounts, no producers");
            let bat_trang = village::Entity::find()
                .filter(village::Column::Slug.eq("bat-trang"))
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(bat_trang.id, 1, "ids follow the files on an empty database");

            // Again: nothing added, nothing changed.
            let second = reference::import(&db, &r).await.expect("import again");
            assert!(!second.changed_anything(), "{second}");
            assert_eq!(counts(&db).await, after_first);

            // A changed file updates in place and adds, never deletes; new rows get fresh ids.
            let mut changed = r.clone();
            changed.villages[0].name = "Bát Tràng (sửa)".into();
            changed.villages.pop();
            let third = reference::import(&db, &changed).await.unwrap();
            assert_eq!(third.updated, 1);
            assert_eq!(counts(&db).await, after_first, "a village left out of the file stays");
            let fresh = district::ActiveModel {
                slug: sea_orm::Set("thu-nghiem".into()),
                name: sea_orm::Set("Thử nghiệm".into()),
                kind: sea_orm::Set(app::domain::DistrictKind::Town),
                position: sea_orm::Set(99),
                ..Default::default()
            };
            assert_eq!(
                sea_orm::ActiveModelTrait::insert(fresh, &db).await.unwrap().id,
                31,
                "the id sequence moved on"
            );

            // The demo seed still goes in after an import, and reproduces the article.
            seed::seed_demo(&db).await.expect("demo after import");
            let f = app::backend::stats::programme_figures(&db).await.unwrap();
            assert_eq!((f.villages, f.districts_with_villages, f.ocop_products), (313, 23, 1054));
        }
    }
);

on_both_databases!(migrations_go_down_and_up_again_with_reference_data, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        let r = reference::Reference::embedded().unwrap();
        reference::import(&db, &r).await.unwrap();
        assert!(Migrator::get_pending_migrations(&db).await.unwrap().is_empty());
        // `server migrate down 2` then `server migrate`: the reference rows survive, and the
        // import after the migrations (what `migrate up` runs) finds nothing to do.
        Migrator::down(&db, Some(2)).await.expect("down two");
        assert_eq!(Migrator::get_pending_migrations(&db).await.unwrap().len(), 2);
        Migrator::up(&db, None).await.expect("up again");
        assert!(Migrator::get_pending_migrations(&db).await.unwrap().is_empty());
        assert_eq!(district::Entity::find().count(&db).await.unwrap(), 30);
        assert!(!reference::import(&db, &r).await.unwrap().changed_anything());
        // All the way down and up on an empty database is `database.rs`'s test.
    }
});

on_both_databases!(create_admin_makes_an_office_account_that_logs_in, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        let weak = roles::create_admin(&db, "office@hanoi.gov.vn", "Văn phòng", "cholang-demo").await;
        assert!(
            matches!(&weak, Err(AppError::Validation { fields }) if fields.iter().any(|f| f.field == "password" && f.problem == Problem::WeakPassword)),
            "{weak:?}"
        );
        let short = roles::create_admin(&db, "office@hanoi.gov.vn", "Văn phòng", "short").await;
        assert!(short.is_err());
        assert_eq!(user::Entity::find().count(&db).await.unwrap(), 0, "a refused password creates nothing");

        let id =
            roles::create_admin(&db, " Office@Hanoi.gov.vn ", "Văn phòng OCOP", "một mật khẩu dài và riêng")
                .await
                .expect("created");
        let roles: Vec<Role> = user_role::Entity::find()
            .filter(user_role::Column::UserId.eq(id))
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.role)
            .collect();
        assert_eq!(roles, vec![Role::ProgrammeOffice]);
        assert_eq!(
            accounts::authenticate(&db, "office@hanoi.gov.vn", "một mật khẩu dài và riêng", "10.0.0.1")
                .await
                .unwrap(),
            id
        );
        let again = roles::create_admin(&db, "office@hanoi.gov.vn", "Ai đó", "một mật khẩu khác hẳn").await;
        assert!(
            matches!(&again, Err(AppError::Validation { fields }) if fields[0].problem == Problem::Taken),
            "{again:?}"
        );
        // An office account with its own password is not a demo account.
        assert!(seed::accounts_with_demo_password(&db).await.unwrap().is_empty());
    }
});

on_both_databases!(demo_password_check_finds_the_demo_accounts_only, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        assert!(seed::accounts_with_demo_password(&db).await.unwrap().is_empty());
        seed::seed_demo(&db).await.unwrap();
        let found = seed::accounts_with_demo_password(&db).await.unwrap();
        assert_eq!(found.len(), 6, "{found:?}");
        assert!(found.contains(&"vanphong@cholang.test".to_owned()));
        // Once an account's password changes, it no longer counts.
        let office = support::user_id(&db, "vanphong@cholang.test").await;
        accounts::change_password(&db, office, "cholang-demo", "mật khẩu mới của văn phòng", None)
            .await
            .unwrap();
        assert_eq!(seed::accounts_with_demo_password(&db).await.unwrap().len(), 5);
    }
});
