//! Trade fairs on SQLite and PostgreSQL: the life cycle from draft to finished, deadlines,
//! who may touch what, booth capacity under racing approvals, the public list's filters,
//! and the calendar feed parsed back.

mod support;

use std::sync::Arc;

use app::backend::entities::*;
use app::backend::{calendar, fairs, seed};
use app::domain::fairs::{BoothTypeForm, Decision, ExhibitForm, FairForm, FairsQuery};
use app::domain::{ApplicationStatus, FairStatus, ProductStatus, Slug, VerificationStatus};
use app::error::{AppError, Problem};
use app::i18n::Lang;
use chrono::{Duration, Utc};
use icalendar::{Calendar, Component, EventLike};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use support::TestDb;

async fn user_id(db: &DatabaseConnection, email: &str) -> i32 {
    user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await.unwrap().unwrap().id
}

fn local(at: chrono::DateTime<Utc>) -> String {
    app::domain::fairs::to_local_input(at)
}

/// A fair starting in `days` days, its deadline two days before.
fn fair_form(name: &str, days: i64) -> FairForm {
    let start = Utc::now() + Duration::days(days);
    FairForm {
        name_vi: name.into(),
        description_vi: "Hội chợ sản phẩm làng nghề.".into(),
        starts_at: local(start),
        ends_at: local(start + Duration::days(3)),
        deadline: local(start - Duration::days(2)),
        venue_name: "Trung tâm Triển lãm Giảng Võ".into(),
        venue_address: "148 Giảng Võ".into(),
        district: "ba-dinh".into(),
        contact_name: "Đỗ Thu Hà".into(),
        contact_phone: "0243 846 0000".into(),
        category_1: "thu-cong".into(),
        ..Default::default()
    }
}

fn booth(name: &str, count: &str) -> BoothTypeForm {
    BoothTypeForm { name: name.into(), size: "3×3 m".into(), count: count.into(), price: "2.000.000".into() }
}

