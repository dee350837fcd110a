//! The demo seed (`server seed --demo`) and the benchmark scale seed (`server seed --scale N`).
//!
//! The demo data reproduces the figures of the programme (19 April 2021): 313 craft villages
//! in 23 districts; 1,054 OCOP products (17 potential 5-star, 731 4-star, 306 3-star) from 255
//! producers (72 enterprises, 82 cooperatives, 101 household businesses). The districts,
//! categories and well-known villages are the reference data (`super::reference`, the files in
//! `app/reference/`), imported first; the other villages, and every producer and product, are
//! generated deterministically from name pools (`data`). Nothing generated is official.
//!
//! The demo accounts share one published password ([`DEMO_PASSWORD`]): the demo goes only into
//! a database without accounts or producers, and a production server refuses to start while
//! one of them exists (`server::cli::demo_guard`).
//!
//! The plan is built in memory first (`plan_demo`, pure and tested on its own), then written
//! in one transaction with explicit ids, so a failed seed leaves nothing behind.

pub mod data;
mod guard;
mod rng;

pub use guard::accounts_with_demo_password;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use super::listing::listing_text;
use super::db::reset_id_sequence;
use super::entities::*;
use crate::domain::{
    ocop::expiry_for, DistrictKind, IssuingLevel, MarkKind, ProducerKind, ProductStatus, Role,
    Slug, Unit, VerificationStatus,
};
use super::reference::{self, Reference, ReferenceError};
use data::CRAFT_DISTRICTS;
use rng::Rng;

pub const DEMO_PASSWORD: &str = "cholang-demo";
const SEED: u64 = 0x0C0C_2021_0419;

pub const TOTAL_VILLAGES: usize = 313;
pub const ENTERPRISES: usize = 72;
pub const COOPERATIVES: usize = 82;
pub const HOUSEHOLDS: usize = 101;
pub const POTENTIAL_FIVE_STAR: usize = 17;
pub const FOUR_STAR: usize = 731;
pub const THREE_STAR: usize = 306;

/// The demo accounts: email, display name, roles, and which demo producer (by index) they act for.
pub const DEMO_ACCOUNTS: &[(&str, &str, &[Role], Option<usize>)] = &[
    ("khach@cholang.test", "Nguyễn Thu Hà", &[Role::Consumer], None),
    ("gom.battrang@cholang.test", "Lê Văn Thành", &[Role::ProducerMember, Role::Consumer], Some(0)),
    ("htx.vanphuc@cholang.test", "Triệu Thị Hoa", &[Role::ProducerMember, Role::Consumer], Some(1)),
    ("hoicho@cholang.test", "Phạm Quang Minh", &[Role::Organizer], None),
    ("sieuthi@cholang.test", "Đỗ Mai Anh", &[Role::Buyer], None),
    ("vanphong@cholang.test", "Vũ Hồng Nhung", &[Role::ProgrammeOffice], None),
];

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("the demo data is inconsistent: {0}")]
    Data(String),
    #[error("run the demo seed first: the scale seed adds products to its producers")]
    NotSeeded,
    #[error("password hashing failed")]
    Hash,
    #[error("reference data: {0}")]
    Reference(#[from] ReferenceError),
}

#[derive(Debug, PartialEq, Eq)]
pub enum SeedOutcome {
    Seeded { villages: usize, producers: usize, products: usize, accounts: usize },
    AlreadySeeded,
}

// ---------------------------------------------------------------------------------------------
// The plan

pub struct PlannedVillage {
    /// A village of the reference data (imported, not written by the seed).
    pub from_reference: bool,
    pub name: String,
    pub slug: String,
    pub district: String,
    pub commune: String,
    pub crafts: Vec<String>,
    pub year: i32,
    pub traditional: bool,
    pub story_vi: String,
    pub story_en: String,
}

pub struct PlannedProducer {
    pub kind: ProducerKind,
    pub name: String,
    pub slug: String,
    pub village: usize,
    pub address: String,
    pub phone: String,
    pub story_vi: String,
    pub story_en: String,
    pub workers: i32,
}

pub struct PlannedProduct {
    pub producer: usize,
    pub category: String,
    pub name_vi: String,
    pub name_en: String,
    pub slug: String,
    pub description_vi: String,
    pub description_en: String,
    pub price: i64,
    pub unit: Unit,
    pub stock: i32,
    pub wholesale: Option<(i64, i32)>,
    pub stars: i16,
    pub decision_date: NaiveDate,
    pub created_at: DateTime<Utc>,
}

pub struct DemoPlan {
    pub villages: Vec<PlannedVillage>,
    pub producers: Vec<PlannedProducer>,
    /// (cooperative index, member household index)
    pub memberships: Vec<(usize, usize)>,
    pub products: Vec<PlannedProduct>,
}

fn templates_for(leaf: &str) -> &'static [data::ProductTemplate] {
    data::PRODUCT_TEMPLATES
        .iter()
        .find(|(slug, _)| *slug == leaf)
        .map_or(&[], |(_, t)| *t)
}

