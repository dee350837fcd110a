//! The soak test's client (`make soak` runs it through `.ci/soak.sh`):
//!
//! ```sh
//! DATABASE_URL=… cargo run -p server --example soak -- --url http://127.0.0.1:PORT [--seconds 600] [--rate 5]
//! ```
//!
//! Against a running server on the database named by `DATABASE_URL` (seeded with the demo
//! data), it starts `rate` journeys a second, whatever the server's speed (an open loop, as
//! real visitors arrive), for `seconds`: browsing (home, catalog pages with varied facets,
//! product pages), searching, adding to a cart, checking out, a producer editing stock, and
//! logins with a wrong password. It prints one line per minute and, at the end, the requests,
//! errors (any answer other than 2xx/3xx, except 401 and 429 where a wrong password expects
//! them) with their first examples, and p50/p99/max latency per journey. Exit status 1 when
//! there were errors. Only 127.0.0.1 is accepted.
//!
//! Shoppers and the producer get their sessions straight from the database (an argon2 login
//! per journey would measure argon2); the popular products' stock is raised so checkouts do
//! not run out. It is a load generator, not a test of the answers' content.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use app::backend::entities::{product, user};
use app::backend::{db, sessions};
use app::domain::ProductStatus;

const SHOPPERS: usize = 24;
const STOCKED: usize = 12;
const SEARCHES: &[&str] = &["gốm", "lụa", "mây tre", "bát tràng", "tranh", "khảm trai", "nón", "gom su", "quạt", "đồ gỗ", "xyz không có"];
const FACETS: &[&str] = &["stars=5", "stars=4", "stars=3", "district=gia-lam", "village=bat-trang", "village=van-phuc", "category=gom-su", "sort=price_asc", "sort=newest", ""];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Journey {
    Browse,
    Search,
    Cart,
    Checkout,
    ProducerEdit,
    WrongLogin,
}

/// Out of 20 journeys: 8 browse, 4 search, 3 cart, 2 checkout, 2 producer edits, 1 wrong login.
const MIX: [Journey; 20] = {
    use Journey::*;
    [Browse, Search, Browse, Cart, Browse, Checkout, Search, Browse, ProducerEdit, Browse, Search, Cart, Browse, WrongLogin, Browse, Checkout, Search, Browse, ProducerEdit, Cart]
};

struct Setup {
    port: u16,
    products: Vec<(i32, String)>,
    stocked: Vec<i32>,
    shoppers: Vec<String>,
    producer: String,
    own_products: Vec<i32>,
}

#[derive(Default)]
struct Tally {
    latencies: BTreeMap<Journey, Vec<Duration>>,
    requests: usize,
    errors: Vec<String>,
}

fn usage() -> String {
    "usage: cargo run -p server --example soak -- --url http://127.0.0.1:PORT [--seconds N] [--rate JOURNEYS_PER_SECOND]".into()
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<bool, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut port, mut seconds, mut rate) = (None, 600u64, 5.0f64);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(usage)?;
        match flag.as_str() {
            "--url" => {
                let rest = value.strip_prefix("http://127.0.0.1:").ok_or("only http://127.0.0.1 is soaked")?;
                port = Some(rest.trim_end_matches('/').parse::<u16>().map_err(|_| usage())?);
            }
            "--seconds" => seconds = value.parse().map_err(|_| usage())?,
            "--rate" => rate = value.parse().map_err(|_| usage())?,
            _ => return Err(usage()),
        }
    }
    let port = port.ok_or_else(usage)?;
    if !(0.1..=200.0).contains(&rate) {
        return Err("--rate is between 0.1 and 200 journeys a second".into());
    }
    let setup = Arc::new(prepare(port).await?);

    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    let end = started + Duration::from_secs(seconds);
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    let mut n: u64 = 0;
    let mut tasks = Vec::new();
    let mut next_report = started + Duration::from_secs(60);
    while Instant::now() < end {
        ticker.tick().await;
        let journey = MIX[(n % MIX.len() as u64) as usize];
        let (shared, counts) = (Arc::clone(&setup), Arc::clone(&tally));
        tasks.push(tokio::spawn(async move { journey_run(journey, n, &shared, &counts).await }));
        n += 1;
        tasks.retain(|t| !t.is_finished());
        if Instant::now() >= next_report {
            let t = tally.lock().unwrap();
            println!("soak: {:>4} s, {} requests, {} errors", started.elapsed().as_secs(), t.requests, t.errors.len());
            next_report += Duration::from_secs(60);
        }
    }
    for task in tasks {
        let _ = task.await;
    }

    let t = tally.lock().unwrap();
    let mut all: Vec<Duration> = t.latencies.values().flatten().copied().collect();
    all.sort();
    println!("soak: {n} journeys, {} requests in {:.0} s ({rate} journeys/s)", t.requests, started.elapsed().as_secs_f64());
    for (journey, latencies) in &t.latencies {
        let mut sorted = latencies.clone();
        sorted.sort();
        println!(
            "  {journey:<13?} {:>6} requests  p50 {:>7.1} ms  p99 {:>7.1} ms  max {:>7.1} ms",
            sorted.len(),
            ms(percentile(&sorted, 50.0)),
            ms(percentile(&sorted, 99.0)),
            ms(sorted.last().copied().unwrap_or_default())
        );
    }
    println!("RESULT requests={} errors={} p50_ms={:.1} p99_ms={:.1} max_ms={:.1}", t.requests, t.errors.len(), ms(percentile(&all, 50.0)), ms(percentile(&all, 99.0)), ms(all.last().copied().unwrap_or_default()));
    for error in t.errors.iter().take(10) {
        println!("  error: {error}");
    }
    Ok(t.errors.is_empty())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Shoppers with sessions, the producer's session and products, stocked popular products.
