//! The detail pages' queries on real databases (SQLite and PostgreSQL): a product with its
//! current certificate, what is not public, a village, a storefront with its cooperative
//! members, and the sitemap.

mod support;

use app::backend::{catalog, detail, entities::*, seed};
use app::domain::{
    catalog::CatalogQuery,
    detail::RELATED_LIMIT,
    IssuingLevel, ProducerKind, Slug, VerificationStatus,
};
use app::i18n::Lang;
use chrono::{Days, NaiveDate};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use support::TestDb;

fn slug(s: &str) -> Slug {
    Slug::parse(s).unwrap()
}

async fn product(db: &DatabaseConnection, id: i32) -> product::Model {
    product::Entity::find_by_id(id).one(db).await.unwrap().unwrap()
}

async fn set_product_status(db: &DatabaseConnection, id: i32, status: &str) {
    product::Entity::update_many()
        .col_expr(product::Column::Status, Expr::value(status))
        .filter(product::Column::Id.eq(id))
        .exec(db)
        .await
        .unwrap();
}

async fn add_certificate(
    db: &DatabaseConnection,
    product_id: i32,
    stars: i16,
    number: &str,
    decided: NaiveDate,
    status: VerificationStatus,
) -> ocop_certificate::Model {
    ocop_certificate::ActiveModel {
        product_id: Set(product_id),
        stars: Set(stars),
        level: Set(IssuingLevel::City),
        decision_number: Set(number.to_owned()),
        decision_date: Set(decided),
        expires_on: Set(app::domain::ocop::expiry_for(decided)),
        status: Set(status),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
}

async fn seeded_certificate(db: &DatabaseConnection, product_id: i32) -> ocop_certificate::Model {
    ocop_certificate::Entity::find()
        .filter(ocop_certificate::Column::ProductId.eq(product_id))
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

on_both_databases!(product_detail_has_everything_its_page_shows, |t: &TestDb| {
    let db = t.db.clone();
    let label = t.label;
    async move {
        seed::seed_demo(&db).await.unwrap();
        let p = product(&db, 1).await;
        let cert = seeded_certificate(&db, 1).await;
        let d = detail::product_detail_on(&db, &slug(&p.slug), Lang::Vi, cert.decision_date)
            .await
            .unwrap()
            .expect("a published product of a verified producer is public");
        assert_eq!(d.name, p.name_vi, "{label}");
        assert_eq!(d.price.amount(), p.price_vnd);
        assert_eq!(i64::from(d.stock), i64::from(p.stock));
        assert!(!d.photos.is_empty(), "the cover photo");
        assert_eq!(d.categories.len(), 2, "top › leaf: {:?}", d.categories);
        let leaf = category::Entity::find_by_id(p.category_id).one(&db).await.unwrap().unwrap();
        let top = category::Entity::find_by_id(leaf.parent_id.unwrap()).one(&db).await.unwrap().unwrap();
        assert_eq!(d.categories[0].slug.as_str(), top.slug);
        assert_eq!(d.categories[1].name, leaf.name_vi);

        let c = d.certificate.as_ref().expect("seeded certificate");
        assert_eq!(c.decision_number, cert.decision_number);
        assert!(!d.certificate_expired);
        assert!(d.valid_certificate().is_some());

        let maker = producer::Entity::find_by_id(p.producer_id).one(&db).await.unwrap().unwrap();
        assert_eq!(d.producer.slug.as_str(), maker.slug);
        assert_eq!(d.producer.kind, maker.kind);
        assert!(d.more_from_producer.len() as u64 <= RELATED_LIMIT);
        assert!(d.more_from_producer.iter().all(|c| c.slug != d.slug && c.producer_name == maker.name));
        let others = product::Entity::find()
            .filter(product::Column::ProducerId.eq(p.producer_id))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(d.more_from_producer.len() as u64, (others - 1).min(RELATED_LIMIT));
        assert!(d.similar.len() as u64 <= RELATED_LIMIT);
        assert!(
            d.similar.iter().all(|c| c.producer_name != maker.name),
            "similar ones are from other producers"
        );
        let same_leaf_elsewhere = product::Entity::find()
            .filter(product::Column::CategoryId.eq(p.category_id))
            .filter(product::Column::ProducerId.ne(p.producer_id))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(d.similar.len() as u64, same_leaf_elsewhere.min(RELATED_LIMIT));

        let en = detail::product_detail(&db, &slug(&p.slug), Lang::En).await.unwrap().unwrap();
        assert_eq!(Some(en.name.clone()), p.name_en);
        assert_eq!(en.categories[1].name, leaf.name_en);
    }
});

on_both_databases!(drafts_unverified_and_unknown_products_are_not_found, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let p = product(&db, 2).await;
        let s = slug(&p.slug);
        assert!(detail::product_detail(&db, &s, Lang::Vi).await.unwrap().is_some());
        set_product_status(&db, 2, "draft").await;
        assert!(detail::product_detail(&db, &s, Lang::Vi).await.unwrap().is_none(), "draft");
        set_product_status(&db, 2, "archived").await;
        assert!(detail::product_detail(&db, &s, Lang::Vi).await.unwrap().is_none(), "archived");
        set_product_status(&db, 2, "published").await;
        assert!(detail::product_detail(&db, &s, Lang::Vi).await.unwrap().is_some());

        producer::Entity::update_many()
            .col_expr(producer::Column::Verification, Expr::value("pending"))
            .filter(producer::Column::Id.eq(p.producer_id))
            .exec(&db)
            .await
            .unwrap();
        assert!(detail::product_detail(&db, &s, Lang::Vi).await.unwrap().is_none(), "unverified producer");
        let maker = producer::Entity::find_by_id(p.producer_id).one(&db).await.unwrap().unwrap();
        assert!(detail::producer_detail(&db, &slug(&maker.slug), Lang::Vi).await.unwrap().is_none());
        // Nor do the unverified producer's products show up beside other products.
        let other = product::Entity::find()
            .filter(product::Column::CategoryId.eq(p.category_id))
            .filter(product::Column::ProducerId.ne(p.producer_id))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let d = detail::product_detail(&db, &slug(&other.slug), Lang::Vi).await.unwrap().unwrap();
        assert!(d.similar.iter().all(|c| c.producer_name != maker.name));

        assert!(detail::product_detail(&db, &slug("khong-co-san-pham-nay"), Lang::Vi)
            .await
            .unwrap()
            .is_none());
    }
});

