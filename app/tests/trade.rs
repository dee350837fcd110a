//! Trade connection and the office console, on SQLite and PostgreSQL: buyer verification,
//! wholesale terms, direct requests and broadcasts, quotes and their expiry, threads, who
//! sees which request (a cooperative answering for its member), matchmaking, meetings at
//! fairs, certificate expiry and corrections, moderation, statistics and CSV exports.

mod support;

use app::backend::entities::*;
use app::backend::office::{self, Correction};
use app::backend::trade::{self, Viewer};
use app::backend::{detail, export, meetings, seed, stats, storefront};
use app::domain::storefront::ModerationTarget;
use app::domain::trade::{AudienceForm, BusinessForm, MeetingForm, QuoteForm, RequestForm, Side};
use app::domain::{OcopStars, ProducerKind, ProductStatus, Role, Slug, TradeStatus, VerificationStatus};
use app::error::{AppError, Problem};
use app::i18n::Lang;
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};
use support::{session, user_id, TestDb};

const BAT_TRANG: &str = "cong-ty-tnhh-gom-su-hung-thinh-bat-trang";
const VAN_PHUC: &str = "hop-tac-xa-lua-van-phuc";

fn today() -> NaiveDate {
    app::domain::time::today_in_vietnam()
}


async fn new_user(db: &DatabaseConnection, email: &str) -> i32 {
    app::backend::accounts::register(db, email, "gốm men lam 1958", "Người Mua Thử").await.unwrap()
}


async fn producer_viewer(db: &DatabaseConnection, user: i32, producer: i32) -> Viewer {
    Viewer::of(db, &session(user, vec![Role::ProducerMember], Some(producer))).await.unwrap()
}

fn business(name: &str) -> BusinessForm {
    BusinessForm {
        name: name.into(),
        kind: "supermarket".into(),
        tax_code: "0101234567".into(),
        address: "12 Phố Huế".into(),
        district: "hai-ba-trung".into(),
        contact_person: "Trần Văn Bình".into(),
        phone: "0912 345 678".into(),
    }
}

fn request(producer: &str, products: Vec<i32>) -> app::domain::trade::RequestInput {
    RequestForm {
        producer: producer.into(),
        products: products.into_iter().map(|p| p.to_string()).collect(),
        quantity: "500".into(),
        unit: "piece".into(),
        target_price: "90.000".into(),
        wanted_by: (today() + Duration::days(60)).format("%Y-%m-%d").to_string(),
        delivery_place: "Kho Long Biên".into(),
        message: "Cần hàng cho mùa Tết.".into(),
    }
    .validate(today())
    .unwrap()
}

fn quote(days_valid: i64) -> app::domain::trade::QuoteInput {
    QuoteForm {
        price: "95.000".into(),
        quantity: "500".into(),
        lead_time_days: "14".into(),
        valid_until: (today() + Duration::days(days_valid)).format("%Y-%m-%d").to_string(),
    }
    .validate(today())
    .unwrap()
}

async fn producer_id(db: &DatabaseConnection, slug: &str) -> i32 {
    producer::Entity::find().filter(producer::Column::Slug.eq(slug)).one(db).await.unwrap().unwrap().id
}

async fn public_products_of(db: &DatabaseConnection, producer: i32) -> Vec<product::Model> {
    product::Entity::find()
        .filter(product::Column::ProducerId.eq(producer))
        .filter(product::Column::Status.eq(ProductStatus::Published))
        .order_by_asc(product::Column::Id)
        .all(db)
        .await
        .unwrap()
}