async fn published_products(db: &DatabaseConnection, producer_id: i32) -> Vec<i32> {
    product::Entity::find()
        .filter(product::Column::ProducerId.eq(producer_id))
        .filter(product::Column::Status.eq(ProductStatus::Published))
        .order_by_asc(product::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .take(2)
        .collect()
}

/// A published fair of the demo organizer with one booth type of `count` booths.
async fn published_fair(db: &DatabaseConnection, name: &str, count: &str) -> (i32, i32, i32) {
    let organizer = user_id(db, "hoicho@cholang.test").await;
    let id = fairs::create_fair(db, organizer, fair_form(name, 30).validate().unwrap()).await.unwrap();
    fairs::add_booth_type(db, organizer, id, booth("Gian tiêu chuẩn", count).validate().unwrap()).await.unwrap();
    fairs::set_status(db, organizer, id, FairStatus::Published).await.unwrap();
    let booth_id = booth_type::Entity::find().filter(booth_type::Column::FairId.eq(id)).one(db).await.unwrap().unwrap().id;
    (organizer, id, booth_id)
}

fn exhibit(booth: i32, products: &[i32]) -> app::domain::fairs::ExhibitInput {
    ExhibitForm { booth_type: booth.to_string(), products: products.iter().map(i32::to_string).collect(), note: "Gốm men lam".into() }
        .validate()
        .unwrap()
}

on_both_databases!(a_fair_goes_from_draft_to_exhibitors_and_only_its_organizer_runs_it, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let organizer = user_id(&db, "hoicho@cholang.test").await;
        let stranger = user_id(&db, "khach@cholang.test").await;
        let id = fairs::create_fair(&db, organizer, fair_form("Hội chợ Thủ công Mỹ nghệ", 30).validate().unwrap()).await.unwrap();
        let slug = fair::Entity::find_by_id(id).one(&db).await.unwrap().unwrap().slug;
        assert_eq!(slug, "hoi-cho-thu-cong-my-nghe");
        let slug = Slug::parse(&slug).unwrap();

        // A draft is invisible, and cannot be published without booths.
        assert!(fairs::detail(&db, &slug, Lang::Vi, Utc::now()).await.unwrap().is_none());
        assert!(!fairs::list(&db, &FairsQuery::default(), Lang::Vi, Utc::now()).await.unwrap().upcoming.iter().any(|f| f.id == id));
        assert_eq!(fairs::set_status(&db, organizer, id, FairStatus::Published).await, Err(AppError::invalid("booth_types", Problem::Required)));
        // Only its organizer edits it.
        assert_eq!(fairs::add_booth_type(&db, stranger, id, booth("Gian", "5").validate().unwrap()).await, Err(AppError::Forbidden));
        assert_eq!(fairs::update_fair(&db, stranger, id, fair_form("Đổi tên", 30).validate().unwrap()).await, Err(AppError::Forbidden));
        assert_eq!(fairs::organizer_fair(&db, stranger, id).await.map(|_| ()), Err(AppError::Forbidden));
        assert_eq!(fairs::organizer_fair(&db, organizer, 999_999).await.map(|_| ()), Err(AppError::NotFound));
        fairs::add_booth_type(&db, organizer, id, booth("Gian tiêu chuẩn", "10").validate().unwrap()).await.unwrap();
        fairs::set_status(&db, organizer, id, FairStatus::Published).await.unwrap();
        assert_eq!(fairs::set_status(&db, organizer, id, FairStatus::Published).await, Err(AppError::Conflict), "published once");
        let booth_id = booth_type::Entity::find().filter(booth_type::Column::FairId.eq(id)).one(&db).await.unwrap().unwrap().id;

        // The Bát Tràng producer (1) applies with two of its products; not twice; not with
        // another producer's product, nor a booth type of another fair.
        let mine = published_products(&db, 1).await;
        let theirs = published_products(&db, 2).await;
        let app_id = fairs::apply(&db, 1, id, exhibit(booth_id, &mine), Utc::now()).await.unwrap();
        assert_eq!(fairs::apply(&db, 1, id, exhibit(booth_id, &mine), Utc::now()).await, Err(AppError::Conflict));
        assert_eq!(fairs::apply(&db, 2, id, exhibit(booth_id, &mine), Utc::now()).await, Err(AppError::invalid("products", Problem::Unknown)));
        let other_booth = booth_type::Entity::find().filter(booth_type::Column::FairId.ne(id)).one(&db).await.unwrap().unwrap().id;
        assert_eq!(fairs::apply(&db, 2, id, exhibit(other_booth, &theirs), Utc::now()).await, Err(AppError::invalid("booth_type", Problem::Unknown)));
        // After the deadline, no one applies.
        let late = Utc::now() + Duration::days(29);
        assert_eq!(fairs::apply(&db, 2, id, exhibit(booth_id, &theirs), late).await, Err(AppError::Conflict));
        // An unverified producer cannot apply.
        let pending = producer::Entity::find().filter(producer::Column::Verification.ne(VerificationStatus::Verified)).one(&db).await.unwrap();
        if let Some(p) = pending {
            assert_eq!(fairs::apply(&db, p.id, id, exhibit(booth_id, &[]), Utc::now()).await, Err(AppError::Forbidden));
        }

        // The organizer sees it (another does not), approves it at A-12.
        let rows = fairs::applications(&db, organizer, id, &Default::default(), Lang::Vi).await.unwrap();
        assert_eq!((rows.len(), rows[0].status, rows[0].products.len()), (1, ApplicationStatus::Pending, 2));
        assert_eq!(fairs::applications(&db, stranger, id, &Default::default(), Lang::Vi).await.map(|_| ()), Err(AppError::Forbidden));
        assert_eq!(fairs::decide(&db, stranger, app_id, Decision::Approve { booth_number: "A-12".into() }).await, Err(AppError::Forbidden));
        assert_eq!(fairs::withdraw(&db, 2, app_id).await, Err(AppError::Forbidden), "only its producer withdraws it");
        fairs::decide(&db, organizer, app_id, Decision::Approve { booth_number: "A-12".into() }).await.unwrap();
        assert_eq!(fairs::withdraw(&db, 1, app_id).await, Err(AppError::Conflict), "not after approval");

        // A second exhibitor cannot take A-12.
        let second = fairs::apply(&db, 2, id, exhibit(booth_id, &theirs), Utc::now()).await.unwrap();
        assert_eq!(fairs::decide(&db, organizer, second, Decision::from_form("approve", " a-12 ", "").unwrap()).await,
            Err(AppError::invalid("booth_number", Problem::Taken)));
        assert_eq!(fair_application::Entity::find_by_id(second).one(&db).await.unwrap().unwrap().status, ApplicationStatus::Pending);
        assert_eq!(booth_type::Entity::find_by_id(booth_id).one(&db).await.unwrap().unwrap().taken, 1, "the refused approval took no booth");

        // The public page lists the exhibitor at A-12; its storefront says it exhibits.
        let detail = fairs::detail(&db, &slug, Lang::Vi, Utc::now()).await.unwrap().unwrap();
        assert_eq!(detail.exhibitors.len(), 1);
        assert_eq!(detail.exhibitors[0].booth_number.as_deref(), Some("A-12"));
        assert_eq!(detail.exhibitors[0].products.len(), 2);
        assert_eq!(detail.booth_types[0].taken, 1);
        let showing = fairs::exhibiting(&db, 1, Lang::Vi, Utc::now()).await.unwrap();
        assert!(showing.iter().any(|e| e.fair_slug == slug && e.booth_number.as_deref() == Some("A-12")));

        // Rejecting an approved exhibitor gives its booth back; the producer sees why.
        fairs::decide(&db, organizer, app_id, Decision::Reject { reason: "Trùng ngành hàng".into() }).await.unwrap();
        assert_eq!(booth_type::Entity::find_by_id(booth_id).one(&db).await.unwrap().unwrap().taken, 0);
        let mine_now = fairs::my_applications(&db, 1, Lang::Vi).await.unwrap();
        let rejected = mine_now.iter().find(|a| a.id == app_id).unwrap();
        assert_eq!((rejected.status, rejected.reason.as_deref()), (ApplicationStatus::Rejected, Some("Trùng ngành hàng")));
        // The other may withdraw while pending, and apply again.
        fairs::withdraw(&db, 2, second).await.unwrap();
        assert_eq!(fairs::apply(&db, 2, id, exhibit(booth_id, &theirs), Utc::now()).await, Ok(second));

        // Interest counts once per person.
        fairs::set_interest(&db, stranger, id, true).await.unwrap();
        fairs::set_interest(&db, stranger, id, true).await.unwrap();
        assert_eq!(fairs::detail(&db, &slug, Lang::Vi, Utc::now()).await.unwrap().unwrap().interested, 1);
        assert!(fairs::is_interested(&db, stranger, id).await.unwrap());

        // Cancelled: shown as cancelled, closed to applications.
        fairs::set_status(&db, organizer, id, FairStatus::Cancelled).await.unwrap();
        let cancelled = fairs::detail(&db, &slug, Lang::Vi, Utc::now()).await.unwrap().unwrap();
        assert_eq!((cancelled.status, cancelled.applications_open), (FairStatus::Cancelled, false));
    }
});

