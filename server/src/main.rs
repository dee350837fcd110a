//! The Chợ Làng server: `server` (or `server serve`) serves the app; the operator's commands
//! (`migrate`, `import-reference`, `create-admin`, `seed --demo | --scale N`, `compress`,
//! `bench-checkout`) are in `cli`.

#![recursion_limit = "512"]

#[cfg(test)]
mod account_tests;
mod bench_checkout;
mod calendar_http;
mod cli;
#[cfg(test)]
mod cli_tests;
#[cfg(test)]
mod role_tests;
mod csv_export;
mod detached_render;
#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod escaping_tests;
#[cfg(test)]
mod channel_tests;
#[cfg(test)]
mod fair_tests;
#[cfg(test)]
mod identity_tests;
#[cfg(test)]
mod order_tests;
#[cfg(test)]
mod trade_tests;
mod config;
mod form_outcome;
mod http_layers;
mod maintenance;
mod observability;
mod page_cache;
mod rate_limit;
mod sitemap;
mod static_files;
mod uploads_http;

use std::process::ExitCode;

/// Rendering a page allocates and frees thousands of small objects (the reactive owners, the
/// view tree, the HTML strings); under glibc's allocator that was about 40 % of a render's CPU
/// (`perf` on the catalog page). mimalloc's thread-local free lists make it a few percent.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use app::backend::{db, AppState};

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn".into()),
        )
        .init();

    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None | Some("serve") => serve().await,
        Some(_) => cli::run(&args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve() -> Result<(), String> {
    let config = config::Config::from_env()?;
    let leptos_options = config::leptos_options()?;
    let db = db::connect_and_migrate(&config.database_url).await.map_err(|e| format!("database: {e}"))?;
    cli::demo_guard(&db).await?;
    let uploads = app::backend::uploads::Uploads::local(&config.uploads_dir)?;
    let secure_cookies = config.public_url.as_deref().is_some_and(|u| u.starts_with("https://"));
    let state = AppState { leptos_options, db, secure_cookies, uploads, catalog_cache: Default::default() };
    maintenance::start(state.db.clone());
    let router = http_layers::router(state, &config);

    let listener = tokio::net::TcpListener::bind(&config.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    // Without TCP_NODELAY a streamed body (static files) waits on the client's delayed ACK
    // after the headers: measured 40 ms per file on loopback, 1,100 requests/s for the CSS.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::warn!(error = %err, "cannot set TCP_NODELAY");
        }
    });
    tracing::info!("Chợ Làng listening on http://{}", config.bind);
    // The peer address is what login throttling counts per client.
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server: {e}"))
}

/// Finish in-flight requests on Ctrl-C or SIGTERM, then exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