on_both_databases!(buyers_are_verified_by_the_office_before_they_trade, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        // The demo buyer is verified; a new one registers and waits.
        let demo = user_id(&db, "sieuthi@cholang.test").await;
        assert!(trade::is_verified_buyer(&db, &session(demo, vec![Role::Buyer], None)).await.unwrap());
        let newcomer = new_user(&db, "mua.si@test.vn").await;
        let bad = BusinessForm { tax_code: "12345".into(), phone: "123".into(), kind: "bakery".into(), ..business("Chuỗi Thử") };
        let err = bad.validate().unwrap_err();
        for field in ["tax_code", "phone", "kind"] {
            assert!(err.field_problem(field).is_some(), "{field}");
        }
        trade::register_business(&db, newcomer, business("Chuỗi Cửa Hàng Thử").validate().unwrap()).await.unwrap();
        let user = app::backend::accounts::session_user(&db, newcomer).await.unwrap().unwrap();
        assert!(user.has(Role::Buyer), "registering a business makes the user a buyer");
        assert!(!trade::is_verified_buyer(&db, &user).await.unwrap(), "pending is not verified");
        assert_eq!(trade::require_verified_buyer(&db, &user).await, Err(AppError::Forbidden));

        let queue = trade::pending_buyers(&db, Lang::Vi).await.unwrap();
        let mine = queue.iter().find(|b| b.email == "mua.si@test.vn").expect("in the office's queue");
        assert_eq!(mine.tax_code, "0101234567");
        assert_eq!(mine.phone, "0912345678");
        assert_eq!(trade::review_buyer(&db, mine.id, false, " ").await, Err(AppError::invalid("note", Problem::Required)));
        trade::review_buyer(&db, mine.id, false, "Mã số thuế không khớp").await.unwrap();
        assert_eq!(trade::review_buyer(&db, mine.id, true, "").await, Err(AppError::Conflict), "only a pending business is reviewed");
        let rejected = trade::my_business(&db, newcomer, Lang::Vi).await.unwrap().unwrap();
        assert_eq!((rejected.verification, rejected.review_note.as_deref()), (VerificationStatus::Rejected, Some("Mã số thuế không khớp")));

        // Corrected, it waits again; approved, it trades; then only the office changes it.
        trade::register_business(&db, newcomer, business("Chuỗi Cửa Hàng Thử").validate().unwrap()).await.unwrap();
        trade::review_buyer(&db, mine.id, true, "").await.unwrap();
        assert!(trade::is_verified_buyer(&db, &user).await.unwrap());
        assert_eq!(trade::register_business(&db, newcomer, business("Đổi tên").validate().unwrap()).await, Err(AppError::Conflict));
        assert_eq!(trade::review_buyer(&db, 999_999, true, "").await, Err(AppError::NotFound));

        // Wholesale terms: a public product's, never a draft's.
        let bat_trang = producer_id(&db, BAT_TRANG).await;
        let with_terms = product::Entity::find()
            .filter(product::Column::ProducerId.eq(bat_trang))
            .filter(product::Column::WholesalePriceVnd.is_not_null())
            .one(&db)
            .await
            .unwrap()
            .expect("a Bát Tràng product with a wholesale price");
        let terms = trade::wholesale_for_product(&db, with_terms.id, Lang::Vi).await.unwrap().unwrap();
        assert_eq!(Some(terms.price.amount()), with_terms.wholesale_price_vnd);
        let list = trade::wholesale_for_producer(&db, &Slug::parse(BAT_TRANG).unwrap(), Lang::Vi).await.unwrap();
        assert!(list.iter().any(|w| w.product_id == with_terms.id));
        let mut draft = with_terms.into_active_model();
        draft.status = Set(ProductStatus::Draft);
        let draft = draft.update(&db).await.unwrap();
        assert_eq!(trade::wholesale_for_product(&db, draft.id, Lang::Vi).await, Err(AppError::NotFound));
        assert!(!trade::wholesale_for_producer(&db, &Slug::parse(BAT_TRANG).unwrap(), Lang::Vi).await.unwrap().iter().any(|w| w.product_id == draft.id));
    }
});