async fn prepare(port: u16) -> Result<Setup, String> {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| db::DEFAULT_DATABASE_URL.into());
    let database = db::connect(&url).await.map_err(|e| format!("database: {e}"))?;
    let err = |e: sea_orm::DbErr| e.to_string();
    let published = product::Entity::find()
        .filter(product::Column::Status.eq(ProductStatus::Published))
        .filter(product::Column::Stock.gt(0))
        .order_by_asc(product::Column::Id)
        .limit(400)
        .all(&database)
        .await
        .map_err(err)?;
    if published.len() < STOCKED {
        return Err("seed the database first (server seed)".into());
    }
    let mut stocked = Vec::new();
    for p in published.iter().step_by(published.len() / STOCKED).take(STOCKED) {
        stocked.push(p.id);
        let mut row = p.clone().into_active_model();
        row.stock = Set(10_000_000);
        row.retail_min_qty = Set(None);
        row.update(&database).await.map_err(err)?;
    }
    let products = published.iter().map(|p| (p.id, p.slug.clone())).collect();

    let run_id = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
    let mut shoppers = Vec::new();
    for n in 0..SHOPPERS {
        let shopper = user::ActiveModel {
            email: Set(format!("soak-{run_id}-{n}@cholang.test")),
            password_hash: Set("not-a-login".into()),
            display_name: Set(format!("Khách {n}")),
            producer_id: Set(None),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&database)
        .await
        .map_err(err)?;
        let token = sessions::start(&database, shopper.id).await.map_err(err)?;
        shoppers.push(format!("{}={token}", sessions::SESSION_COOKIE));
    }
    let maker = user::Entity::find()
        .filter(user::Column::Email.eq("gom.battrang@cholang.test"))
        .one(&database)
        .await
        .map_err(err)?
        .ok_or("the demo producer gom.battrang@cholang.test is missing: seed the demo data")?;
    let producer_id = maker.producer_id.ok_or("the demo producer has no storefront")?;
    let own_products = product::Entity::find()
        .select_only()
        .column(product::Column::Id)
        .filter(product::Column::ProducerId.eq(producer_id))
        .into_tuple()
        .all(&database)
        .await
        .map_err(err)?;
    let token = sessions::start(&database, maker.id).await.map_err(err)?;
    let producer = format!("{}={token}", sessions::SESSION_COOKIE);
    database.close().await.map_err(err)?;
    Ok(Setup { port, products, stocked, shoppers, producer, own_products })
}

