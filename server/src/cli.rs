//! The operator's commands (everything but serving, which stays in `main.rs`):
//!
//! - `server migrate [up|down [N]|status]`: the schema. `up` (the default) then imports the
//!   embedded reference data, so a fresh production database is usable after one command;
//!   `down` never touches data files. Serving also migrates at start.
//! - `server import-reference [DIR]`: districts, communes, categories and craft villages from
//!   the embedded files or from DIR's `districts.toml`, `categories.toml`, `villages.toml`
//!   (idempotent, additive; never creates accounts).
//! - `server create-admin --email E [--name N]`: the first programme-office account; the
//!   password comes from `CHOLANG_ADMIN_PASSWORD` or stdin (never echoed on a terminal).
//! - `server seed --demo` (demo data with its published password, only into a database
//!   without accounts or producers) and `server seed --scale N` (benchmarks).
//! - `server compress DIR`, `server bench-checkout …`.
//!
//! And [`demo_guard`]: a production server (`LEPTOS_ENV=PROD`) refuses to start while an
//! account opens with the demo password, unless `CHOLANG_DEMO=1`.

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use app::backend::{db, migration::Migrator, reference, roles, seed};
use sea_orm::DatabaseConnection;
use sea_orm_migration::MigratorTrait;

use crate::{bench_checkout, config, static_files};

const USAGE: &str = "usage: server [serve]
       server migrate [up | down [N] | status]
       server import-reference [DIR]
       server create-admin --email EMAIL [--name NAME]   (password: CHOLANG_ADMIN_PASSWORD or stdin)
       server seed --demo | --scale N
       server compress DIR
       server bench-checkout --url URL [--shoppers N]";

/// Runs the command named by `args` (everything after the program name, not `serve`).
pub async fn run(args: &[String]) -> Result<(), String> {
    let rest = &args[1..];
    match args[0].as_str() {
        "migrate" => migrate(rest).await,
        "import-reference" => import_reference(rest).await,
        "create-admin" => create_admin(rest).await,
        "seed" => run_seed(rest).await,
        "bench-checkout" => bench_checkout::run(rest).await,
        "compress" => match rest {
            [dir] => static_files::precompress_dir(Path::new(dir))
                .map(|n| println!("precompressed {n} files in {dir}")),
            _ => Err("usage: server compress DIR".into()),
        },
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n{USAGE}")),
    }
}

async fn connect() -> Result<DatabaseConnection, String> {
    let config = config::Config::from_env()?;
    db::connect(&config.database_url).await.map_err(|e| format!("database: {e}"))
}

async fn migrate(args: &[String]) -> Result<(), String> {
    let db = connect().await?;
    let failed = |e: sea_orm::DbErr| format!("migration: {e}");
    match args {
        [] => migrate_up(&db).await,
        [up] if up == "up" => migrate_up(&db).await,
        [down] if down == "down" => {
            Migrator::down(&db, Some(1)).await.map_err(failed).map(|()| println!("rolled back 1 migration"))
        }
        [down, n] if down == "down" => {
            let n: u32 = n.parse().map_err(|_| format!("down takes a number of migrations, not {n:?}"))?;
            Migrator::down(&db, Some(n)).await.map_err(failed)?;
            println!("rolled back {n} migrations");
            Ok(())
        }
        [status] if status == "status" => {
            for m in Migrator::get_applied_migrations(&db).await.map_err(failed)? {
                println!("applied  {}", m.name());
            }
            for m in Migrator::get_pending_migrations(&db).await.map_err(failed)? {
                println!("pending  {}", m.name());
            }
            Ok(())
        }
        _ => Err("usage: server migrate [up | down [N] | status]".into()),
    }
}

async fn migrate_up(db: &DatabaseConnection) -> Result<(), String> {
    let pending = Migrator::get_pending_migrations(db).await.map_err(|e| format!("migration: {e}"))?.len();
    Migrator::up(db, None).await.map_err(|e| format!("migration: {e}"))?;
    println!("applied {pending} migrations");
    let reference = reference::Reference::embedded().map_err(|e| e.to_string())?;
    let report = reference::import(db, &reference).await.map_err(|e| e.to_string())?;
    println!("reference data: {report}");
    Ok(())
}

async fn import_reference(args: &[String]) -> Result<(), String> {
    let reference = match args {
        [] => reference::Reference::embedded(),
        [dir] => reference::Reference::from_dir(Path::new(dir)),
        _ => return Err("usage: server import-reference [DIR]".into()),
    }
    .map_err(|e| e.to_string())?;
    let config = config::Config::from_env()?;
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| format!("database: {e}"))?;
    let report = reference::import(&db, &reference).await.map_err(|e| e.to_string())?;
    println!("reference data: {report}");
    Ok(())
}

