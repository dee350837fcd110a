//! The catalog on real databases (SQLite FTS5 and PostgreSQL tsvector): search, every facet,
//! sorting and pagination, and hostile input.

mod support;

use app::backend::{catalog::list_products, entities::*, listing, seed};
use app::domain::catalog::{CatalogQuery, PriceBand, ProductPage, Sort, PAGE_SIZE};
use app::domain::{OcopStars, ProducerKind, Slug};
use app::i18n::Lang;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait};
use support::TestDb;

async fn search(db: &DatabaseConnection, q: &str) -> ProductPage {
    list_products(db, &CatalogQuery { q: q.into(), page: 1, ..Default::default() }, Lang::Vi)
        .await
        .unwrap_or_else(|e| panic!("{q:?}: {e}"))
}

async fn run(db: &DatabaseConnection, query: CatalogQuery) -> ProductPage {
    list_products(db, &CatalogQuery { page: query.page.max(1), ..query }, Lang::Vi).await.expect("catalog")
}

fn slug(s: &str) -> Option<Slug> {
    Some(Slug::parse(s).unwrap())
}

/// Queries and what each must find.
const FINDS: &[(&str, &str)] = &[
    ("gom bat trang", "Bát Tràng"),
    ("GỐM BÁT TRÀNG", "Bát Tràng"),
    ("gốm bát tràng", "Bát Tràng"),
    ("lua van", "Vạn Phúc"),
    ("lụa vạn phúc", "Vạn Phúc"),
    ("non chuong", "Chuông"),
    ("huong quang phu cau", "Quảng Phú Cầu"),
    ("kham trai chuyen my", "Chuyên Mỹ"),
];

on_both_databases!(search_is_accent_and_case_insensitive_with_prefixes, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        for (q, village) in FINDS {
            let page = search(&db, q).await;
            assert!(page.total > 0, "{q:?} finds something");
            assert!(
                page.items.iter().any(|p| p.village_name.as_deref() == Some(*village)),
                "{q:?} finds products of {village}: {:?}",
                page.items.iter().map(|p| &p.name).collect::<Vec<_>>()
            );
        }
        let a = search(&db, "gom bat trang").await;
        let b = search(&db, "GỐM BÁT TRÀNG").await;
        let c = search(&db, "gốm bát tràng").await;
        assert_eq!(a.total, b.total);
        assert_eq!(a.total, c.total);
        // đ and Đ fold to d.
        assert_eq!(search(&db, "Đồ").await.total, search(&db, "do").await.total);
        // An English word from the English names and descriptions.
        assert!(search(&db, "silk").await.total > 0);
        // A word that is in no product.
        assert_eq!(search(&db, "xylophonezzz").await.total, 0);
    }
});

on_both_databases!(accented_input_ranks_exact_accents_first, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        // "lụa" (silk) and "lúa" (rice) fold to the same "lua".
        let silk = search(&db, "lụa").await;
        let plain = search(&db, "lua").await;
        assert_eq!(silk.total, plain.total, "accents do not filter, they rank");
        let first = &silk.items[0];
        let row = product::Entity::find()
            .all(&db).await.unwrap().into_iter().find(|p| p.slug == first.slug.as_str()).unwrap();
        assert!(row.search_accented.contains("lụa"), "first result has the accented word: {}", first.name);
    }
});

on_both_databases!(hostile_queries_never_error, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let ten_kb = "gốm \"' OR 1=1 -- ".repeat(600);
        for q in [
            "\"", "'", "\"gom", "gom\"", "*", "gom*", "**", "NEAR", "NEAR(gom bat)", "gom NEAR/2 bat", "(", ")", "((gom",
            "gom OR bat", "AND", "NOT gom", "-gom", "^gom", "gom:*", "!", "&", "|", "<->", "\\", "%", "_", "' OR 1=1 --",
            "; DROP TABLE products; --", "\0", "🙂", "漢字", ten_kb.as_str(), "   ", "\t\n",
        ] {
            let page = search(&db, q).await;
            assert!(page.total <= 1054, "{q:?}");
        }
        // Words inside the noise still count.
        assert!(search(&db, "((gom\" *bat trang)").await.total > 0);
    }
});