on_both_databases!(requests_quotes_and_threads_stay_between_their_two_sides, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let buyer = user_id(&db, "sieuthi@cholang.test").await;
        let bat_trang_user = user_id(&db, "gom.battrang@cholang.test").await;
        let van_phuc_user = user_id(&db, "htx.vanphuc@cholang.test").await;
        let (bat_trang, van_phuc) = (producer_id(&db, BAT_TRANG).await, producer_id(&db, VAN_PHUC).await);
        let ours = public_products_of(&db, bat_trang).await;
        let theirs = public_products_of(&db, van_phuc).await;

        // A request names only the producer's own public products.
        assert_eq!(
            trade::send_request(&db, buyer, request(BAT_TRANG, vec![theirs[0].id]), Utc::now()).await,
            Err(AppError::invalid("products", Problem::Unknown))
        );
        assert_eq!(
            trade::send_request(&db, buyer, request("khong-co-co-so", vec![]), Utc::now()).await,
            Err(AppError::invalid("producer", Problem::Unknown))
        );
        let id = trade::send_request(&db, buyer, request(BAT_TRANG, vec![ours[0].id, ours[1].id]), Utc::now()).await.unwrap();

        let as_buyer = Viewer { user_id: buyer, producers: vec![] };
        let as_maker = producer_viewer(&db, bat_trang_user, bat_trang).await;
        let as_other_maker = producer_viewer(&db, van_phuc_user, van_phuc).await;
        let stranger = Viewer { user_id: new_user(&db, "la@test.vn").await, producers: vec![] };
        let seen = trade::request_detail(&db, &as_buyer, id, Lang::Vi, today()).await.unwrap();
        assert_eq!((seen.viewer, seen.summary.status, seen.summary.products.len()), (Side::Buyer, TradeStatus::Open, 2));
        assert!(seen.buyer_contact.is_none(), "the buyer's own contact is not repeated to it");
        let seen = trade::request_detail(&db, &as_maker, id, Lang::Vi, today()).await.unwrap();
        assert_eq!(seen.viewer, Side::Producer);
        assert!(seen.can_quote && !seen.can_accept);
        assert!(seen.buyer_contact.unwrap().contains("0912345678"), "the producer sees whom to call");
        for outsider in [&as_other_maker, &stranger] {
            assert_eq!(trade::request_detail(&db, outsider, id, Lang::Vi, today()).await.map(|_| ()), Err(AppError::NotFound));
            assert_eq!(trade::post_message(&db, outsider, id, "xin chào".into(), Utc::now()).await, Err(AppError::NotFound));
            assert_eq!(trade::quote(&db, outsider, id, quote(10), Utc::now(), today()).await, Err(AppError::NotFound));
            assert_eq!(trade::decline(&db, outsider, id, Utc::now(), today()).await, Err(AppError::NotFound));
        }
        assert!(trade::producer_requests(&db, &as_other_maker.producers, Lang::Vi, today()).await.unwrap().iter().all(|r| r.id != id));
        assert!(trade::buyer_requests(&db, stranger.user_id, Lang::Vi, today()).await.unwrap().is_empty());

        // The thread, from both sides.
        trade::post_message(&db, &as_buyer, id, "Có in logo được không?".into(), Utc::now()).await.unwrap();
        trade::post_message(&db, &as_maker, id, "Được, thêm 5 ngày.".into(), Utc::now()).await.unwrap();
        let thread = trade::request_detail(&db, &as_buyer, id, Lang::Vi, today()).await.unwrap().messages;
        assert_eq!(thread.iter().map(|m| m.side).collect::<Vec<_>>(), vec![Side::Buyer, Side::Producer]);

        // Nobody accepts before a quote, and each side does only its own part.
        assert_eq!(trade::accept(&db, &as_buyer, id, Utc::now(), today()).await, Err(AppError::Conflict));
        assert_eq!(trade::quote(&db, &as_buyer, id, quote(10), Utc::now(), today()).await, Err(AppError::Forbidden));
        trade::quote(&db, &as_maker, id, quote(10), Utc::now(), today()).await.unwrap();
        assert_eq!(trade::accept(&db, &as_maker, id, Utc::now(), today()).await, Err(AppError::Forbidden));
        let quoted = trade::request_detail(&db, &as_buyer, id, Lang::Vi, today()).await.unwrap();
        assert_eq!(quoted.summary.status, TradeStatus::Quoted);
        assert_eq!(quoted.summary.quoted_price.map(|p| p.amount()), Some(95_000));
        assert!(quoted.can_accept);
        trade::accept(&db, &as_buyer, id, Utc::now(), today()).await.unwrap();
        assert_eq!(trade::accept(&db, &as_buyer, id, Utc::now(), today()).await, Err(AppError::Conflict));
        assert_eq!(trade::quote(&db, &as_maker, id, quote(10), Utc::now(), today()).await, Err(AppError::Conflict));
        assert_eq!(trade::decline(&db, &as_maker, id, Utc::now(), today()).await, Err(AppError::Conflict));
        assert_eq!(trade::request_detail(&db, &as_maker, id, Lang::Vi, today()).await.unwrap().summary.status, TradeStatus::Accepted);

        // A quote past its validity expires the request: it can no longer be accepted.
        let late = trade::send_request(&db, buyer, request(BAT_TRANG, vec![]), Utc::now()).await.unwrap();
        trade::quote(&db, &as_maker, late, quote(3), Utc::now(), today()).await.unwrap();
        let in_five_days = today() + Duration::days(5);
        assert_eq!(trade::request_detail(&db, &as_buyer, late, Lang::Vi, in_five_days).await.unwrap().summary.status, TradeStatus::Expired);
        assert_eq!(trade::accept(&db, &as_buyer, late, Utc::now(), in_five_days).await, Err(AppError::Conflict));
        // The producer may decline an open request; the buyer a quote.
        let declined = trade::send_request(&db, buyer, request(BAT_TRANG, vec![]), Utc::now()).await.unwrap();
        trade::decline(&db, &as_maker, declined, Utc::now(), today()).await.unwrap();
        assert_eq!(trade::request_detail(&db, &as_buyer, declined, Lang::Vi, today()).await.unwrap().summary.status, TradeStatus::Declined);

        // A cooperative answers for its member household.
        let membership = cooperative_member::Entity::find().one(&db).await.unwrap().expect("a demo cooperative with members");
        let member = producer::Entity::find_by_id(membership.member_id).one(&db).await.unwrap().unwrap();
        let coop_user = new_user(&db, "htx@test.vn").await;
        let as_coop = producer_viewer(&db, coop_user, membership.cooperative_id).await;
        let for_member = trade::send_request(&db, buyer, request(&member.slug, vec![]), Utc::now()).await.unwrap();
        assert!(trade::producer_requests(&db, &as_coop.producers, Lang::Vi, today()).await.unwrap().iter().any(|r| r.id == for_member));
        trade::quote(&db, &as_coop, for_member, quote(10), Utc::now(), today()).await.unwrap();
        let answered = trade_quote::Entity::find().filter(trade_quote::Column::RequestId.eq(for_member)).one(&db).await.unwrap().unwrap();
        assert_eq!(answered.producer_id, membership.cooperative_id, "the quote is the cooperative's");
        let member_alone = producer_viewer(&db, new_user(&db, "ho@test.vn").await, member.id).await;
        assert!(trade::request_detail(&db, &member_alone, for_member, Lang::Vi, today()).await.is_ok(), "the member sees its own request too");
        assert_eq!(
            trade::request_detail(&db, &member_alone, id, Lang::Vi, today()).await.map(|_| ()),
            Err(AppError::NotFound),
            "but not the cooperative's other requests"
        );
    }
});