on_both_databases!(racing_approvals_never_fill_more_booths_than_there_are, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let (organizer, id, booth_id) = published_fair(&db, "Hội chợ ít gian", "3").await;
        let producers: Vec<i32> = producer::Entity::find()
            .filter(producer::Column::Verification.eq(VerificationStatus::Verified))
            .order_by_asc(producer::Column::Id)
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .take(20)
            .collect();
        let mut applications = Vec::new();
        for p in &producers {
            applications.push(fairs::apply(&db, *p, id, exhibit(booth_id, &[]), Utc::now()).await.unwrap());
        }
        let db = Arc::new(db.clone());
        let handles: Vec<_> = applications
            .into_iter()
            .enumerate()
            .map(|(n, app_id)| {
                let db = db.clone();
                tokio::spawn(async move { fairs::decide(&db, organizer, app_id, Decision::Approve { booth_number: format!("C-{n}") }).await })
            })
            .collect();
        let (mut approved, mut full) = (0, 0);
        for h in handles {
            match h.await.unwrap() {
                Ok(()) => approved += 1,
                Err(AppError::Validation { fields }) if fields[0].problem == Problem::NoneLeft => full += 1,
                Err(other) => panic!("an approval failed with {other:?}"),
            }
        }
        assert_eq!((approved, full), (3, 17));
        assert_eq!(booth_type::Entity::find_by_id(booth_id).one(&*db).await.unwrap().unwrap().taken, 3);
        let rows = fairs::applications(&*db, organizer, id, &app::domain::fairs::ApplicationFilter { status: Some(ApplicationStatus::Approved), ..Default::default() }, Lang::Vi).await.unwrap();
        assert_eq!(rows.len(), 3);
    }
});