on_both_databases!(current_certificate_is_the_latest_verified_and_may_be_expired, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let p = product(&db, 3).await;
        let s = slug(&p.slug);
        let seeded = seeded_certificate(&db, 3).await;
        let on = |today: NaiveDate| {
            let db = db.clone();
            let s = s.clone();
            async move { detail::product_detail_on(&db, &s, Lang::Vi, today).await.unwrap().unwrap() }
        };

        // An older verified one and a newer pending one change nothing.
        let older = seeded.decision_date.checked_sub_days(Days::new(800)).unwrap();
        add_certificate(&db, 3, 3, "1/CU", older, VerificationStatus::Verified).await;
        let newer = seeded.decision_date.checked_add_days(Days::new(30)).unwrap();
        add_certificate(&db, 3, 5, "2/CHO-DUYET", newer, VerificationStatus::Pending).await;
        let d = on(seeded.decision_date).await;
        assert_eq!(d.certificate.as_ref().unwrap().decision_number, seeded.decision_number);
        assert!(!d.certificate_expired);

        // The seeded one is valid on its expiry day and expired the day after.
        let d = on(seeded.expires_on).await;
        assert!(!d.certificate_expired, "still valid on its expiry date");
        let d = on(seeded.expires_on.checked_add_days(Days::new(1)).unwrap()).await;
        assert!(d.certificate_expired, "expired after its expiry date");
        assert!(d.valid_certificate().is_none(), "an expired certificate is no badge");
        assert_eq!(
            d.certificate.as_ref().unwrap().decision_number,
            seeded.decision_number,
            "not replaced by an older one"
        );

        // A newer verified 5-star city rating becomes current: a potential 5-star.
        let re_rated = add_certificate(&db, 3, 5, "3/MOI", newer, VerificationStatus::Verified).await;
        let d = on(newer).await;
        let c = d.certificate.as_ref().unwrap();
        assert_eq!(c.decision_number, "3/MOI");
        assert_eq!(c.stars.get(), 5);
        assert!(c.is_potential_five());
        assert_eq!(c.expires_on, re_rated.expires_on);
    }
});