on_both_databases!(every_facet_filters_and_counts, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let all = run(&db, CatalogQuery::default()).await;
        assert_eq!(all.total, 1054);
        let f = &all.facets;
        let count = |choices: &[app::domain::catalog::FacetChoice], v: &str| {
            choices.iter().find(|c| c.value == v).map(|c| c.count).unwrap_or(0)
        };
        assert_eq!(count(&f.stars, "5"), 17);
        assert_eq!(count(&f.stars, "4"), 731);
        assert_eq!(count(&f.stars, "3"), 306);
        let kinds: u64 = f.kinds.iter().map(|k| k.count).sum();
        assert_eq!(kinds, 1054);
        let tops: u64 = f.categories.iter().filter(|c| c.parent.is_none()).map(|c| c.count).sum();
        assert_eq!(tops, 1054);
        let districts: u64 = f.districts.iter().map(|d| d.count).sum();
        assert_eq!(districts, 1054);
        let prices: u64 = f.prices.iter().map(|p| p.count).sum();
        assert_eq!(prices, 1054);

        // Each facet's count is what choosing it gives.
        let four = run(&db, CatalogQuery { stars: Some(OcopStars::new(4).unwrap()), ..Default::default() }).await;
        assert_eq!(four.total, 731);
        assert!(four.items.iter().all(|p| p.stars.map(|s| s.get()) == Some(4)));
        // The stars facet ignores its own filter, so it still offers 3 and 5.
        assert_eq!(count(&four.facets.stars, "3"), 306);

        let gia_lam_count = count(&f.districts, "gia-lam");
        assert!(gia_lam_count > 0);
        let gia_lam = run(&db, CatalogQuery { district: slug("gia-lam"), ..Default::default() }).await;
        assert_eq!(gia_lam.total, gia_lam_count);
        let both = run(&db, CatalogQuery {
            district: slug("gia-lam"), stars: Some(OcopStars::new(4).unwrap()), ..Default::default()
        }).await;
        assert_eq!(both.total, count(&gia_lam.facets.stars, "4"));
        assert!(both.total < gia_lam.total, "narrowing by stars makes the count fall");

        let village = run(&db, CatalogQuery { village: slug("bat-trang"), ..Default::default() }).await;
        assert!(village.total > 0);
        assert!(village.items.iter().all(|p| p.village_name.as_deref() == Some("Bát Tràng")));

        let coop = run(&db, CatalogQuery { kind: Some(ProducerKind::Cooperative), ..Default::default() }).await;
        assert_eq!(coop.total, count(&f.kinds, "cooperative"));

        let ceramics = run(&db, CatalogQuery { category: slug("gom-su"), ..Default::default() }).await;
        assert_eq!(ceramics.total, count(&f.categories, "gom-su"));
        let crafts = run(&db, CatalogQuery { category: slug("thu-cong"), ..Default::default() }).await;
        assert_eq!(crafts.total, count(&f.categories, "thu-cong"));
        assert!(crafts.total >= ceramics.total);

        let band = PriceBand::parse("100000-300000").unwrap();
        let priced = run(&db, CatalogQuery { price: Some(band), ..Default::default() }).await;
        assert_eq!(priced.total, count(&f.prices, "100000-300000"));
        assert!(priced.items.iter().all(|p| (100_000..300_000).contains(&p.price.amount())));

        let stocked = run(&db, CatalogQuery { in_stock: true, ..Default::default() }).await;
        assert_eq!(stocked.total, f.in_stock);
        assert!(stocked.total < 1054 && stocked.items.iter().all(|p| p.in_stock));

        let producer = producer::Entity::find_by_id(1).one(&db).await.unwrap().unwrap();
        let own = run(&db, CatalogQuery { producer: slug(&producer.slug), ..Default::default() }).await;
        assert!(own.total >= 1);
        assert!(own.items.iter().all(|p| p.producer_name == producer.name));

        // Unknown slugs match nothing (and say so) instead of being ignored.
        let none = run(&db, CatalogQuery { district: slug("khong-co"), ..Default::default() }).await;
        assert_eq!(none.total, 0);
        assert!(none.items.is_empty());
    }
});

on_both_databases!(sorting_and_pagination, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let up = run(&db, CatalogQuery { sort: Sort::PriceAsc, ..Default::default() }).await;
        assert!(up.items.windows(2).all(|w| w[0].price <= w[1].price));
        let down = run(&db, CatalogQuery { sort: Sort::PriceDesc, ..Default::default() }).await;
        assert!(down.items.windows(2).all(|w| w[0].price >= w[1].price));
        assert!(down.items[0].price > up.items[0].price);
        let stars = run(&db, CatalogQuery { sort: Sort::Stars, ..Default::default() }).await;
        assert!(stars.items.iter().take(17).all(|p| p.stars.map(|s| s.get()) == Some(5)));

        let pages = 1054_u64.div_ceil(u64::from(PAGE_SIZE));
        let last = run(&db, CatalogQuery { page: pages as u32, ..Default::default() }).await;
        assert_eq!(last.items.len() as u64, 1054 - (pages - 1) * u64::from(PAGE_SIZE));
        let beyond = run(&db, CatalogQuery { page: pages as u32 + 1, ..Default::default() }).await;
        assert!(beyond.items.is_empty());
        assert_eq!(beyond.total, 1054);
        // Pages do not overlap.
        let p1 = run(&db, CatalogQuery { sort: Sort::Newest, page: 1, ..Default::default() }).await;
        let p2 = run(&db, CatalogQuery { sort: Sort::Newest, page: 2, ..Default::default() }).await;
        assert!(p1.items.iter().all(|a| p2.items.iter().all(|b| a.slug != b.slug)));
    }
});