on_both_databases!(broadcasts_reach_every_matching_producer_once, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let buyer = user_id(&db, "sieuthi@cholang.test").await;
        let bat_trang = producer_id(&db, BAT_TRANG).await;
        let audience = AudienceForm { category: "gom-su".into(), district: "gia-lam".into(), stars: "4".into(), producer_kind: String::new() }
            .validate()
            .unwrap();
        let reach = trade::broadcast_reach(&db, &audience, today()).await.unwrap();
        assert!(reach >= 1, "Gia Lâm has 4-star ceramics");
        // The top-level category includes its leaves: handicrafts reach at least as many.
        let wider = AudienceForm { category: "thu-cong".into(), district: "gia-lam".into(), ..Default::default() }.validate().unwrap();
        assert!(trade::broadcast_reach(&db, &wider, today()).await.unwrap() >= reach);
        let unknown = AudienceForm { district: "khong-co".into(), ..Default::default() }.validate().unwrap();
        assert_eq!(trade::broadcast_reach(&db, &unknown, today()).await, Err(AppError::invalid("district", Problem::Unknown)));
        assert!(AudienceForm { stars: "6".into(), ..Default::default() }.validate().is_err());

        let (_, sent) = trade::broadcast(&db, buyer, &audience, request("", vec![]), Utc::now(), today()).await.unwrap();
        assert_eq!(sent, reach, "the preview is what is sent");
        let requests = trade::buyer_requests(&db, buyer, Lang::Vi, today()).await.unwrap();
        assert_eq!(requests.len() as u64, reach);
        assert!(requests.iter().all(|r| r.broadcast && !r.products.is_empty()), "each names the producer's matching products");
        let mut reached: Vec<i32> = trade_request::Entity::find().all(&db).await.unwrap().into_iter().map(|r| r.producer_id).collect();
        reached.sort();
        reached.dedup();
        assert_eq!(reached.len() as u64, reach, "one request per producer");
        assert!(reached.contains(&bat_trang));

        // Each producer sees only its own copy.
        let as_maker = producer_viewer(&db, user_id(&db, "gom.battrang@cholang.test").await, bat_trang).await;
        let mine = trade::producer_requests(&db, &as_maker.producers, Lang::Vi, today()).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].producer.slug.as_str(), BAT_TRANG);

        // Nobody reached: refused, nothing written.
        let none = AudienceForm { category: "gom-su".into(), district: "ba-dinh".into(), ..Default::default() }.validate().unwrap();
        if trade::broadcast_reach(&db, &none, today()).await.unwrap() == 0 {
            let before = trade_request::Entity::find().all(&db).await.unwrap().len();
            assert_eq!(trade::broadcast(&db, buyer, &none, request("", vec![]), Utc::now(), today()).await, Err(AppError::invalid("audience", Problem::Required)));
            assert_eq!(trade_request::Entity::find().all(&db).await.unwrap().len(), before);
        }

        // Matchmaking: other producers like the ones asked, not those already asked.
        let suggested = trade::suggestions(&db, buyer, today()).await.unwrap();
        assert!(suggested.iter().all(|s| s.producer.slug.as_str() != BAT_TRANG), "already asked");
        let fresh = new_user(&db, "moi@test.vn").await;
        assert!(trade::suggestions(&db, fresh, today()).await.unwrap().is_empty(), "nothing asked, nothing suggested");
        let other = new_user(&db, "khac@test.vn").await;
        trade::send_request(&db, other, request(BAT_TRANG, vec![public_products_of(&db, bat_trang).await[0].id]), Utc::now()).await.unwrap();
        let for_other = trade::suggestions(&db, other, today()).await.unwrap();
        assert!(!for_other.is_empty(), "producers of the same craft and district are suggested");
        assert!(for_other.iter().all(|s| s.producer.slug.as_str() != BAT_TRANG));
        assert!(for_other.windows(2).all(|w| w[0].matching_products >= w[1].matching_products));
    }
});