fn unique_slug(taken: &mut HashSet<String>, base: &str, fallback: &str) -> String {
    let base = Slug::from_name(base)
        .or_else(|| Slug::from_name(fallback))
        .unwrap_or_else(|| Slug::parse("muc").expect("static slug"));
    let mut candidate = base.clone();
    let mut n = 2;
    while !taken.insert(candidate.as_str().to_owned()) {
        candidate = base.with_suffix(n);
        n += 1;
    }
    candidate.to_string()
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn round_to_thousand(v: i64) -> i64 {
    ((v + 500) / 1000).max(1) * 1000
}

fn fill(template: &str, village: &str, craft_vi: &str, craft_en: &str) -> String {
    template
        .replace("{village}", village)
        .replace("{craft_en}", craft_en)
        .replace("{craft}", craft_vi)
}

/// Builds the whole demo data set in memory, deterministically, around `reference`.
pub fn plan_demo(reference: &Reference) -> Result<DemoPlan, SeedError> {
    let mut rng = Rng::new(SEED);
    let leaves = reference.leaf_categories();
    let bad = |m: String| SeedError::Data(m);

    // Villages: the real ones, then generated ones until there are 313, every one of them in
    // one of the 23 craft districts, each of those districts getting at least one.
    let mut village_slugs = HashSet::new();
    let mut villages = Vec::with_capacity(TOTAL_VILLAGES);
    // The reference villages keep their slugs (checked unique by the loader).
    for v in &reference.villages {
        village_slugs.insert(v.slug.clone());
        villages.push(PlannedVillage {
            from_reference: true,
            name: v.name.clone(),
            slug: v.slug.clone(),
            district: v.district.clone(),
            commune: v.commune.clone(),
            crafts: v.crafts.clone(),
            year: v.year_recognised.unwrap_or(2010),
            traditional: v.traditional,
            story_vi: v.story_vi.clone(),
            story_en: v.story_en.clone().unwrap_or_default(),
        });
    }
    let covered: HashSet<&str> = villages.iter().map(|v| v.district.as_str()).collect();
    let mut district_queue: Vec<&'static str> =
        CRAFT_DISTRICTS.iter().copied().filter(|d| !covered.contains(d)).collect();
    // Rural districts hold most craft villages: weight them three to one.
    let mut weighted: Vec<&'static str> = Vec::new();
    for slug in CRAFT_DISTRICTS {
        let weight = match reference.district(slug).map(|d| d.kind) {
            Some(DistrictKind::RuralDistrict) => 3,
            _ => 1,
        };
        weighted.extend(std::iter::repeat_n(*slug, weight));
    }
    let mut names = data::GENERATED_VILLAGE_NAMES.iter();
    while villages.len() < TOTAL_VILLAGES {
        let name = *names.next().ok_or_else(|| bad("not enough village names".into()))?;
        let district_slug = if district_queue.is_empty() {
            *rng.pick(&weighted)
        } else {
            district_queue.remove(0)
        };
        let district = reference.district(district_slug).ok_or_else(|| bad(format!("district {district_slug}")))?;
        if district.communes.is_empty() {
            return Err(bad(format!("district {district_slug} has no communes")));
        }
        let commune = rng.pick(&district.communes).clone();
        let mut crafts = vec![*rng.pick(&leaves)];
        if rng.chance(12) {
            let second = *rng.pick(&leaves);
            if second != crafts[0] {
                crafts.push(second);
            }
        }
        let craft = reference.category(crafts[0]).ok_or_else(|| bad(format!("category {}", crafts[0])))?;
        let kind_vi = match district.kind {
            DistrictKind::UrbanDistrict => "quận",
            DistrictKind::Town => "thị xã",
            DistrictKind::RuralDistrict => "huyện",
        };
        villages.push(PlannedVillage {
            from_reference: false,
            name: name.to_owned(),
            slug: unique_slug(&mut village_slugs, name, &district.name),
            district: district.slug.clone(),
            crafts: crafts.iter().map(|c| (*c).to_owned()).collect(),
            year: rng.between(2000, 2019) as i32,
            traditional: rng.chance(55),
            story_vi: format!(
                "Làng nghề {} {} thuộc {}, {} {}. Nghề được nhiều thế hệ trong làng gìn giữ; sản phẩm của làng có mặt ở các chợ, cửa hàng trong và ngoài Hà Nội.",
                lower_first(&craft.name_vi), name, commune, kind_vi, district.name
            ),
            story_en: format!(
                "{} is a {} village in {}, {}. Generations have kept the craft alive, and its products are sold in markets and shops in and beyond Hà Nội.",
                name, craft.name_en.to_lowercase(), commune, district.name
            ),
            commune,
        });
    }

    // Producers: 72 enterprises, 82 cooperatives, 101 households. The first two are the demo
    // accounts' storefronts: an enterprise in Bát Tràng and a cooperative in Vạn Phúc.
    let village_index = |name: &str| villages.iter().position(|v| v.name == name);
    let bat_trang = village_index("Bát Tràng").ok_or_else(|| bad("Bát Tràng missing".into()))?;
    let van_phuc = village_index("Vạn Phúc").ok_or_else(|| bad("Vạn Phúc missing".into()))?;
    let mut kinds: Vec<ProducerKind> = Vec::new();
    kinds.extend(std::iter::repeat_n(ProducerKind::Enterprise, ENTERPRISES - 1));
    kinds.extend(std::iter::repeat_n(ProducerKind::Cooperative, COOPERATIVES - 1));
    kinds.extend(std::iter::repeat_n(ProducerKind::Household, HOUSEHOLDS));
    rng.shuffle(&mut kinds);
    let mut assignments = vec![(ProducerKind::Enterprise, bat_trang), (ProducerKind::Cooperative, van_phuc)];
    let real_count = reference.villages.len();
    for (i, kind) in kinds.into_iter().enumerate() {
        // Every real village gets producers first, then the rest spread over all villages.
        let village = if i < real_count * 2 { i % real_count } else { rng.below(villages.len()) };
        assignments.push((kind, village));
    }

    let mut producer_slugs = HashSet::new();
    let mut producer_names = HashSet::new();
    let mut producers = Vec::with_capacity(assignments.len());
    for (i, (kind, village_idx)) in assignments.into_iter().enumerate() {
        let village = &villages[village_idx];
        let craft = reference.category(&village.crafts[0]).ok_or_else(|| bad("craft".into()))?;
        let mut attempt = 0;
        let name = loop {
            let candidate = match (i, kind) {
                (0, _) => format!("Công ty TNHH Gốm sứ Hưng Thịnh {}", village.name),
                (1, _) => format!("Hợp tác xã Lụa {}", village.name),
                (_, ProducerKind::Enterprise) if attempt % 2 == 0 => {
                    format!("Công ty TNHH {} {}", rng.pick(data::BRAND_WORDS), village.name)
                }
                (_, ProducerKind::Enterprise) => {
                    format!("Công ty Cổ phần {} {}", craft.name_vi, rng.pick(data::BRAND_WORDS))
                }
                (_, ProducerKind::Cooperative) if attempt == 0 => {
                    format!("Hợp tác xã {} {}", craft.name_vi, village.name)
                }
                (_, ProducerKind::Cooperative) => {
                    format!("Hợp tác xã {} {}", rng.pick(data::BRAND_WORDS), village.name)
                }
                (_, ProducerKind::Household) => format!(
                    "Hộ kinh doanh {} {} {}",
                    rng.pick(data::FAMILY_NAMES),
                    rng.pick(data::MIDDLE_NAMES),
                    rng.pick(data::GIVEN_NAMES)
                ),
            };
            attempt += 1;
            if producer_names.insert(candidate.clone()) {
                break candidate;
            }
            if attempt > 50 {
                return Err(bad(format!("no unique producer name near {candidate}")));
            }
        };
        let story_vi = fill(*rng.pick(data::PRODUCER_STORIES_VI), &village.name, &lower_first(&craft.name_vi), &craft.name_en.to_lowercase());
        let story_en = fill(*rng.pick(data::PRODUCER_STORIES_EN), &village.name, &lower_first(&craft.name_vi), &craft.name_en.to_lowercase());
        producers.push(PlannedProducer {
            kind,
            slug: unique_slug(&mut producer_slugs, &name, "co-so"),
            name,
            village: village_idx,
            address: format!("Số {}, làng {}", rng.between(1, 250), village.name),
            // Not a working number: 024 0000 xxxx is unassigned in Hà Nội's numbering plan.
            phone: format!("024 0000 {:04}", 1000 + i),
            story_vi,
            story_en,
            workers: match kind {
                ProducerKind::Enterprise => rng.between(20, 60),
                ProducerKind::Cooperative => rng.between(15, 40),
                ProducerKind::Household => rng.between(3, 10),
            } as i32,
        });
    }

    // A cooperative speaks for the household businesses of its village.
    let mut memberships = Vec::new();
    for (c, coop) in producers.iter().enumerate().filter(|(_, p)| p.kind == ProducerKind::Cooperative) {
        for (h, household) in producers.iter().enumerate() {
            if household.kind == ProducerKind::Household && household.village == coop.village {
                memberships.push((c, h));
            }
        }
    }

    // Products: every producer has at least one; the rest go mostly to enterprises and
    // cooperatives. Stars are dealt from a shuffled deck that holds exactly the article's counts.
    let total_products = POTENTIAL_FIVE_STAR + FOUR_STAR + THREE_STAR;
    let mut owners: Vec<usize> = (0..producers.len()).collect();
    let weights: Vec<usize> = producers
        .iter()
        .map(|p| match p.kind {
            ProducerKind::Enterprise => 5,
            ProducerKind::Cooperative => 4,
            ProducerKind::Household => 2,
        })
        .collect();
    let weight_sum: usize = weights.iter().sum();
    while owners.len() < total_products {
        let mut roll = rng.below(weight_sum);
        let mut chosen = 0;
        for (i, w) in weights.iter().enumerate() {
            if roll < *w {
                chosen = i;
                break;
            }
            roll -= w;
        }
        owners.push(chosen);
    }
    owners.sort_unstable();
    let mut deck: Vec<i16> = Vec::with_capacity(total_products);
    deck.extend(std::iter::repeat_n(5, POTENTIAL_FIVE_STAR));
    deck.extend(std::iter::repeat_n(4, FOUR_STAR));
    deck.extend(std::iter::repeat_n(3, THREE_STAR));
    rng.shuffle(&mut deck);

    let base_created = Utc.with_ymd_and_hms(2026, 1, 5, 1, 0, 0).single().ok_or_else(|| bad("date".into()))?;
    let first_decision = NaiveDate::from_ymd_opt(2024, 3, 1).ok_or_else(|| bad("date".into()))?;
    let mut product_slugs = HashSet::new();
    let mut used_templates: HashMap<usize, HashSet<(&str, usize)>> = HashMap::new();
    let mut products = Vec::with_capacity(total_products);
    for (i, (owner, stars)) in owners.into_iter().zip(deck).enumerate() {
        let producer = &producers[owner];
        let village = &villages[producer.village];
        let leaf = rng.pick(&village.crafts).as_str();
        let templates = templates_for(leaf);
        if templates.is_empty() {
            return Err(bad(format!("no templates for {leaf}")));
        }
        let used = used_templates.entry(owner).or_default();
        let mut t = rng.below(templates.len());
        for _ in 0..templates.len() {
            if used.insert((leaf, t)) {
                break;
            }
            t = (t + 1) % templates.len();
        }
        let template = &templates[t];
        let name_vi = format!("{} {}", template.name_vi, village.name);
        let name_en = format!("{}, {}", template.name_en, village.name);
        let price = round_to_thousand(rng.between(template.price_min_vnd, template.price_max_vnd));
        let unit = Unit::parse(template.unit).ok_or_else(|| bad(format!("unit {}", template.unit)))?;
        let wholesale = rng.chance(60).then(|| {
            let percent = rng.between(70, 85);
            (round_to_thousand(price * percent / 100), *rng.pick(&[10, 20, 30, 50, 100]))
        });
        products.push(PlannedProduct {
            producer: owner,
            category: leaf.to_owned(),
            slug: unique_slug(&mut product_slugs, &name_vi, "san-pham"),
            name_vi,
            name_en,
            description_vi: template.description_vi.to_owned(),
            description_en: template.description_en.to_owned(),
            price,
            unit,
            stock: if rng.chance(5) { 0 } else { rng.between(1, 300) as i32 },
            wholesale,
            stars,
            decision_date: first_decision + Duration::days(rng.between(0, 850)),
            // Spread over ten months, in no particular order of producer.
            created_at: base_created + Duration::minutes(rng.between(0, 60 * 24 * 300)) + Duration::seconds(i as i64),
        });
    }

    Ok(DemoPlan { villages, producers, memberships, products })
}

// ---------------------------------------------------------------------------------------------
// Writing

async fn insert_chunked<E, A>(db: &impl ConnectionTrait, rows: Vec<A>) -> Result<(), DbErr>
where
    E: EntityTrait,
    A: sea_orm::ActiveModelTrait<Entity = E>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(500).collect();
        E::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Whether the database already holds accounts or producers: the demo goes only into a
/// database without them (reference data alone does not count), so it can never add its
/// published password to a live site.
async fn holds_data(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(user::Entity::find().count(db).await? > 0 || producer::Entity::find().count(db).await? > 0)
}

/// Seeds the demo data (the embedded reference data first), unless the database already
/// holds accounts or producers.
pub async fn seed_demo(db: &DatabaseConnection) -> Result<SeedOutcome, SeedError> {
    if holds_data(db).await? {
        return Ok(SeedOutcome::AlreadySeeded);
    }
    let reference = Reference::embedded()?;
    let plan = plan_demo(&reference)?;
    let mut hashes = Vec::new();
    for _ in DEMO_ACCOUNTS {
        hashes.push(
            super::passwords::hash_password(DEMO_PASSWORD.to_owned())
                .await
                .map_err(|_| SeedError::Hash)?,
        );
    }
    let now = Utc.with_ymd_and_hms(2026, 1, 5, 0, 0, 0).single().unwrap_or_else(Utc::now);

    // A write transaction, checked again inside: two seeds at once cannot both write.
    let txn = db
        .begin_with_options(TransactionOptions { sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate), ..Default::default() })
        .await?;
    if holds_data(&txn).await? {
        return Ok(SeedOutcome::AlreadySeeded);
    }

    // Districts, communes, categories and the well-known villages: the reference data, by
    // slug (on an empty database their ids are their positions in the files, as before).
    reference::import_in(&txn, &reference).await?;
    let district_ids: HashMap<String, i32> =
        district::Entity::find().all(&txn).await?.into_iter().map(|d| (d.slug, d.id)).collect();
    let commune_ids: HashMap<(i32, String), i32> =
        commune::Entity::find().all(&txn).await?.into_iter().map(|c| ((c.district_id, c.name), c.id)).collect();
    let category_ids: HashMap<String, i32> =
        category::Entity::find().all(&txn).await?.into_iter().map(|c| (c.slug, c.id)).collect();
    let existing_villages: HashMap<String, i32> =
        village::Entity::find().all(&txn).await?.into_iter().map(|v| (v.slug, v.id)).collect();

    let commune_of = |district: &str, commune: &str| {
        district_ids
            .get(district)
            .and_then(|d| commune_ids.get(&(*d, commune.to_owned())))
            .copied()
            .ok_or_else(|| SeedError::Data(format!("commune {commune} in {district}")))
    };

    // The generated villages and their crafts, after the reference ones; `village_ids[i]` is
    // the id of the plan's village `i`.
    let mut next_village = existing_villages.values().max().copied().unwrap_or(0) + 1;
    let mut village_ids = Vec::with_capacity(plan.villages.len());
    let mut village_rows = Vec::new();
    let mut craft_rows = Vec::new();
    for v in &plan.villages {
        if v.from_reference {
            let id = *existing_villages.get(&v.slug).ok_or_else(|| SeedError::Data(format!("village {}", v.slug)))?;
            village_ids.push(id);
            continue;
        }
        let id = next_village;
        next_village += 1;
        village_ids.push(id);
        village_rows.push(village::ActiveModel {
            id: Set(id),
            slug: Set(v.slug.clone()),
            name: Set(v.name.clone()),
            commune_id: Set(commune_of(&v.district, &v.commune)?),
            year_recognised: Set(Some(v.year)),
            traditional: Set(v.traditional),
            story_vi: Set(v.story_vi.clone()),
            story_en: Set(Some(v.story_en.clone())),
        });
        let mut seen = HashSet::new();
        for craft in &v.crafts {
            let category_id = *category_ids.get(craft).ok_or_else(|| SeedError::Data(format!("craft {craft}")))?;
            if seen.insert(category_id) {
                craft_rows.push(village_craft::ActiveModel { village_id: Set(id), category_id: Set(category_id) });
            }
        }
    }
    insert_chunked(&txn, village_rows).await?;
    insert_chunked(&txn, craft_rows).await?;

    // Producers and cooperative memberships.
    let mut producer_rows = Vec::new();
    for (i, p) in plan.producers.iter().enumerate() {
        let village = &plan.villages[p.village];
        producer_rows.push(producer::ActiveModel {
            id: Set(i as i32 + 1),
            slug: Set(p.slug.clone()),
            kind: Set(p.kind),
            name: Set(p.name.clone()),
            village_id: Set(Some(village_ids[p.village])),
            commune_id: Set(commune_of(&village.district, &village.commune)?),
            address_line: Set(p.address.clone()),
            phone: Set(Some(p.phone.clone())),
            email: Set(None),
            story_vi: Set(p.story_vi.clone()),
            story_en: Set(Some(p.story_en.clone())),
            logo_url: Set(None),
            banner_url: Set(None),
            workers: Set(Some(p.workers)),
            verification: Set(VerificationStatus::Verified),
            review_note: Set(None),
            created_at: Set(now),
            // Every third producer ships free from 500.000 ₫; all charge 30.000 ₫ otherwise.
            shipping_flat_vnd: Set(Some(30_000)),
            free_shipping_from_vnd: Set((i % 3 == 0).then_some(500_000)),
            bank_account: Set(Some(format!("Vietcombank · 0011{:06} · {}", i + 1, p.name))),
        });
    }
    insert_chunked(&txn, producer_rows).await?;
    let member_rows: Vec<_> = plan
        .memberships
        .iter()
        .map(|(c, h)| cooperative_member::ActiveModel {
            cooperative_id: Set(*c as i32 + 1),
            member_id: Set(*h as i32 + 1),
        })
        .collect();
    insert_chunked(&txn, member_rows).await?;

    // Products, their cover images and OCOP certificates.
    let mut product_rows = Vec::new();
    let mut image_rows = Vec::new();
    let mut certificate_rows = Vec::new();
    for (i, p) in plan.products.iter().enumerate() {
        let id = i as i32 + 1;
        let producer = &plan.producers[p.producer];
        let village = &plan.villages[producer.village];
        let category = reference.category(&p.category).ok_or_else(|| SeedError::Data(p.category.clone()))?;
        let text = listing_text(
            &p.name_vi, Some(&p.name_en), &p.description_vi, Some(&p.description_en),
            &producer.name, Some(&village.name), &category.name_vi, &category.name_en,
        );
        let top_category = category.parent.as_deref().unwrap_or(&category.slug);
        product_rows.push(product::ActiveModel {
            id: Set(id),
            producer_id: Set(p.producer as i32 + 1),
            category_id: Set(category_ids[&p.category]),
            slug: Set(p.slug.clone()),
            name_vi: Set(p.name_vi.clone()),
            name_en: Set(Some(p.name_en.clone())),
            description_vi: Set(p.description_vi.clone()),
            description_en: Set(Some(p.description_en.clone())),
            price_vnd: Set(p.price),
            unit: Set(p.unit),
            stock: Set(p.stock),
            wholesale_price_vnd: Set(p.wholesale.map(|(price, _)| price)),
            min_order_qty: Set(p.wholesale.map(|(_, qty)| qty)),
            retail_min_qty: Set(None),
            moderation_note: Set(None),
            status: Set(ProductStatus::Published),
            member_producer_id: Set(None),
            search_folded: Set(text.folded),
            district_id: Set(Some(district_ids[&village.district])),
            village_id: Set(Some(village_ids[producer.village])),
            producer_kind: Set(Some(producer.kind)),
            top_category_id: Set(Some(category_ids[top_category])),
            ocop_stars: Set(Some(p.stars)),
            ocop_expires_on: Set(Some(expiry_for(p.decision_date))),
            search_body_folded: Set(text.body_folded),
            search_accented: Set(text.accented),
            created_at: Set(p.created_at),
            updated_at: Set(p.created_at),
        });
        image_rows.push(product_image::ActiveModel {
            id: Set(id),
            product_id: Set(id),
            url: Set(format!("/img/categories/{}.svg", p.category)),
            position: Set(0),
            alt_vi: Set(p.name_vi.clone()),
            alt_en: Set(Some(p.name_en.clone())),
            thumb_url: Set(None),
        });
        certificate_rows.push(ocop_certificate::ActiveModel {
            id: Set(id),
            product_id: Set(id),
            stars: Set(p.stars),
            level: Set(IssuingLevel::City),
            decision_number: Set(format!("{}/QĐ-UBND", 3000 + i)),
            decision_date: Set(p.decision_date),
            expires_on: Set(expiry_for(p.decision_date)),
            status: Set(VerificationStatus::Verified),
            scan_url: Set(None),
            review_note: Set(None),
            created_at: Set(now),
        });
    }
    insert_chunked(&txn, product_rows).await?;
    insert_chunked(&txn, image_rows).await?;
    insert_chunked(&txn, certificate_rows).await?;

    // Marks, carried by the products of their village.
    let mut mark_rows = Vec::new();
    let mut product_mark_rows = Vec::new();
    for (i, m) in data::MARKS.iter().enumerate() {
        let id = i as i32 + 1;
        let village = plan
            .villages
            .iter()
            .position(|v| v.name == m.village)
            .ok_or_else(|| SeedError::Data(format!("mark village {}", m.village)))?;
        mark_rows.push(ip_mark::ActiveModel {
            id: Set(id),
            kind: Set(MarkKind::parse(m.kind).ok_or_else(|| SeedError::Data(m.kind.into()))?),
            name: Set(m.name.to_owned()),
            holder: Set(m.holder.to_owned()),
            area: Set(m.area.to_owned()),
            village_id: Set(Some(village_ids[village])),
        });
        for (pi, p) in plan.products.iter().enumerate() {
            if plan.producers[p.producer].village == village {
                product_mark_rows.push(product_mark::ActiveModel { product_id: Set(pi as i32 + 1), mark_id: Set(id) });
            }
        }
    }
    insert_chunked(&txn, mark_rows).await?;
    insert_chunked(&txn, product_mark_rows).await?;

    // Demo accounts.
    let mut user_rows = Vec::new();
    let mut role_rows = Vec::new();
    for (i, ((email, name, roles, producer), hash)) in DEMO_ACCOUNTS.iter().zip(hashes).enumerate() {
        let id = i as i32 + 1;
        user_rows.push(user::ActiveModel {
            id: Set(id),
            email: Set((*email).to_owned()),
            password_hash: Set(hash),
            display_name: Set((*name).to_owned()),
            producer_id: Set(producer.map(|p| p as i32 + 1)),
            created_at: Set(now),
        });
        for role in *roles {
            role_rows.push(user_role::ActiveModel { user_id: Set(id), role: Set(*role) });
        }
    }
    insert_chunked(&txn, user_rows).await?;
    insert_chunked(&txn, role_rows).await?;
    // The demo buyer's business, already verified, so the trade console works from the start.
    if let Some(buyer) = DEMO_ACCOUNTS.iter().position(|a| a.2.contains(&Role::Buyer)) {
        buyer_business::ActiveModel {
            user_id: Set(buyer as i32 + 1),
            name: Set("Siêu thị Mai Anh (dữ liệu mẫu)".to_owned()),
            kind: Set(crate::domain::BuyerKind::Supermarket),
            tax_code: Set("0109999999".to_owned()),
            address: Set("25 Lý Thường Kiệt".to_owned()),
            district_id: Set(district_ids["hoan-kiem"]),
            contact_person: Set("Đỗ Mai Anh".to_owned()),
            phone: Set("0912345678".to_owned()),
            verification: Set(VerificationStatus::Verified),
            review_note: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }

    // Two fairs of the demo organizer: one upcoming (the Vạn Phúc cooperative exhibits at
    // B-05), one past. Their dates follow the day the seed runs, so one stays upcoming.
    let organizer = DEMO_ACCOUNTS.iter().position(|a| a.2.contains(&Role::Organizer)).map(|i| i as i32 + 1);
    if let Some(organizer) = organizer {
        let silk: Vec<i32> = plan.products.iter().enumerate().filter(|(_, p)| p.producer == 1).take(3).map(|(i, _)| i as i32 + 1).collect();
        // Fair dates follow the real clock (the rest of the seed keeps its fixed date).
        seed_fairs(&txn, organizer, &district_ids, &category_ids, &silk, Utc::now()).await?;
    }
    seed_points_of_sale(&txn, &reference, &district_ids, plan.products.len() as i32, &plan.products.iter().enumerate().filter(|(_, p)| p.producer == 0).map(|(i, _)| i as i32 + 1).collect::<Vec<_>>(), now).await?;

    for table in [
        "districts", "communes", "categories", "villages", "producers", "products",
        "product_images", "ocop_certificates", "ip_marks", "users",
    ] {
        reset_id_sequence(&txn, table).await?;
    }
    txn.commit().await?;

    Ok(SeedOutcome::Seeded {
        villages: plan.villages.len(),
        producers: plan.producers.len(),
        products: plan.products.len(),
        accounts: DEMO_ACCOUNTS.len(),
    })
}

/// The demo organizer's fairs (see `seed_demo`).
async fn seed_fairs(
    txn: &impl ConnectionTrait,
    organizer: i32,
    district_ids: &HashMap<String, i32>,
    category_ids: &HashMap<String, i32>,
    exhibitor_products: &[i32],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), SeedError> {
    use crate::domain::{ApplicationStatus, FairStatus};
    let day = |n: i64, hour: u32| {
        let date = (now + chrono::Duration::days(n)).with_timezone(&crate::domain::time::vietnam_offset()).date_naive();
        date.and_hms_opt(hour, 0, 0)
            .and_then(|t| t.and_local_timezone(crate::domain::time::vietnam_offset()).single())
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or(now)
    };
    let fairs = [
        ("hoi-cho-ocop-lang-nghe-ha-noi", "Hội chợ OCOP và làng nghề Hà Nội", "Hà Nội OCOP and craft-village fair",
         "Gần 300 gian hàng OCOP 3, 4 và 5 sao của 30 quận, huyện, thị xã; trình diễn nghề gốm, lụa, sơn mài; phiên kết nối giao thương với siêu thị và nhà phân phối.",
         "Cung Văn hoá Hữu nghị Việt Xô", "91 Trần Hưng Đạo", "hoan-kiem", 21, 25, 14, FairStatus::Published, &["thu-cong", "thuc-pham"][..]),
        ("tuan-le-gom-su-bat-trang", "Tuần lễ gốm sứ Bát Tràng", "Bát Tràng ceramics week",
         "Trưng bày và bán gốm men rạn, men lam của các lò trong làng.", "Chợ gốm Bát Tràng", "Thôn Giang Cao, xã Bát Tràng", "gia-lam",
         -40, -35, -50, FairStatus::Finished, &["thu-cong"][..]),
        ("hoi-thao-ket-noi-cung-cau-ocop", "Hội thảo kết nối cung cầu sản phẩm OCOP", "OCOP supply and demand workshop",
         "Nhà sản xuất gặp siêu thị, chuỗi cửa hàng và nhà phân phối; mỗi bên xem danh sách người tham dự để hẹn gặp.",
         "Khách sạn Công Đoàn", "14 Trần Bình Trọng", "hoan-kiem", 30, 30, 25, FairStatus::Published, &["thuc-pham"][..]),
    ];
    for (n, (slug, name_vi, name_en, description, venue, address, district, start, end, deadline, status, focus)) in fairs.into_iter().enumerate() {
        let district_id = *district_ids.get(district).ok_or_else(|| SeedError::Data(format!("fair district {district}")))?;
        let fair = fair::ActiveModel {
            slug: Set(slug.to_owned()),
            organizer_id: Set(organizer),
            name_vi: Set(name_vi.to_owned()),
            name_en: Set(Some(name_en.to_owned())),
            description_vi: Set(description.to_owned()),
            description_en: Set(None),
            starts_at: Set(day(start, 8)),
            ends_at: Set(day(end, 21)),
            deadline: Set(day(deadline, 17)),
            venue_name: Set(venue.to_owned()),
            venue_address: Set(address.to_owned()),
            district_id: Set(district_id),
            contact_name: Set("Ban tổ chức Hội chợ".to_owned()),
            contact_phone: Set("02438250000".to_owned()),
            contact_email: Set(Some("hoicho@cholang.test".to_owned())),
            cover_url: Set(None),
            status: Set(status),
            revision: Set(1),
            kind: Set(if n == 2 { crate::domain::EventKind::Workshop } else { crate::domain::EventKind::TradeFair }),
            online_url: Set(None),
            agenda: Set((n == 2).then(|| "8:30 Khai mạc · 9:00 Nhu cầu của siêu thị và chuỗi phân phối · 10:30 Gặp gỡ theo bàn · 12:00 Bế mạc".to_owned())),
            capacity: Set((n == 2).then_some(40)),
            registered: Set(0),
            village_id: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for c in focus {
            let category_id = *category_ids.get(*c).ok_or_else(|| SeedError::Data(format!("fair category {c}")))?;
            fair_category::ActiveModel { fair_id: Set(fair.id), category_id: Set(category_id) }.insert(txn).await?;
        }
        if n == 2 {
            continue;
        }
        let mut first_booth = None;
        for (name, size, count, price) in [("Gian tiêu chuẩn", "3×3 m", 40, 2_000_000), ("Gian góc", "3×6 m", 8, 3_500_000), ("Gian ẩm thực", "3×3 m", 12, 2_500_000)] {
            let booth = booth_type::ActiveModel {
                fair_id: Set(fair.id),
                name: Set(name.to_owned()),
                size: Set(Some(size.to_owned())),
                count: Set(count),
                taken: Set(0),
                price_vnd: Set(price),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            first_booth.get_or_insert(booth.id);
        }
        if status == FairStatus::Published {
            let Some(booth) = first_booth else { continue };
            let application = fair_application::ActiveModel {
                fair_id: Set(fair.id),
                producer_id: Set(2),
                booth_type_id: Set(booth),
                status: Set(ApplicationStatus::Approved),
                note: Set(None),
                reason: Set(None),
                booth_number: Set(Some("B-05".to_owned())),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            booth_type::Entity::update_many()
                .col_expr(booth_type::Column::Taken, sea_orm::sea_query::Expr::value(1))
                .filter(booth_type::Column::Id.eq(booth))
                .exec(txn)
                .await?;
            for product in exhibitor_products {
                application_product::ActiveModel { application_id: Set(application.id), product_id: Set(*product) }.insert(txn).await?;
            }
        }
    }
    Ok(())
}

/// A few dozen illustrative points of sale run by the office (OCOP shops and supermarkets
/// across districts, with made-up names), and the Bát Tràng producer's own showroom.
async fn seed_points_of_sale(
    txn: &impl ConnectionTrait,
    reference: &Reference,
    district_ids: &HashMap<String, i32>,
    product_count: i32,
    bat_trang_products: &[i32],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), SeedError> {
    use crate::domain::geo::DISTRICT_CENTRES;
    use crate::domain::PosKind;
    let mut points = Vec::new();
    for (i, (slug, lat, lng)) in DISTRICT_CENTRES.iter().enumerate() {
        let name = reference.district(slug).map_or(*slug, |d| d.name.as_str());
        let jitter = (i as f64 % 5.0 - 2.0) * 0.004;
        points.push((format!("Cửa hàng giới thiệu sản phẩm OCOP {name}"), PosKind::OcopShop, *slug, *lat + jitter, *lng - jitter, None));
        if i % 3 == 0 {
            points.push((format!("Siêu thị Làng Việt {name}"), PosKind::Supermarket, *slug, *lat - jitter, *lng + jitter, None));
        }
    }
    points.push(("Showroom Gốm sứ Hưng Thịnh".to_owned(), PosKind::VillageShowroom, "gia-lam", 20.976, 105.912, Some(1)));
    for (i, (name, kind, district, lat, lng, producer)) in points.into_iter().enumerate() {
        let district_id = *district_ids.get(district).ok_or_else(|| SeedError::Data(format!("pos district {district}")))?;
        let pos = point_of_sale::ActiveModel {
            slug: Set(Slug::from_name(&name).map(|s| s.to_string()).unwrap_or_else(|| format!("diem-ban-{i}"))),
            name: Set(name),
            kind: Set(kind),
            address: Set(format!("Số {}, đường chính", 10 + i)),
            ward: Set(reference.district(district).and_then(|d| d.communes.first()).cloned()),
            district_id: Set(district_id),
            opening_hours: Set(Some("8:00–21:00".to_owned())),
            phone: Set(None),
            latitude: Set(Some(lat)),
            longitude: Set(Some(lng)),
            manager_user_id: Set(None),
            manager_producer_id: Set(producer),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        // The showroom stocks its own products; every shop stocks one product in 25, and
        // every third one the Bát Tràng producer's first products too.
        let mut stocked: Vec<i32> = match producer {
            Some(_) => bat_trang_products.to_vec(),
            None => (1..=product_count).filter(|p| (p + i as i32) % 25 == 0).collect(),
        };
        if producer.is_none() && i % 3 == 0 {
            stocked.extend(bat_trang_products.iter().take(3));
        }
        stocked.sort_unstable();
        stocked.dedup();
        let rows: Vec<_> = stocked.into_iter().map(|p| pos_product::ActiveModel { pos_id: Set(pos.id), product_id: Set(p) }).collect();
        insert_chunked(txn, rows).await?;
    }
    Ok(())
}

/// Adds `n` synthetic published products (without OCOP certificates, so the programme's
/// figures do not change) spread over the existing producers, for benchmarks.
pub async fn seed_scale(db: &DatabaseConnection, n: u64) -> Result<u64, SeedError> {
    let producers: Vec<producer::Model> = producer::Entity::find().order_by_asc(producer::Column::Id).all(db).await?;
    if producers.is_empty() {
        return Err(SeedError::NotSeeded);
    }
    let categories: HashMap<i32, category::Model> =
        category::Entity::find().all(db).await?.into_iter().map(|c| (c.id, c)).collect();
    let leaves: Vec<&category::Model> = {
        let mut l: Vec<_> = categories.values().filter(|c| c.parent_id.is_some()).collect();
        l.sort_by_key(|c| c.id);
        l
    };
    let villages: HashMap<i32, String> =
        village::Entity::find().all(db).await?.into_iter().map(|v| (v.id, v.name)).collect();
    let districts: HashMap<i32, i32> =
        commune::Entity::find().all(db).await?.into_iter().map(|c| (c.id, c.district_id)).collect();
    let max_id: Option<i32> = product::Entity::find()
        .select_only()
        .column_as(sea_orm::sea_query::Expr::from(sea_orm::sea_query::Func::max(sea_orm::sea_query::Expr::col(product::Column::Id))), "max_id")
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    let first_id = max_id.unwrap_or(0) + 1;
    let mut rng = Rng::new(SEED ^ first_id as u64);
    let now = Utc::now();

    let txn = db.begin().await?;
    let mut written = 0u64;
    while written < n {
        let batch = (n - written).min(2000);
        let mut rows = Vec::with_capacity(batch as usize);
        let mut images = Vec::with_capacity(batch as usize);
        for k in 0..batch {
            let id = first_id + (written + k) as i32;
            let producer = rng.pick(&producers);
            let leaf = *rng.pick(&leaves);
            let templates = templates_for(&leaf.slug);
            let Some(template) = (!templates.is_empty()).then(|| rng.pick(templates)) else { continue };
            let village = producer.village_id.and_then(|v| villages.get(&v)).cloned().unwrap_or_default();
            let name_vi = format!("{} {} #{id}", template.name_vi, village);
            let name_en = format!("{}, {} #{id}", template.name_en, village);
            let price = round_to_thousand(rng.between(template.price_min_vnd, template.price_max_vnd));
            let text = listing_text(
                &name_vi, Some(&name_en), template.description_vi, Some(template.description_en),
                &producer.name, Some(&village), &leaf.name_vi, &leaf.name_en,
            );
            rows.push(product::ActiveModel {
                id: Set(id),
                producer_id: Set(producer.id),
                category_id: Set(leaf.id),
                slug: Set(format!("{}-sp{id}", Slug::from_name(template.name_vi).map(|s| s.to_string()).unwrap_or_default())),
                search_folded: Set(text.folded),
                district_id: Set(districts.get(&producer.commune_id).copied()),
                village_id: Set(producer.village_id),
                producer_kind: Set(Some(producer.kind)),
                top_category_id: Set(Some(leaf.parent_id.unwrap_or(leaf.id))),
                ocop_stars: Set(None),
                ocop_expires_on: Set(None),
                search_body_folded: Set(text.body_folded),
                search_accented: Set(text.accented),
                name_vi: Set(name_vi),
                name_en: Set(Some(name_en)),
                description_vi: Set(template.description_vi.to_owned()),
                description_en: Set(Some(template.description_en.to_owned())),
                price_vnd: Set(price),
                unit: Set(Unit::parse(template.unit).unwrap_or(Unit::Piece)),
                stock: Set(rng.between(0, 500) as i32),
                wholesale_price_vnd: Set(None),
                min_order_qty: Set(None),
                retail_min_qty: Set(None),
                moderation_note: Set(None),
                status: Set(ProductStatus::Published),
                member_producer_id: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            });
            images.push(product_image::ActiveModel {
                id: Set(id + 10_000_000),
                product_id: Set(id),
                url: Set(format!("/img/categories/{}.svg", leaf.slug)),
                position: Set(0),
                alt_vi: Set(template.name_vi.to_owned()),
                alt_en: Set(Some(template.name_en.to_owned())),
                thumb_url: Set(None),
            });
        }
        insert_chunked(&txn, rows).await?;
        insert_chunked(&txn, images).await?;
        written += batch;
    }
    reset_id_sequence(&txn, "products").await?;
    reset_id_sequence(&txn, "product_images").await?;
    txn.commit().await?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_reproduces_the_article() {
        let plan = plan_demo(&Reference::embedded().unwrap()).expect("plan");
        assert_eq!(plan.villages.len(), 313);
        let districts: HashSet<_> = plan.villages.iter().map(|v| v.district.as_str()).collect();
        assert_eq!(districts.len(), 23);
        let count = |k| plan.producers.iter().filter(|p| p.kind == k).count();
        assert_eq!(count(ProducerKind::Enterprise), 72);
        assert_eq!(count(ProducerKind::Cooperative), 82);
        assert_eq!(count(ProducerKind::Household), 101);
        let stars = |s| plan.products.iter().filter(|p| p.stars == s).count();
        assert_eq!((stars(5), stars(4), stars(3)), (17, 731, 306));
        assert_eq!(plan.products.len(), 1054);
        let owners: HashSet<_> = plan.products.iter().map(|p| p.producer).collect();
        assert_eq!(owners.len(), 255, "every producer has a product");
        let jobs: i32 = plan.producers.iter().map(|p| p.workers).sum();
        assert!(jobs > 5000, "over 5,000 rural jobs, got {jobs}");
    }

    #[test]
    fn plan_is_deterministic_and_slugs_unique() {
        let reference = Reference::embedded().unwrap();
        let a = plan_demo(&reference).unwrap();
        let b = plan_demo(&reference).unwrap();
        assert_eq!(
            a.products.iter().map(|p| &p.slug).collect::<Vec<_>>(),
            b.products.iter().map(|p| &p.slug).collect::<Vec<_>>()
        );
        for slugs in [
            a.products.iter().map(|p| p.slug.as_str()).collect::<Vec<_>>(),
            a.producers.iter().map(|p| p.slug.as_str()).collect(),
            a.villages.iter().map(|v| v.slug.as_str()).collect(),
        ] {
            let unique: HashSet<_> = slugs.iter().collect();
            assert_eq!(unique.len(), slugs.len());
            assert!(slugs.iter().all(|s| Slug::parse(s).is_ok()));
        }
    }

    #[test]
    fn demo_storefronts_are_where_the_accounts_say() {
        let plan = plan_demo(&Reference::embedded().unwrap()).unwrap();
        let first = &plan.producers[0];
        assert_eq!(first.kind, ProducerKind::Enterprise);
        assert_eq!(plan.villages[first.village].name, "Bát Tràng");
        let second = &plan.producers[1];
        assert_eq!(second.kind, ProducerKind::Cooperative);
        assert_eq!(plan.villages[second.village].name, "Vạn Phúc");
    }

    #[test]
    fn data_references_are_consistent() {
        let reference = Reference::embedded().unwrap();
        let leaves = reference.leaf_categories();
        for leaf in &leaves {
            let t = templates_for(leaf);
            assert!(!t.is_empty(), "templates for {leaf}");
            for tpl in t {
                assert!(tpl.price_min_vnd <= tpl.price_max_vnd && tpl.price_min_vnd > 0, "{}", tpl.name_vi);
                assert!(Unit::parse(tpl.unit).is_some(), "{}", tpl.unit);
            }
        }
        assert!(CRAFT_DISTRICTS.iter().all(|d| reference.district(d).is_some()));
        assert_eq!(CRAFT_DISTRICTS.len(), 23);
        for m in data::MARKS {
            assert!(reference.villages.iter().any(|v| v.name == m.village), "mark {}", m.name);
        }
    }
}
