//! `server bench-checkout --url http://127.0.0.1:PORT [--shoppers 200]`: the checkout
//! benchmark of `make bench`. Against a running server on the database named by
//! `DATABASE_URL` (seeded, typically with 100,000 extra products), it signs in `shoppers`
//! new consumers, fills each cart with one of five popular products and one product drawn
//! from the whole catalog, then sends every checkout at once over HTTP and prints completed
//! checkouts per second, p50 / p99 latency and errors. Afterwards it checks that the stock
//! taken equals the units ordered. Only 127.0.0.1 is accepted.

use std::time::{Duration, Instant};

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use app::backend::entities::{order_line, product, user};
use app::backend::{cart, db, sessions};
use app::domain::ProductStatus;

const HOT_PRODUCTS: usize = 5;
const HOT_STOCK: i32 = 1_000_000;

struct Options {
    port: u16,
    shoppers: usize,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let usage = || "usage: server bench-checkout --url http://127.0.0.1:PORT [--shoppers N]".to_owned();
    let (mut port, mut shoppers) = (None, 200);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(usage)?;
        match flag.as_str() {
            "--url" => {
                let rest = value.strip_prefix("http://127.0.0.1:").ok_or("only http://127.0.0.1 is benchmarked")?;
                port = Some(rest.trim_end_matches('/').parse::<u16>().map_err(|_| usage())?);
            }
            "--shoppers" => shoppers = value.parse().map_err(|_| usage())?,
            _ => return Err(usage()),
        }
    }
    Ok(Options { port: port.ok_or_else(usage)?, shoppers: shoppers.clamp(1, 1000) })
}

/// One POST on a fresh connection; the status code, or an error.
async fn post(port: u16, path: &str, cookie: &str, body: &str) -> Result<u16, String> {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.map_err(|e| e.to_string())?;
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.map_err(|e| e.to_string())?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.map_err(|e| e.to_string())?;
    let head = String::from_utf8_lossy(&answer[..answer.len().min(64)]).into_owned();
    head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| format!("no status in {head:?}"))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub async fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    let config = crate::config::Config::from_env()?;
    let database = db::connect(&config.database_url).await.map_err(|e| format!("database: {e}"))?;
    let err = |e: sea_orm::DbErr| e.to_string();

    // Five popular products with plenty of stock, and the whole published catalog to draw from.
    let hot: Vec<product::Model> = product::Entity::find()
        .filter(product::Column::Status.eq(ProductStatus::Published))
        .order_by_asc(product::Column::Id)
        .limit(HOT_PRODUCTS as u64)
        .all(&database)
        .await
        .map_err(err)?;
    for p in &hot {
        let mut row = p.clone().into_active_model();
        row.stock = Set(HOT_STOCK);
        row.retail_min_qty = Set(None);
        row.update(&database).await.map_err(err)?;
    }
    let catalog: Vec<i32> = product::Entity::find()
        .select_only()
        .column(product::Column::Id)
        .filter(product::Column::Status.eq(ProductStatus::Published))
        .filter(product::Column::Stock.gt(0))
        .into_tuple()
        .all(&database)
        .await
        .map_err(err)?;
    if hot.len() < HOT_PRODUCTS || catalog.is_empty() {
        return Err("seed the database first (server seed, then seed --scale N)".into());
    }

    let run_id = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
    let mut shoppers = Vec::new();
    let mut state = run_id as u64 | 1;
    for n in 0..options.shoppers {
        let shopper = user::ActiveModel {
            email: Set(format!("bench-{run_id}-{n}@cholang.test")),
            password_hash: Set("not-a-login".into()),
            display_name: Set(format!("Khách {n}")),
            producer_id: Set(None),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&database)
        .await
        .map_err(err)?;
        // xorshift: a different catalog product per shopper, the same across runs of one seed.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let drawn = catalog[(state % catalog.len() as u64) as usize];
        cart::add_for_user(&database, shopper.id, hot[n % HOT_PRODUCTS].id, 1).await.map_err(|e| e.to_string())?;
        if drawn != hot[n % HOT_PRODUCTS].id {
            cart::add_for_user(&database, shopper.id, drawn, 1).await.map_err(|e| e.to_string())?;
        }
        let token = sessions::start(&database, shopper.id).await.map_err(err)?;
        shoppers.push((n, format!("{}={token}", sessions::SESSION_COOKIE)));
    }
    let hot_ids: Vec<i32> = hot.iter().map(|p| p.id).collect();
    let lines_before = order_line::Entity::find().filter(order_line::Column::ProductId.is_in(hot_ids.clone())).count(&database).await.map_err(err)?;

    let started = Instant::now();
    let handles: Vec<_> = shoppers
        .into_iter()
        .map(|(n, cookie)| {
            let body = format!(
                "order%5Brecipient_name%5D=Kh%C3%A1ch+{n}&order%5Bphone%5D=0912345678&order%5Bprovince%5D=H%C3%A0+N%E1%BB%99i\
                 &order%5Bward%5D=Ph%C6%B0%E1%BB%9Dng+H%C3%A0ng+Gai&order%5Bstreet%5D=1+H%C3%A0ng+Gai&order%5Bpayment%5D=cod\
                 &order%5Bidempotency_key%5D=bench-{run_id}-{n:06}"
            );
            let port = options.port;
            tokio::spawn(async move {
                let t = Instant::now();
                let status = post(port, "/api/place_order", &cookie, &body).await;
                (t.elapsed(), status)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = Vec::new();
    for h in handles {
        let (elapsed, status) = h.await.map_err(|e| e.to_string())?;
        match status {
            Ok(200) => latencies.push(elapsed),
            Ok(code) => errors.push(format!("HTTP {code}")),
            Err(e) => errors.push(e),
        }
    }
    let wall = started.elapsed();
    latencies.sort();

    // The popular products' stock went down by exactly what was ordered of them.
    let stock_left: i64 = product::Entity::find()
        .filter(product::Column::Id.is_in(hot_ids.clone()))
        .all(&database)
        .await
        .map_err(err)?
        .iter()
        .map(|p| i64::from(p.stock))
        .sum();
    let lines_after = order_line::Entity::find().filter(order_line::Column::ProductId.is_in(hot_ids)).count(&database).await.map_err(err)?;
    let consistent = (HOT_STOCK as i64) * HOT_PRODUCTS as i64 - stock_left == (lines_after - lines_before) as i64;

    let backend = if config.database_url.starts_with("sqlite:") { "SQLite" } else { "PostgreSQL" };
    println!(
        "RESULT {backend} {} {:.1} {:.0} {:.0} {:.0} {} {}",
        options.shoppers,
        latencies.len() as f64 / wall.as_secs_f64(),
        percentile(&latencies, 50.0).as_secs_f64() * 1000.0,
        percentile(&latencies, 99.0).as_secs_f64() * 1000.0,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
        errors.len(),
        if consistent { "stock-consistent" } else { "STOCK-MISMATCH" },
    );
    if let Some(first) = errors.first() {
        eprintln!("first error: {first}");
    }
    Ok(())
}