on_both_databases!(meetings_at_fairs_book_an_exhibitor_once_per_slot, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let buyer = user_id(&db, "sieuthi@cholang.test").await;
        let fair = fair::Entity::find().filter(fair::Column::Slug.eq("hoi-cho-ocop-lang-nghe-ha-noi")).one(&db).await.unwrap().unwrap();
        let van_phuc = producer_id(&db, VAN_PHUC).await;
        let now = Utc::now();
        let choices = meetings::choices(&db, buyer, fair.id, Lang::Vi, now).await.unwrap();
        assert!(choices.exhibitors.iter().any(|(id, _)| *id == van_phuc), "the approved exhibitor is offered");
        assert!(!choices.slots.is_empty());
        let slot = choices.slots[0].0.clone();
        let form = |exhibitor: i32, slot: &str| MeetingForm { exhibitor: exhibitor.to_string(), slot: slot.into(), message: "Bàn về lụa cho chuỗi".into() }.validate().unwrap();

        let id = meetings::request(&db, buyer, fair.id, form(van_phuc, &slot), now).await.unwrap();
        assert_eq!(meetings::request(&db, buyer, fair.id, form(van_phuc, &slot), now).await, Err(AppError::Conflict), "asked once per slot");
        let not_exhibiting = producer_id(&db, BAT_TRANG).await;
        assert_eq!(meetings::request(&db, buyer, fair.id, form(not_exhibiting, &slot), now).await, Err(AppError::invalid("exhibitor", Problem::Unknown)));
        let off_grid = app::domain::fairs::to_local_input(fair.starts_at + Duration::minutes(7));
        assert_eq!(meetings::request(&db, buyer, fair.id, form(van_phuc, &off_grid), now).await, Err(AppError::invalid("slot", Problem::OutOfRange)));

        // A second buyer asks for the same slot; only one can be accepted.
        let second = new_user(&db, "mua2@test.vn").await;
        let other = meetings::request(&db, second, fair.id, form(van_phuc, &slot), now).await.unwrap();
        let silk = producer_viewer(&db, user_id(&db, "htx.vanphuc@cholang.test").await, van_phuc).await;
        let ceramics = producer_viewer(&db, user_id(&db, "gom.battrang@cholang.test").await, not_exhibiting).await;
        assert_eq!(meetings::answer(&db, &ceramics.producers, id, true, "").await, Err(AppError::NotFound), "another producer cannot answer");
        meetings::answer(&db, &silk.producers, id, true, "Hẹn tại gian B-05").await.unwrap();
        assert_eq!(meetings::answer(&db, &silk.producers, other, true, "").await, Err(AppError::Conflict), "the slot is taken");
        meetings::answer(&db, &silk.producers, other, false, "Xin hẹn giờ khác").await.unwrap();
        assert_eq!(meetings::answer(&db, &silk.producers, id, false, "").await, Err(AppError::Conflict), "answered once");
        let mine = meetings::for_buyer(&db, buyer, Lang::Vi).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!((mine[0].status, mine[0].reply.as_deref()), (app::domain::MeetingStatus::Accepted, Some("Hẹn tại gian B-05")));
        assert_eq!(meetings::for_producers(&db, &silk.producers, Lang::Vi).await.unwrap().len(), 2);
        assert!(meetings::for_producers(&db, &ceramics.producers, Lang::Vi).await.unwrap().is_empty());

        // The past fair takes no meetings.
        let past = fair::Entity::find().filter(fair::Column::Slug.eq("tuan-le-gom-su-bat-trang")).one(&db).await.unwrap().unwrap();
        let past_slot = app::domain::fairs::to_local_input(past.starts_at);
        assert!(meetings::request(&db, buyer, past.id, form(van_phuc, &past_slot), now).await.is_err());
    }
});