on_both_databases!(search_index_follows_writes, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        assert_eq!(search(&db, "quetzalcoatl").await.total, 0);
        let p = product::Entity::find_by_id(5).one(&db).await.unwrap().unwrap();
        let mut row: product::ActiveModel = p.into();
        row.name_vi = Set("Tượng Quetzalcoatl gốm".into());
        row.update(&db).await.unwrap();
        listing::refresh(&db, &[5]).await.unwrap();
        assert_eq!(search(&db, "quetzalcoatl").await.total, 1);
        product::Entity::delete_by_id(5).exec(&db).await.unwrap();
        assert_eq!(search(&db, "quetzalcoatl").await.total, 0);
        // An expired certificate no longer counts as a rating.
        let q = CatalogQuery { stars: Some(OcopStars::new(4).unwrap()), ..Default::default() };
        let before = run(&db, q.clone()).await.total;
        let some_four = product::Entity::find().all(&db).await.unwrap().into_iter().find(|p| p.ocop_stars == Some(4)).unwrap();
        let mut row: product::ActiveModel = some_four.into();
        row.ocop_expires_on = Set(Some(chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()));
        row.update(&db).await.unwrap();
        assert_eq!(run(&db, q).await.total, before - 1);
    }
});

on_both_databases!(suggestions_cover_products_villages_and_producers, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let s = app::backend::catalog::suggest(&db, "bat tr", Lang::Vi).await.unwrap();
        assert!(!s.products.is_empty() && s.products.len() <= 5);
        assert_eq!(s.villages.first().map(|v| v.1.as_str()), Some("Bát Tràng"));
        assert!(s.producers.iter().any(|p| p.1.contains("Bát Tràng")));
        assert!(app::backend::catalog::suggest(&db, "\"*(", Lang::Vi).await.unwrap().is_empty());
        assert!(app::backend::catalog::suggest(&db, "zzzzqqq", Lang::Vi).await.unwrap().is_empty());
    }
});

on_both_databases!(catalog_pages_are_cached_until_a_product_changes, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        use app::backend::{catalog_cache::CatalogCache, entities::product, listing};
        use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
        app::backend::seed::seed_demo(&db).await.unwrap();
        let cache = CatalogCache::default();
        let q = CatalogQuery { sort: Sort::Newest, page: 1, ..Default::default() };
        let first = cache.list_products(&db, &q, Lang::Vi).await.unwrap();
        let top = first.items[0].clone();
        assert_eq!(cache.len(), 1);

        // A change that leaves the version alone is not seen: the page comes from the cache.
        let row = product::Entity::find_by_id(top.id).one(&db).await.unwrap().unwrap();
        let mut quiet = row.clone().into_active_model();
        quiet.name_vi = Set("Tên đổi lặng lẽ".into());
        quiet.update(&db).await.unwrap();
        assert_eq!(cache.list_products(&db, &q, Lang::Vi).await.unwrap().items[0].name, top.name, "served from the cache");

        // A listing write moves the version: the next page is computed afresh.
        listing::refresh(&db, &[top.id]).await.unwrap();
        assert_eq!(cache.list_products(&db, &q, Lang::Vi).await.unwrap().items[0].name, "Tên đổi lặng lẽ");
        // Unpublishing (which sets updated_at) drops the product from the cached listing too.
        let mut hidden = product::Entity::find_by_id(top.id).one(&db).await.unwrap().unwrap().into_active_model();
        hidden.status = Set(app::domain::ProductStatus::Draft);
        hidden.updated_at = Set(chrono::Utc::now());
        hidden.update(&db).await.unwrap();
        let after = cache.list_products(&db, &q, Lang::Vi).await.unwrap();
        assert!(after.items.iter().all(|c| c.id != top.id));
        assert_eq!(after.total, first.total - 1);
    }
});

