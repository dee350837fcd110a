//! Integration tests on real databases (SQLite and PostgreSQL): migrations up and down, the
//! demo seed and the figures it must reproduce, constraints, and the first queries.

mod support;

use app::backend::{catalog, entities::*, migration::Migrator, places, seed, stats};
use app::domain::{ProducerKind, Role, Slug};
use app::i18n::Lang;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use sea_orm_migration::MigratorTrait;
use support::TestDb;

on_both_databases!(migrations_go_down_and_up_again, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        assert_eq!(district::Entity::find().count(&db).await.unwrap(), 0);
        Migrator::down(&db, None).await.expect("down");
        assert!(district::Entity::find().count(&db).await.is_err(), "tables are gone after down");
        assert!(product::Entity::find().count(&db).await.is_err());
        Migrator::up(&db, None).await.expect("up again");
        assert_eq!(product::Entity::find().count(&db).await.unwrap(), 0);
    }
});

on_both_databases!(seed_reproduces_the_articles_figures, |t: &TestDb| {
    let db = t.db.clone();
    let label = t.label;
    async move {
        seed::seed_demo(&db).await.expect("seed");
        let f = stats::programme_figures(&db).await.expect("figures");
        assert_eq!(f.villages, 313, "{label}");
        assert_eq!(f.districts_with_villages, 23, "{label}");
        assert_eq!(f.ocop_products, 1054, "{label}");
        assert_eq!((f.potential_five_star, f.four_star, f.three_star, f.five_star), (17, 731, 306, 0));
        assert_eq!(f.producers_of(ProducerKind::Enterprise), 72);
        assert_eq!(f.producers_of(ProducerKind::Cooperative), 82);
        assert_eq!(f.producers_of(ProducerKind::Household), 101);
        assert!(f.rural_jobs > 5000, "over 5,000 rural jobs: {}", f.rural_jobs);

        // Seeding again changes nothing.
        assert_eq!(seed::seed_demo(&db).await.unwrap(), seed::SeedOutcome::AlreadySeeded);
        assert_eq!(product::Entity::find().count(&db).await.unwrap(), 1054);
    }
});

on_both_databases!(demo_accounts_have_argon2id_hashes_and_roles, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let users = user::Entity::find().all(&db).await.unwrap();
        assert_eq!(users.len(), 6);
        for u in &users {
            assert!(u.password_hash.starts_with("$argon2id$"), "{}", u.email);
            assert!(app::backend::passwords::verify_password("cholang-demo".into(), u.password_hash.clone()).await.unwrap());
        }
        let potter = users.iter().find(|u| u.email == "gom.battrang@cholang.test").unwrap();
        let storefront = producer::Entity::find_by_id(potter.producer_id.unwrap()).one(&db).await.unwrap().unwrap();
        assert_eq!(storefront.kind, ProducerKind::Enterprise);
        let village = village::Entity::find_by_id(storefront.village_id.unwrap()).one(&db).await.unwrap().unwrap();
        assert_eq!(village.name, "Bát Tràng");
        let roles: Vec<Role> = user_role::Entity::find()
            .filter(user_role::Column::UserId.eq(potter.id))
            .all(&db).await.unwrap().into_iter().map(|r| r.role).collect();
        assert!(roles.contains(&Role::ProducerMember));
        let office = users.iter().find(|u| u.email == "vanphong@cholang.test").unwrap();
        let office_roles = user_role::Entity::find().filter(user_role::Column::UserId.eq(office.id)).all(&db).await.unwrap();
        assert_eq!(office_roles.len(), 1);
        assert_eq!(office_roles[0].role, Role::ProgrammeOffice);
    }
});

on_both_databases!(constraints_reject_impossible_rows, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let p = product::Entity::find_by_id(1).one(&db).await.unwrap().unwrap();
        let mut negative: product::ActiveModel = p.clone().into();
        negative.stock = Set(-1);
        assert!(negative.update(&db).await.is_err(), "stock can never go below zero");
        let mut dup: product::ActiveModel = p.clone().into();
        dup.id = sea_orm::ActiveValue::NotSet;
        assert!(dup.insert(&db).await.is_err(), "slugs are unique");
        let cert = ocop_certificate::Entity::find().one(&db).await.unwrap().unwrap();
        let mut six: ocop_certificate::ActiveModel = cert.into();
        six.stars = Set(6);
        assert!(six.update(&db).await.is_err(), "stars are 3 to 5");
        // The ids continue after the seeded ones (PostgreSQL's sequence was moved).
        let fresh = district::ActiveModel {
            slug: Set("thu-nghiem".into()), name: Set("Thử nghiệm".into()),
            kind: Set(app::domain::DistrictKind::Town), position: Set(99), ..Default::default()
        };
        assert_eq!(fresh.insert(&db).await.unwrap().id, 31);
    }
});