on_both_databases!(the_office_corrects_certificates_and_takes_things_down, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let today = today();
        // Two current certificates: one expiring in 30 days, one expired yesterday.
        let certs = ocop_certificate::Entity::find().order_by_asc(ocop_certificate::Column::Id).all(&db).await.unwrap();
        let current = app::backend::listing::current_certificates(&db, certs.iter().map(|c| c.product_id).collect()).await.unwrap();
        let mut picks = current.values().cloned().collect::<Vec<_>>();
        picks.sort_by_key(|c| c.id);
        let (soon, gone) = (picks[0].clone(), picks[1].clone());
        for (c, days) in [(&soon, 30), (&gone, -1)] {
            let mut row = c.clone().into_active_model();
            row.expires_on = Set(today + Duration::days(days));
            row.update(&db).await.unwrap();
            app::backend::listing::refresh(&db, &[c.product_id]).await.unwrap();
        }
        let lists = office::expiring_certificates(&db, today, Lang::Vi).await.unwrap();
        assert!(lists.expiring.iter().any(|c| c.id == soon.id));
        assert!(lists.expired.iter().any(|c| c.id == gone.id));
        assert!(!lists.expiring.iter().any(|c| c.id == gone.id));
        // The expired one shows no badge.
        let gone_product = product::Entity::find_by_id(gone.product_id).one(&db).await.unwrap().unwrap();
        let page = detail::product_detail(&db, &Slug::parse(&gone_product.slug).unwrap(), Lang::Vi).await.unwrap().unwrap();
        assert!(page.certificate.is_none() || page.certificate_expired, "an expired rating is not a badge");

        // The office extends the expiry (and the listing follows); then corrects the stars.
        office::correct_certificate(&db, gone.id, Correction { stars: None, expires_on: Some(today + Duration::days(365)) }).await.unwrap();
        let refreshed = product::Entity::find_by_id(gone.product_id).one(&db).await.unwrap().unwrap();
        assert_eq!(refreshed.ocop_expires_on, Some(today + Duration::days(365)));
        let lists = office::expiring_certificates(&db, today, Lang::Vi).await.unwrap();
        assert!(!lists.expired.iter().any(|c| c.id == gone.id));
        let three = OcopStars::new(3).unwrap();
        office::correct_certificate(&db, gone.id, Correction { stars: Some(three), expires_on: None }).await.unwrap();
        assert_eq!(product::Entity::find_by_id(gone.product_id).one(&db).await.unwrap().unwrap().ocop_stars, Some(3));

        // Moderation: a product taken down is not public and its producer cannot republish it.
        let bat_trang = producer_id(&db, BAT_TRANG).await;
        let target = public_products_of(&db, bat_trang).await.remove(0);
        let slug = Slug::parse(&target.slug).unwrap();
        assert_eq!(office::moderate(&db, &ModerationTarget::Product(slug.clone()), "").await, Err(AppError::invalid("reason", Problem::Required)));
        office::moderate(&db, &ModerationTarget::Product(slug.clone()), "Ảnh không đúng sản phẩm").await.unwrap();
        assert!(detail::product_detail(&db, &slug, Lang::Vi).await.unwrap().is_none());
        assert_eq!(storefront::set_status(&db, bat_trang, target.id, ProductStatus::Published).await, Err(AppError::Forbidden));
        let listed = storefront::my_products(&db, bat_trang, "", None, Lang::Vi).await.unwrap();
        assert_eq!(listed.iter().find(|p| p.id == target.id).unwrap().moderation_note.as_deref(), Some("Ảnh không đúng sản phẩm"));
        assert!(office::moderated(&db).await.unwrap().iter().any(|m| m.target == ModerationTarget::Product(slug.clone())));
        office::lift_moderation(&db, &ModerationTarget::Product(slug.clone())).await.unwrap();
        storefront::set_status(&db, bat_trang, target.id, ProductStatus::Published).await.unwrap();
        assert!(detail::product_detail(&db, &slug, Lang::Vi).await.unwrap().is_some());

        // A storefront taken down hides the producer and all its products.
        let store = Slug::parse(BAT_TRANG).unwrap();
        office::moderate(&db, &ModerationTarget::Producer(store.clone()), "Vi phạm quy chế").await.unwrap();
        assert!(detail::producer_detail(&db, &store, Lang::Vi).await.unwrap().is_none());
        assert!(detail::product_detail(&db, &slug, Lang::Vi).await.unwrap().is_none());
        let p = producer::Entity::find_by_id(bat_trang).one(&db).await.unwrap().unwrap();
        assert_eq!((p.verification, p.review_note.as_deref()), (VerificationStatus::Suspended, Some("Vi phạm quy chế")));
        assert_eq!(office::moderate(&db, &ModerationTarget::Producer(store.clone()), "lần hai").await, Err(AppError::Conflict));
        office::lift_moderation(&db, &ModerationTarget::Producer(store.clone())).await.unwrap();
        assert!(detail::producer_detail(&db, &store, Lang::Vi).await.unwrap().is_some());
        assert_eq!(office::lift_moderation(&db, &ModerationTarget::Producer(store)).await, Err(AppError::Conflict));
    }
});