on_both_databases!(the_public_list_filters_and_the_calendar_parses_back, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let (organizer, id, _) = published_fair(&db, "Hội chợ Ba Đình", "5").await;
        let all = fairs::list(&db, &FairsQuery::default(), Lang::Vi, Utc::now()).await.unwrap();
        assert!(all.upcoming.iter().any(|f| f.id == id));
        assert!(all.upcoming.windows(2).all(|w| w[0].starts_at <= w[1].starts_at), "upcoming soonest first");
        assert!(!all.past.is_empty(), "the demo data has a past fair");
        assert!(all.districts.iter().any(|d| d.slug.as_str() == "ba-dinh"));
        let by = |month: &str, district: &str, category: &str| FairsQuery { month: month.into(), district: district.into(), category: category.into(), kind: String::new() };
        let in_ba_dinh = fairs::list(&db, &by("", "ba-dinh", ""), Lang::Vi, Utc::now()).await.unwrap();
        assert_eq!(in_ba_dinh.upcoming.iter().map(|f| f.id).collect::<Vec<_>>(), vec![id]);
        let month = local(fair::Entity::find_by_id(id).one(&db).await.unwrap().unwrap().starts_at)[..7].to_owned();
        assert!(fairs::list(&db, &by(&month, "", ""), Lang::Vi, Utc::now()).await.unwrap().upcoming.iter().any(|f| f.id == id));
        assert!(!fairs::list(&db, &by("2001-01", "", ""), Lang::Vi, Utc::now()).await.unwrap().upcoming.iter().any(|f| f.id == id));
        assert!(fairs::list(&db, &by("", "", "thuc-pham"), Lang::Vi, Utc::now()).await.unwrap().upcoming.iter().all(|f| f.id != id));
        assert!(fairs::list(&db, &by("", "khong-co", ""), Lang::Vi, Utc::now()).await.is_err());

        // The feed: one event per visible fair, stable UID, Hà Nội time, SEQUENCE moves on.
        let feed = |list: &[fairs::CalendarFair]| calendar::calendar("Hội chợ", list, "https://cholang.vn");
        let before: Calendar = feed(&fairs::calendar_fairs(&db, None, None).await.unwrap()).parse().expect("valid iCalendar");
        let ours = before.events().find(|e| e.get_uid() == Some(calendar::uid(id).as_str())).expect("our fair").clone();
        assert_eq!(ours.get_summary(), Some("Hội chợ Ba Đình"));
        let text = feed(&fairs::calendar_fairs(&db, Some("hoi-cho-ba-dinh"), None).await.unwrap());
        assert!(text.contains("DTSTART;TZID=Asia/Ho_Chi_Minh:"), "{text}");
        assert!(text.contains("BEGIN:VTIMEZONE") && text.contains("TZOFFSETTO:+0700"));
        assert!(text.contains("URL:https://cholang.vn/fairs/hoi-cho-ba-dinh"));
        assert!(!before.events().any(|e| e.get_summary() == Some("Bản nháp")), "drafts are not in the feed");
        let mut renamed = fair_form("Hội chợ Ba Đình mở rộng", 30);
        renamed.venue_name = "Cung Thể thao Quần Ngựa".into();
        fairs::update_fair(&db, organizer, id, renamed.validate().unwrap()).await.unwrap();
        fairs::set_status(&db, organizer, id, FairStatus::Cancelled).await.unwrap();
        let after: Calendar = feed(&fairs::calendar_fairs(&db, None, Some("ba-dinh")).await.unwrap()).parse().unwrap();
        let updated = after.events().find(|e| e.get_uid() == Some(calendar::uid(id).as_str())).expect("same UID").clone();
        assert!(updated.get_sequence() > ours.get_sequence(), "SEQUENCE grows with each change");
        assert_eq!(updated.get_summary(), Some("Hội chợ Ba Đình mở rộng"));
        assert_eq!(updated.get_status(), Some(icalendar::EventStatus::Cancelled));
        assert!(updated.get_location().unwrap_or_default().contains("Quần Ngựa"));
    }
});