on_both_databases!(scale_seed_adds_products_but_not_ocop_figures, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        assert!(matches!(seed::seed_scale(&db, 10).await, Err(seed::SeedError::NotSeeded)));
        seed::seed_demo(&db).await.unwrap();
        assert_eq!(seed::seed_scale(&db, 2500).await.unwrap(), 2500);
        assert_eq!(product::Entity::find().count(&db).await.unwrap(), 1054 + 2500);
        assert_eq!(stats::programme_figures(&db).await.unwrap().ocop_products, 1054);
        let page = catalog::list_products(&db, &Default::default(), Lang::Vi).await.unwrap();
        assert_eq!(page.total, 3554);
    }
});

on_both_databases!(villages_group_by_district_with_counts, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seeded_quiet(&db).await;
        let groups = places::villages_by_district(&db, Lang::Vi).await.unwrap();
        assert_eq!(groups.len(), 23);
        let villages: usize = groups.iter().map(|g| g.villages.len()).sum();
        assert_eq!(villages, 313);
        let producers: u64 = groups.iter().flat_map(|g| &g.villages).map(|v| v.producers).sum();
        assert_eq!(producers, 255);
        let bat_trang = groups.iter().flat_map(|g| &g.villages).find(|v| v.name == "Bát Tràng").unwrap();
        assert!(bat_trang.crafts.iter().any(|c| c == "Gốm sứ"), "{:?}", bat_trang.crafts);
        // A village's product count is what its catalog shows: published, by verified producers.
        let query = app::domain::catalog::CatalogQuery { village: Some(bat_trang.slug.clone()), ..Default::default() };
        let listed = catalog::list_products(&db, &query, Lang::Vi).await.unwrap().total;
        assert!(listed > 0);
        assert_eq!(bat_trang.products, listed);
        let gia_lam = Slug::parse("gia-lam").unwrap();
        let (id, district) = places::find_district(&db, &gia_lam).await.unwrap().unwrap();
        let f = stats::district_figures(&db, district, id).await.unwrap();
        assert!(f.villages >= 3 && f.producers >= 1 && f.ocop_products >= 1, "{f:?}");
        assert!(places::find_district(&db, &Slug::parse("khong-co").unwrap()).await.unwrap().is_none());
    }
});

async fn seeded_quiet(db: &sea_orm::DatabaseConnection) {
    seed::seed_demo(db).await.expect("seed");
}

on_both_databases!(upgrading_a_populated_database_indexes_existing_products, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        use app::domain::catalog::CatalogQuery;
        seed::seed_demo(&db).await.unwrap();
        // Back to the foundation schema with its data, then forward again: the catalog
        // migration must fill and index the products that are already there.
        Migrator::down(&db, Some(2)).await.expect("down to the foundation");
        Migrator::up(&db, None).await.expect("up again on a populated database");
        let q = CatalogQuery { q: "gom bat trang".into(), ..Default::default() };
        let found = catalog::list_products(&db, &q, Lang::Vi).await.unwrap();
        assert!(found.total > 0);
        // Writes after the upgrade keep the index consistent (no corrupt-index error).
        let p = product::Entity::find_by_id(3).one(&db).await.unwrap().unwrap();
        let mut row: product::ActiveModel = p.into();
        row.name_vi = Set("Bình gốm Zanzibar".into());
        row.update(&db).await.unwrap();
        app::backend::listing::refresh(&db, &[3]).await.unwrap();
        let q = CatalogQuery { q: "zanzibar".into(), ..Default::default() };
        assert_eq!(catalog::list_products(&db, &q, Lang::Vi).await.unwrap().total, 1);
        product::Entity::delete_by_id(3).exec(&db).await.unwrap();
        assert_eq!(catalog::list_products(&db, &q, Lang::Vi).await.unwrap().total, 0);
        assert_eq!(stats::programme_figures(&db).await.unwrap().ocop_products, 1053);
    }
});
