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