/// One journey, its requests one after another, each timed and checked.
async fn journey_run(journey: Journey, n: u64, setup: &Setup, tally: &Mutex<Tally>) {
    let pick = |len: usize, salt: u64| -> usize {
        let mut x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x ^= x >> 31;
        (x % len.max(1) as u64) as usize
    };
    let shopper = &setup.shoppers[pick(SHOPPERS / 2, 1)];
    let product = &setup.products[pick(setup.products.len(), 2)];
    let stocked = setup.stocked[pick(setup.stocked.len(), 3)];
    let steps: Vec<(Request, &[u16])> = match journey {
        Journey::Browse => {
            let facet = FACETS[pick(FACETS.len(), 4)];
            let page = 1 + pick(5, 5);
            vec![
                (Request::get("/", None), &[]),
                (Request::get(&format!("/products?{facet}&page={page}"), None), &[]),
                (Request::get(&format!("/products/{}", product.1), None), &[]),
            ]
        }
        Journey::Search => {
            let q = SEARCHES[pick(SEARCHES.len(), 6)];
            vec![
                (Request::get(&format!("/products?q={}", encode(q)), None), &[]),
                (Request::post("/api/suggest", None, &format!("q={}&lang=vi", encode(q))), &[]),
            ]
        }
        Journey::Cart => vec![
            // A product may sell out or want more than one unit: refused with 409 or 422.
            (Request::post("/api/add_to_cart", Some(shopper), &format!("product_id={}&quantity=1", product.0)), &[409, 422]),
            (Request::get("/cart", Some(shopper)), &[]),
        ],
        Journey::Checkout => {
            let order = format!(
                "order%5Brecipient_name%5D=Kh%C3%A1ch+{n}&order%5Bphone%5D=0912345678&order%5Bprovince%5D=H%C3%A0+N%E1%BB%99i\
                 &order%5Bward%5D=Ph%C6%B0%E1%BB%9Dng+H%C3%A0ng+Gai&order%5Bstreet%5D=1+H%C3%A0ng+Gai&order%5Bpayment%5D=cod\
                 &order%5Bidempotency_key%5D=soak-{n:08}-{}",
                pick(1 << 30, 7)
            );
            // Checkout shoppers (the second half) only ever buy stocked products: a product a
            // cart journey added may have sold out, which is the shopper's business, not an error.
            let buyer = &setup.shoppers[SHOPPERS / 2 + pick(SHOPPERS / 2, 11)];
            vec![
                (Request::post("/api/add_to_cart", Some(buyer), &format!("product_id={stocked}&quantity=1")), &[]),
                (Request::post("/api/place_order", Some(buyer), &order), &[]),
            ]
        }
        Journey::ProducerEdit => {
            let own = setup.own_products.get(pick(setup.own_products.len(), 8)).copied().unwrap_or(1);
            vec![
                (Request::post("/api/set_stock", Some(&setup.producer), &format!("id={own}&stock={}", 50 + pick(500, 9))), &[]),
                (Request::get("/dashboard", Some(&setup.producer)), &[]),
            ]
        }
        Journey::WrongLogin => {
            let email = ["khach@cholang.test", "khong-co@cholang.test", "sieuthi@cholang.test"][pick(3, 10)];
            vec![(Request::post("/api/login", None, &format!("email={}&password=sai-mat-khau-{n}&next=%2Faccount", encode(email))), &[401, 429])]
        }
    };
    for (request, expected) in steps {
        let started = Instant::now();
        let result = request.send(setup.port).await;
        let elapsed = started.elapsed();
        let mut t = tally.lock().unwrap();
        t.requests += 1;
        t.latencies.entry(journey).or_default().push(elapsed);
        match result {
            Ok(status) if (200..400).contains(&status) || expected.contains(&status) => {}
            Ok(status) => t.errors.push(format!("{journey:?} {} {} → {status}", request.method, request.path)),
            Err(e) => t.errors.push(format!("{journey:?} {} {} → {e}", request.method, request.path)),
        }
    }
}

struct Request {
    method: &'static str,
    path: String,
    cookie: Option<String>,
    body: String,
}

impl Request {
    fn get(path: &str, cookie: Option<&String>) -> Self {
        Request { method: "GET", path: path.into(), cookie: cookie.cloned(), body: String::new() }
    }

    fn post(path: &str, cookie: Option<&String>, body: &str) -> Self {
        Request { method: "POST", path: path.into(), cookie: cookie.cloned(), body: body.into() }
    }

    /// On a fresh connection; the status code, or what went wrong.
    async fn send(&self, port: u16) -> Result<u16, String> {
        let exchange = async {
            let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.map_err(|e| e.to_string())?;
            let cookie = self.cookie.as_deref().map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
            let request = format!(
                "{} {} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nAccept-Encoding: br\r\n{cookie}\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{}",
                self.method,
                self.path,
                self.body.len(),
                self.body
            );
            stream.write_all(request.as_bytes()).await.map_err(|e| e.to_string())?;
            let mut answer = Vec::new();
            stream.read_to_end(&mut answer).await.map_err(|e| e.to_string())?;
            let head = String::from_utf8_lossy(&answer[..answer.len().min(64)]).into_owned();
            head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| format!("no status in {head:?}"))
        };
        tokio::time::timeout(Duration::from_secs(60), exchange).await.map_err(|_| "no answer within 60 s".to_owned())?
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