on_both_databases!(village_detail_lists_its_producers_and_products, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let v = village::Entity::find()
            .filter(village::Column::Name.eq("Bát Tràng"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let d = detail::village_detail(&db, &slug(&v.slug), Lang::Vi).await.unwrap().unwrap();
        assert_eq!(d.name, "Bát Tràng");
        assert!(d.crafts.iter().any(|c| c.name == "Gốm sứ"), "{:?}", d.crafts);
        assert_eq!(d.district.slug.as_str(), "gia-lam");
        let producers =
            producer::Entity::find().filter(producer::Column::VillageId.eq(v.id)).count(&db).await.unwrap();
        assert_eq!(d.producers.len() as u64, producers);
        assert!(producers > 0);
        assert!(d.producers.iter().all(|p| p.village.as_ref().is_some_and(|pv| pv.slug == d.slug)));
        let in_catalog = catalog::list_products(&db, &CatalogQuery { village: Some(d.slug.clone()), ..Default::default() }, Lang::Vi)
            .await
            .unwrap();
        assert_eq!(d.product_count, in_catalog.total);
        assert!(in_catalog.items.iter().all(|c| c.village_name.as_deref() == Some("Bát Tràng")));
        assert!(detail::village_detail(&db, &slug("khong-co-lang"), Lang::Vi).await.unwrap().is_none());
    }
});

on_both_databases!(cooperatives_list_members_and_members_point_back, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let link = cooperative_member::Entity::find()
            .order_by_asc(cooperative_member::Column::CooperativeId)
            .one(&db)
            .await
            .unwrap()
            .expect("the seed has cooperative members");
        let coop = producer::Entity::find_by_id(link.cooperative_id).one(&db).await.unwrap().unwrap();
        let member = producer::Entity::find_by_id(link.member_id).one(&db).await.unwrap().unwrap();
        assert_eq!(coop.kind, ProducerKind::Cooperative);
        let expected: Vec<i32> = cooperative_member::Entity::find()
            .filter(cooperative_member::Column::CooperativeId.eq(coop.id))
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.member_id)
            .collect();

        let d = detail::producer_detail(&db, &slug(&coop.slug), Lang::Vi).await.unwrap().unwrap();
        assert_eq!(d.kind, ProducerKind::Cooperative);
        assert_eq!(d.members.len(), expected.len());
        assert!(d.members.iter().any(|m| m.slug.as_str() == member.slug));
        assert!(d.members.iter().all(|m| m.kind == ProducerKind::Household));
        assert!(d.member_of.is_empty());
        assert_eq!(d.logo_url, app::domain::detail::FALLBACK_LOGO, "no logo in the seed");

        let h = detail::producer_detail(&db, &slug(&member.slug), Lang::Vi).await.unwrap().unwrap();
        assert!(h.members.is_empty());
        assert!(h.member_of.iter().any(|c| c.slug.as_str() == coop.slug), "{:?}", h.member_of);

        // An unverified member is not listed.
        producer::Entity::update_many()
            .col_expr(producer::Column::Verification, Expr::value("rejected"))
            .filter(producer::Column::Id.eq(member.id))
            .exec(&db)
            .await
            .unwrap();
        let d = detail::producer_detail(&db, &slug(&coop.slug), Lang::Vi).await.unwrap().unwrap();
        assert_eq!(d.members.len(), expected.len() - 1);
    }
});