on_both_databases!(cached_listings_count_facets_from_the_whole_catalog_exactly_as_a_fresh_scan, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        use app::backend::{catalog_cache::CatalogCache, entities::product, listing};
        use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
        seed::seed_demo(&db).await.unwrap();
        let band = |code: &str| Some(PriceBand::parse(code).unwrap());
        let stars = |n| Some(OcopStars::new(n).unwrap());
        let queries = vec![
            CatalogQuery::default(),
            CatalogQuery { village: slug("bat-trang"), ..Default::default() },
            CatalogQuery { village: slug("no-such-village"), ..Default::default() },
            CatalogQuery { district: slug("gia-lam"), stars: stars(4), in_stock: true, ..Default::default() },
            CatalogQuery { category: slug("gom-su"), price: band("100000-300000"), ..Default::default() },
            CatalogQuery { category: slug("thu-cong"), price: band("1000000-"), kind: Some(ProducerKind::Cooperative), ..Default::default() },
            CatalogQuery { village: slug("bat-trang"), price: band("0-100000"), stars: stars(3), page: 2, ..Default::default() },
            // Few matches, so SQLite is told to find them first and sort them: the same order.
            CatalogQuery { village: slug("bat-trang"), sort: Sort::Newest, ..Default::default() },
            CatalogQuery { village: slug("bat-trang"), sort: Sort::PriceAsc, ..Default::default() },
            CatalogQuery { village: slug("van-phuc"), sort: Sort::PriceDesc, page: 2, ..Default::default() },
            CatalogQuery { district: slug("gia-lam"), stars: stars(5), sort: Sort::Stars, ..Default::default() },
            // Not a standard band, a storefront and a search: these scan for themselves.
            CatalogQuery { price: band("150000-250000"), district: slug("gia-lam"), ..Default::default() },
            CatalogQuery { producer: slug("cong-ty-tnhh-gom-su-hung-thinh-bat-trang"), ..Default::default() },
            CatalogQuery { q: "gom".into(), stars: stars(4), ..Default::default() },
        ];
        let cache = CatalogCache::default();
        for q in &queries {
            assert_eq!(cache.list_products(&db, q, Lang::Vi).await.unwrap(), run(&db, q.clone()).await, "{q:?}");
        }

        // A product moved to another price band and out of stock: the groups are scanned again.
        let first = run(&db, CatalogQuery::default()).await.items[0].clone();
        let mut row = product::Entity::find_by_id(first.id).one(&db).await.unwrap().unwrap().into_active_model();
        row.price_vnd = Set(5_000_000);
        row.stock = Set(0);
        row.update(&db).await.unwrap();
        listing::refresh(&db, &[first.id]).await.unwrap();
        for q in &queries {
            let fresh = run(&db, q.clone()).await;
            assert_eq!(cache.list_products(&db, q, Lang::Vi).await.unwrap(), fresh, "after the change: {q:?}");
        }
        let expensive = CatalogQuery { price: band("1000000-"), in_stock: true, ..Default::default() };
        let page = cache.list_products(&db, &expensive, Lang::Vi).await.unwrap();
        assert!(page.items.iter().all(|c| c.id != first.id), "out of stock now");
        let unfiltered = cache.list_products(&db, &CatalogQuery { page: 1, ..Default::default() }, Lang::Vi).await.unwrap();
        assert_eq!(unfiltered.facets.in_stock, run(&db, CatalogQuery::default()).await.facets.in_stock);
    }
});

on_both_databases!(with_several_filters_each_facet_counts_what_switching_to_it_gives, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let base = CatalogQuery {
            stars: Some(OcopStars::new(4).unwrap()),
            district: Some(Slug::parse("gia-lam").unwrap()),
            in_stock: true,
            page: 1,
            ..Default::default()
        };
        let page = run(&db, base.clone()).await;
        assert!(page.total > 0);
        // Each choice of each facet, checked against the listing it links to.
        for choice in &page.facets.districts {
            let switched = run(&db, CatalogQuery { district: Some(Slug::parse(&choice.value).unwrap()), ..base.clone() }).await;
            assert_eq!(switched.total, choice.count, "district {}", choice.value);
        }
        for choice in &page.facets.stars {
            let stars = OcopStars::new(choice.value.parse().unwrap()).unwrap();
            let switched = run(&db, CatalogQuery { stars: Some(stars), ..base.clone() }).await;
            assert_eq!(switched.total, choice.count, "stars {}", choice.value);
        }
        for choice in &page.facets.kinds {
            let switched = run(&db, CatalogQuery { kind: ProducerKind::parse(&choice.value), ..base.clone() }).await;
            assert_eq!(switched.total, choice.count, "kind {}", choice.value);
        }
        for choice in page.facets.categories.iter().take(6) {
            let switched = run(&db, CatalogQuery { category: Some(Slug::parse(&choice.value).unwrap()), ..base.clone() }).await;
            assert_eq!(switched.total, choice.count, "category {}", choice.value);
        }
        let without_stock_filter = run(&db, CatalogQuery { in_stock: false, ..base.clone() }).await;
        assert_eq!(without_stock_filter.facets.in_stock, page.total, "the in-stock count is what ticking it gives");
        assert_eq!(page.total, page.facets.in_stock);
    }
});