async fn create_admin(args: &[String]) -> Result<(), String> {
    let (mut email, mut name) = (None, None);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        match (flag.as_str(), it.next()) {
            ("--email", Some(v)) => email = Some(v.clone()),
            ("--name", Some(v)) => name = Some(v.clone()),
            _ => return Err("usage: server create-admin --email EMAIL [--name NAME]".into()),
        }
    }
    let email = email.ok_or("usage: server create-admin --email EMAIL [--name NAME]")?;
    let name = name.unwrap_or_else(|| "Văn phòng Chương trình OCOP".to_owned());
    let password = read_password()?;
    let config = config::Config::from_env()?;
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| format!("database: {e}"))?;
    match roles::create_admin(&db, &email, &name, &password).await {
        Ok(id) => {
            println!("created programme-office account {id} <{}>", email.trim().to_lowercase());
            Ok(())
        }
        Err(app::error::AppError::Validation { fields }) => {
            Err(fields.iter().map(|f| format!("{}: {:?}", f.field, f.problem)).collect::<Vec<_>>().join("; ")
                + " (passwords: at least 10 characters, not a common one, not the email's name)")
        }
        Err(e) => Err(e.to_string()),
    }
}

/// `CHOLANG_ADMIN_PASSWORD`, else a terminal prompt without echo (typed twice), else one line
/// of stdin (a pipe or a secret file).
fn read_password() -> Result<String, String> {
    if let Ok(password) = std::env::var("CHOLANG_ADMIN_PASSWORD") {
        return Ok(password);
    }
    if std::io::stdin().is_terminal() {
        let first =
            rpassword::prompt_password("Password: ").map_err(|e| format!("reading the password: {e}"))?;
        let again =
            rpassword::prompt_password("Again: ").map_err(|e| format!("reading the password: {e}"))?;
        return if first == again { Ok(first) } else { Err("the two passwords differ".into()) };
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("reading the password: {e}"))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

async fn run_seed(args: &[String]) -> Result<(), String> {
    const SEED_USAGE: &str = "usage: server seed --demo | --scale N\n  --demo     demo villages, producers, products and accounts (password cholang-demo), only into a database without accounts; never in production\n  --scale N  N more synthetic products, for benchmarks";
    enum Mode {
        Demo,
        Scale(u64),
    }
    let mode = match args {
        [flag] if flag == "--demo" => Mode::Demo,
        [flag, n] if flag == "--scale" => {
            Mode::Scale(n.parse().map_err(|_| format!("--scale takes a number, not {n:?}"))?)
        }
        _ => return Err(SEED_USAGE.into()),
    };
    let config = config::Config::from_env()?;
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| format!("database: {e}"))?;
    let started = std::time::Instant::now();
    match mode {
        Mode::Demo => match seed::seed_demo(&db).await.map_err(|e| e.to_string())? {
            seed::SeedOutcome::AlreadySeeded => println!("The database already holds accounts or producers; demo seed skipped."),
            seed::SeedOutcome::Seeded { villages, producers, products, accounts } => println!(
                "Seeded {villages} craft villages, {producers} producers, {products} OCOP products and {accounts} demo accounts in {:.1} s.",
                started.elapsed().as_secs_f64()
            ),
        },
        Mode::Scale(n) => {
            let written = seed::seed_scale(&db, n).await.map_err(|e| e.to_string())?;
            println!("Added {written} synthetic products in {:.2} s.", started.elapsed().as_secs_f64());
        }
    }
    Ok(())
}

/// Refuses a production start (`LEPTOS_ENV=PROD`) while an account opens with the demo
/// password, unless `CHOLANG_DEMO=1` says this is a demo on purpose (`make run`).
pub async fn demo_guard(db: &DatabaseConnection) -> Result<(), String> {
    let prod = std::env::var("LEPTOS_ENV")
        .is_ok_and(|v| v.eq_ignore_ascii_case("prod") || v.eq_ignore_ascii_case("production"));
    let demo_allowed = std::env::var("CHOLANG_DEMO").is_ok_and(|v| v == "1");
    check_demo_accounts(db, prod, demo_allowed).await
}

/// The guard's decision, apart from the environment (tested in `cli_tests`).
pub async fn check_demo_accounts(
    db: &DatabaseConnection,
    prod: bool,
    demo_allowed: bool,
) -> Result<(), String> {
    if !prod || demo_allowed {
        return Ok(());
    }
    let found = seed::accounts_with_demo_password(db).await.map_err(|e| e.to_string())?;
    if found.is_empty() {
        return Ok(());
    }
    Err(format!(
        "refusing to start in production (LEPTOS_ENV=PROD): {} account(s) open with the published demo password \"{}\": {}.\n\
         This database holds the demo data (`server seed --demo`). Use a database without it \
         (`server migrate`, `server import-reference`, `server create-admin --email …`), \
         or set CHOLANG_DEMO=1 if this server is a demo on purpose.",
        found.len(),
        seed::DEMO_PASSWORD,
        found.join(", ")
    ))
}
