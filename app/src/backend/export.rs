//! The office's CSV exports: products, producers, villages, certificates and trade requests.
//! Each is read a page at a time in id order (keyset paging), so the server streams any
//! number of rows in bounded memory. Files are UTF-8 with a byte-order mark, so spreadsheet
//! programs show the diacritics; a cell starting with `=`, `+`, `-` or `@` is prefixed
//! with `'` so no spreadsheet runs it as a formula.

use sea_orm::{ConnectionTrait, DbErr, Statement};

/// The byte-order mark opening every export.
pub const BOM: &str = "\u{feff}";
pub const PAGE_ROWS: u64 = 1_000;

pub use crate::domain::exports::Export;

/// What each export holds: its columns (name, SQL expression) and the rows it reads.
trait Source {
    fn columns(self) -> &'static [(&'static str, &'static str)];
    fn from_clause(self) -> (&'static str, &'static str);
}

impl Source for Export {
    fn columns(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Export::Products => &[
                ("id", "CAST(p.id AS TEXT)"),
                ("slug", "p.slug"),
                ("name_vi", "p.name_vi"),
                ("name_en", "p.name_en"),
                ("producer", "pr.name"),
                ("category", "c.name_vi"),
                ("district", "d.name"),
                ("village", "v.name"),
                ("price_vnd", "CAST(p.price_vnd AS TEXT)"),
                ("wholesale_price_vnd", "CAST(p.wholesale_price_vnd AS TEXT)"),
                ("min_order_qty", "CAST(p.min_order_qty AS TEXT)"),
                ("unit", "p.unit"),
                ("stock", "CAST(p.stock AS TEXT)"),
                ("status", "p.status"),
                ("ocop_stars", "CAST(p.ocop_stars AS TEXT)"),
                ("ocop_expires_on", "CAST(p.ocop_expires_on AS TEXT)"),
            ],
            Export::Producers => &[
                ("id", "CAST(p.id AS TEXT)"),
                ("slug", "p.slug"),
                ("name", "p.name"),
                ("kind", "p.kind"),
                ("village", "v.name"),
                ("district", "d.name"),
                ("address", "p.address_line"),
                ("phone", "p.phone"),
                ("email", "p.email"),
                ("workers", "CAST(p.workers AS TEXT)"),
                ("verification", "p.verification"),
            ],
            Export::Villages => &[
                ("id", "CAST(v.id AS TEXT)"),
                ("slug", "v.slug"),
                ("name", "v.name"),
                ("commune", "cm.name"),
                ("district", "d.name"),
                ("year_recognised", "CAST(v.year_recognised AS TEXT)"),
                ("traditional", "CASE WHEN v.traditional THEN 'yes' ELSE 'no' END"),
            ],
            Export::Certificates => &[
                ("id", "CAST(o.id AS TEXT)"),
                ("product", "p.name_vi"),
                ("product_slug", "p.slug"),
                ("producer", "pr.name"),
                ("stars", "CAST(o.stars AS TEXT)"),
                ("level", "o.level"),
                ("decision_number", "o.decision_number"),
                ("decision_date", "CAST(o.decision_date AS TEXT)"),
                ("expires_on", "CAST(o.expires_on AS TEXT)"),
                ("status", "o.status"),
            ],
            Export::TradeRequests => &[
                ("id", "CAST(t.id AS TEXT)"),
                ("created_at", "CAST(t.created_at AS TEXT)"),
                ("buyer", "b.name"),
                ("buyer_tax_code", "b.tax_code"),
                ("producer", "pr.name"),
                ("quantity", "CAST(t.quantity AS TEXT)"),
                ("unit", "t.unit"),
                ("target_price_vnd", "CAST(t.target_price_vnd AS TEXT)"),
                ("wanted_by", "CAST(t.wanted_by AS TEXT)"),
                ("delivery_place", "t.delivery_place"),
                ("status", "t.status"),
                ("broadcast", "CAST(t.broadcast_id AS TEXT)"),
            ],
        }
    }

    fn from_clause(self) -> (&'static str, &'static str) {
        match self {
            Export::Products => (
                "p.id",
                "products p JOIN producers pr ON pr.id = p.producer_id JOIN categories c ON c.id = p.category_id \
                 LEFT JOIN districts d ON d.id = p.district_id LEFT JOIN villages v ON v.id = p.village_id",
            ),
            Export::Producers => (
                "p.id",
                "producers p JOIN communes cm ON cm.id = p.commune_id JOIN districts d ON d.id = cm.district_id \
                 LEFT JOIN villages v ON v.id = p.village_id",
            ),
            Export::Villages => ("v.id", "villages v JOIN communes cm ON cm.id = v.commune_id JOIN districts d ON d.id = cm.district_id"),
            Export::Certificates => ("o.id", "ocop_certificates o JOIN products p ON p.id = o.product_id JOIN producers pr ON pr.id = p.producer_id"),
            Export::TradeRequests => (
                "t.id",
                "trade_requests t JOIN producers pr ON pr.id = t.producer_id LEFT JOIN buyer_businesses b ON b.user_id = t.buyer_user_id",
            ),
        }
    }

}

/// The header line of an export.
pub fn header(export: Export) -> String {
    let names: Vec<&str> = export.columns().iter().map(|(n, _)| *n).collect();
    format!("{}\r\n", names.join(","))
}

/// One cell, quoted when it holds a comma, quote or line break, and defused when a
/// spreadsheet would read it as a formula.
pub fn cell(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) && value.parse::<f64>().is_err() {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// The rows after key `after` (0 for the first page): their CSV lines and the last key
/// read, or `None` when nothing is left.
pub async fn page(db: &impl ConnectionTrait, export: Export, after: i64) -> Result<(String, Option<i64>), DbErr> {
    let (key, from) = export.from_clause();
    let select: Vec<String> = export.columns().iter().enumerate().map(|(i, (_, expr))| format!("{expr} AS c{i}")).collect();
    let sql = format!("SELECT {key} AS k, {} FROM {from} WHERE {key} > {after} ORDER BY {key} LIMIT {PAGE_ROWS}", select.join(", "));
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await?;
    let mut out = String::new();
    let mut last = None;
    for row in &rows {
        let k: i32 = row.try_get("", "k")?;
        last = Some(i64::from(k));
        let cells: Vec<String> = (0..export.columns().len())
            .map(|i| row.try_get::<Option<String>>("", &format!("c{i}")).map(|v| cell(v.as_deref().unwrap_or(""))))
            .collect::<Result<_, _>>()?;
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    Ok((out, if (rows.len() as u64) < PAGE_ROWS { None } else { last }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_defused() {
        assert_eq!(cell("Gốm Bát Tràng"), "Gốm Bát Tràng");
        assert_eq!(cell("Hà Nội, Việt Nam"), "\"Hà Nội, Việt Nam\"");
        assert_eq!(cell("bình \"men lam\""), "\"bình \"\"men lam\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-5"), "-5");
        assert_eq!(Export::parse("trade-requests.csv"), Some(Export::TradeRequests));
        assert_eq!(Export::parse("../etc/passwd"), None);
    }
}