on_both_databases!(statistics_and_exports_come_from_the_live_data, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let s = stats::office_stats(&db, Lang::Vi, Utc::now()).await.unwrap();
        // The article's figures, exactly.
        assert_eq!((s.figures.villages, s.figures.districts_with_villages, s.figures.ocop_products), (313, 23, 1_054));
        assert_eq!((s.figures.potential_five_star, s.figures.four_star, s.figures.three_star), (17, 731, 306));
        assert_eq!(
            (s.figures.producers_of(ProducerKind::Enterprise), s.figures.producers_of(ProducerKind::Cooperative), s.figures.producers_of(ProducerKind::Household)),
            (72, 82, 101)
        );
        assert_eq!(s.villages_by_district.len(), 23);
        assert_eq!(s.villages_by_district.iter().map(|b| b.value).sum::<u64>(), 313);
        assert_eq!(s.ocop_by_category.iter().map(|b| b.value).sum::<u64>(), 1_054);
        assert_eq!(s.orders_by_month.len(), 12);
        assert_eq!(s.verified_buyers, 1);
        assert!(s.exhibitors_total >= 1);

        // A trade request shows in this month's bar.
        let buyer = user_id(&db, "sieuthi@cholang.test").await;
        trade::send_request(&db, buyer, request(BAT_TRANG, vec![]), Utc::now()).await.unwrap();
        let s = stats::office_stats(&db, Lang::En, Utc::now()).await.unwrap();
        assert_eq!(s.requests_by_month.last().map(|b| b.value), Some(1));

        // Exports: every row once, across pages, with a header naming the columns.
        let mut rows = 0;
        let mut after = 0;
        let mut text = String::new();
        loop {
            let (chunk, next) = export::page(&db, export::Export::Products, after).await.unwrap();
            rows += chunk.lines().count();
            text.push_str(&chunk);
            match next {
                Some(k) => after = k,
                None => break,
            }
        }
        assert_eq!(rows, product::Entity::find().all(&db).await.unwrap().len());
        assert!(text.contains("Gốm") || text.contains("gốm"), "diacritics kept");
        assert!(export::header(export::Export::Products).starts_with("id,slug,name_vi"));
        for e in export::Export::ALL {
            let (chunk, _) = export::page(&db, e, 0).await.unwrap();
            assert!(!chunk.is_empty(), "{e:?} has rows");
        }
    }
});
