//! The programme's figures, counted from the live data with portable SQL (the same statements
//! run on SQLite and PostgreSQL). A product's *current* certificate is its latest verified one,
//! so a re-rated product is counted once, at its new rating.

use sea_orm::{ConnectionTrait, DbErr, QueryResult, Statement};

use crate::domain::{
    figures::{DistrictFigures, ProgrammeFigures},
    geo::District,
    IssuingLevel, ProducerKind, VerificationStatus,
};

/// Verified certificates that no later verified certificate of the same product replaces.
const CURRENT_CERTIFICATES: &str = "\
    SELECT c.product_id, c.stars, c.level FROM ocop_certificates c \
    WHERE c.status = 'verified' AND NOT EXISTS ( \
        SELECT 1 FROM ocop_certificates n \
        WHERE n.product_id = c.product_id AND n.status = 'verified' \
          AND (n.decision_date > c.decision_date OR (n.decision_date = c.decision_date AND n.id > c.id)))";

async fn rows(db: &impl ConnectionTrait, sql: &str) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql.to_owned()))
        .await
}

async fn count(db: &impl ConnectionTrait, sql: &str) -> Result<u64, DbErr> {
    let rows = rows(db, sql).await?;
    let n: i64 = match rows.first() {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    Ok(n.max(0) as u64)
}

pub async fn programme_figures(db: &impl ConnectionTrait) -> Result<ProgrammeFigures, DbErr> {
    let mut figures = ProgrammeFigures {
        villages: count(db, "SELECT COUNT(*) AS n FROM villages").await?,
        districts_with_villages: count(
            db,
            "SELECT COUNT(DISTINCT cm.district_id) AS n FROM villages v JOIN communes cm ON cm.id = v.commune_id",
        )
        .await?,
        ..Default::default()
    };

    let by_rating = format!(
        "SELECT CAST(cur.stars AS INTEGER) AS stars, cur.level AS level, COUNT(*) AS n \
         FROM ({CURRENT_CERTIFICATES}) cur GROUP BY cur.stars, cur.level"
    );
    for row in rows(db, &by_rating).await? {
        let stars: i32 = row.try_get("", "stars")?;
        let level: String = row.try_get("", "level")?;
        let n = row.try_get::<i64>("", "n")?.max(0) as u64;
        figures.ocop_products += n;
        match (stars, IssuingLevel::parse(&level)) {
            (3, _) => figures.three_star += n,
            (4, _) => figures.four_star += n,
            (5, Some(IssuingLevel::National)) => figures.five_star += n,
            (5, _) => figures.potential_five_star += n,
            _ => {}
        }
    }

    let verified = VerificationStatus::Verified.code();
    let by_kind = format!(
        "SELECT p.kind AS kind, COUNT(*) AS n FROM producers p \
         WHERE p.verification = '{verified}' AND EXISTS ( \
             SELECT 1 FROM products pr JOIN ({CURRENT_CERTIFICATES}) cur ON cur.product_id = pr.id \
             WHERE pr.producer_id = p.id) \
         GROUP BY p.kind"
    );
    let mut kinds = Vec::new();
    for row in rows(db, &by_kind).await? {
        let kind: String = row.try_get("", "kind")?;
        if let Some(kind) = ProducerKind::parse(&kind) {
            kinds.push((kind, row.try_get::<i64>("", "n")?.max(0) as u64));
        }
    }
    figures.producers_by_kind = ProducerKind::ALL
        .iter()
        .map(|k| (*k, kinds.iter().find(|(kk, _)| kk == k).map_or(0, |(_, n)| *n)))
        .collect();

    figures.rural_jobs = count(
        db,
        &format!("SELECT COALESCE(SUM(workers), 0) AS n FROM producers WHERE verification = '{verified}'"),
    )
    .await?;
    Ok(figures)
}

/// Figures for one district (looked up by the caller).
pub async fn district_figures(
    db: &impl ConnectionTrait,
    district: District,
    district_id: i32,
) -> Result<DistrictFigures, DbErr> {
    let verified = VerificationStatus::Verified.code();
    let villages = count(
        db,
        &format!(
            "SELECT COUNT(*) AS n FROM villages v JOIN communes cm ON cm.id = v.commune_id WHERE cm.district_id = {district_id}"
        ),
    )
    .await?;
    let producers = count(
        db,
        &format!(
            "SELECT COUNT(*) AS n FROM producers p JOIN communes cm ON cm.id = p.commune_id \
             WHERE cm.district_id = {district_id} AND p.verification = '{verified}'"
        ),
    )
    .await?;
    let ocop_products = count(
        db,
        &format!(
            "SELECT COUNT(*) AS n FROM ({CURRENT_CERTIFICATES}) cur \
             JOIN products pr ON pr.id = cur.product_id \
             JOIN producers p ON p.id = pr.producer_id \
             JOIN communes cm ON cm.id = p.commune_id \
             WHERE cm.district_id = {district_id} AND p.verification = '{verified}'"
        ),
    )
    .await?;
    Ok(DistrictFigures { district, villages, producers, ocop_products })
}

/// The office's statistics page: the headline figures and each chart's series.
pub async fn office_stats(
    db: &impl ConnectionTrait,
    lang: crate::i18n::Lang,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<crate::domain::figures::OfficeStats, DbErr> {
    use chrono::Datelike;
    use crate::domain::figures::{last_twelve_months, Bar, OfficeStats};
    use crate::domain::trade::month_key;
    let bars = |rows: Vec<QueryResult>| -> Result<Vec<Bar>, DbErr> {
        rows.into_iter()
            .map(|r| Ok(Bar { label: r.try_get("", "label")?, value: r.try_get::<i64>("", "n")?.max(0) as u64 }))
            .collect()
    };
    let villages_by_district = bars(
        rows(
            db,
            "SELECT d.name AS label, COUNT(*) AS n FROM villages v JOIN communes cm ON cm.id = v.commune_id \
             JOIN districts d ON d.id = cm.district_id GROUP BY d.id, d.name, d.position ORDER BY d.position, d.id",
        )
        .await?,
    )?;
    let name_column = match lang {
        crate::i18n::Lang::Vi => "name_vi",
        crate::i18n::Lang::En => "name_en",
    };
    let ocop_by_category = bars(
        rows(
            db,
            &format!(
                "SELECT top.{name_column} AS label, COUNT(*) AS n FROM ({CURRENT_CERTIFICATES}) cur \
                 JOIN products pr ON pr.id = cur.product_id JOIN categories c ON c.id = pr.category_id \
                 JOIN categories top ON top.id = COALESCE(c.parent_id, c.id) \
                 GROUP BY top.id, top.{name_column}, top.position ORDER BY top.position, top.id"
            ),
        )
        .await?,
    )?;

    // By month in Hà Nội time, counted in Rust so one statement suits both engines.
    let local = now.with_timezone(&crate::domain::time::vietnam_offset());
    let months = last_twelve_months((local.year(), local.month()));
    let since = now - chrono::Duration::days(400);
    let by_month = |stamps: Vec<chrono::DateTime<chrono::Utc>>| -> Vec<Bar> {
        let mut counts: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
        for at in stamps {
            *counts.entry(month_key(at)).or_default() += 1;
        }
        months.iter().map(|m| Bar { label: m.clone(), value: counts.get(m).copied().unwrap_or(0) }).collect()
    };
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    use super::entities::{order, trade_request};
    let order_times: Vec<chrono::DateTime<chrono::Utc>> = order::Entity::find()
        .select_only()
        .column(order::Column::CreatedAt)
        .filter(order::Column::CreatedAt.gte(since))
        .into_tuple()
        .all(db)
        .await?;
    let request_times: Vec<chrono::DateTime<chrono::Utc>> = trade_request::Entity::find()
        .select_only()
        .column(trade_request::Column::CreatedAt)
        .filter(trade_request::Column::CreatedAt.gte(since))
        .into_tuple()
        .all(db)
        .await?;

    let fair_name = match lang {
        crate::i18n::Lang::Vi => "f.name_vi",
        crate::i18n::Lang::En => "COALESCE(f.name_en, f.name_vi)",
    };
    let exhibitors_by_fair = bars(
        rows(
            db,
            &format!(
                "SELECT {fair_name} AS label, COUNT(a.id) AS n FROM fairs f \
                 LEFT JOIN fair_applications a ON a.fair_id = f.id AND a.status = 'approved' \
                 WHERE f.status IN ('published', 'finished') \
                 GROUP BY f.id, {fair_name}, f.starts_at ORDER BY f.starts_at DESC, f.id DESC LIMIT 12"
            ),
        )
        .await?,
    )?;
    Ok(OfficeStats {
        figures: programme_figures(db).await?,
        villages_by_district,
        ocop_by_category,
        orders_by_month: by_month(order_times),
        requests_by_month: by_month(request_times),
        fairs_total: count(db, "SELECT COUNT(*) AS n FROM fairs WHERE status IN ('published', 'finished')").await?,
        exhibitors_total: count(
            db,
            "SELECT COUNT(*) AS n FROM fair_applications a JOIN fairs f ON f.id = a.fair_id \
             WHERE a.status = 'approved' AND f.status IN ('published', 'finished')",
        )
        .await?,
        verified_buyers: count(db, "SELECT COUNT(*) AS n FROM buyer_businesses WHERE verification = 'verified'").await?,
        exhibitors_by_fair,
    })
}