on_both_databases!(storefront_counts_valid_certificates_by_stars, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let p = product(&db, 1).await;
        let maker = producer::Entity::find_by_id(p.producer_id).one(&db).await.unwrap().unwrap();
        let total =
            |d: &app::domain::detail::ProducerDetail| d.certificates.iter().map(|c| c.count).sum::<u64>();
        // Make every certificate of this producer valid today, then expire one.
        let ids: Vec<i32> = product::Entity::find()
            .filter(product::Column::ProducerId.eq(maker.id))
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect();
        let far = NaiveDate::from_ymd_opt(2999, 1, 1).unwrap();
        ocop_certificate::Entity::update_many()
            .col_expr(ocop_certificate::Column::ExpiresOn, Expr::value(far))
            .filter(ocop_certificate::Column::ProductId.is_in(ids.clone()))
            .exec(&db)
            .await
            .unwrap();
        let d = detail::producer_detail(&db, &slug(&maker.slug), Lang::Vi).await.unwrap().unwrap();
        assert_eq!(d.product_count, ids.len() as u64);
        assert_eq!(total(&d), ids.len() as u64, "{:?}", d.certificates);
        assert!(d.certificates.windows(2).all(|w| w[0].stars > w[1].stars), "highest stars first");

        let long_ago = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap();
        ocop_certificate::Entity::update_many()
            .col_expr(ocop_certificate::Column::ExpiresOn, Expr::value(long_ago))
            .filter(ocop_certificate::Column::ProductId.eq(p.id))
            .exec(&db)
            .await
            .unwrap();
        let d = detail::producer_detail(&db, &slug(&maker.slug), Lang::Vi).await.unwrap().unwrap();
        assert_eq!(total(&d), ids.len() as u64 - 1, "an expired certificate does not count");
    }
});

/// Every URL of every file the sitemap index lists, in order.
async fn whole_sitemap(db: &sea_orm::DatabaseConnection) -> Vec<app::domain::detail::SitemapEntry> {
    let (products, producers) = detail::sitemap_counts(db).await.unwrap();
    let mut all = Vec::new();
    for file in app::domain::detail::SitemapFile::all(products, producers) {
        all.extend(detail::sitemap_file(db, file).await.unwrap());
    }
    all
}

on_both_databases!(sitemap_lists_every_public_page_once, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let entries = whole_sitemap(&db).await;
        let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
        for fixed in ["/", "/products", "/villages", "/fairs"] {
            assert!(paths.contains(&fixed), "{fixed}");
        }
        let count = |prefix: &str| paths.iter().filter(|p| p.starts_with(prefix)).count();
        assert_eq!(count("/products/"), 1054);
        assert_eq!(count("/villages/"), 313);
        assert_eq!(count("/producers/"), 255);
        let unique: std::collections::HashSet<&&str> = paths.iter().collect();
        assert_eq!(unique.len(), paths.len(), "no duplicates");
        assert!(entries
            .iter()
            .filter(|e| e.path.starts_with("/products/"))
            .all(|e| e.last_modified.is_some()));

        let p = product(&db, 5).await;
        set_product_status(&db, 5, "draft").await;
        let entries = whole_sitemap(&db).await;
        let draft = format!("/products/{}", p.slug);
        assert!(!entries.iter().any(|e| e.path == draft), "drafts are not listed");
        assert_eq!(entries.iter().filter(|e| e.path.starts_with("/products/")).count(), 1053);

        // Past one file's worth, the products are split over numbered files that together
        // list each exactly once, each within the protocol's limit.
        seed::seed_scale(&db, 10_000).await.unwrap();
        let (products, _) = detail::sitemap_counts(&db).await.unwrap();
        assert_eq!(products, 11_053);
        use app::domain::detail::{SitemapFile, SITEMAP_FILE_URLS};
        let first = detail::sitemap_file(&db, SitemapFile::Products(1)).await.unwrap();
        let second = detail::sitemap_file(&db, SitemapFile::Products(2)).await.unwrap();
        assert_eq!(first.len() as u64, SITEMAP_FILE_URLS);
        assert_eq!(second.len(), 1_053);
        assert!(detail::sitemap_file(&db, SitemapFile::Products(3)).await.unwrap().is_empty());
        let entries = whole_sitemap(&db).await;
        let unique: std::collections::HashSet<&str> = entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(unique.len(), entries.len(), "no URL in two files");
        assert_eq!(entries.iter().filter(|e| e.path.starts_with("/products/")).count(), 11_053);
    }
});
