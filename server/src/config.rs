//! Configuration from the environment, with defaults that run a fresh clone as is.

use leptos::config::LeptosOptions;

pub struct Config {
    pub database_url: String,
    pub bind: String,
    /// The public origin (e.g. `https://cholang.vn`), when the app sits behind a proxy; used
    /// to check the Origin of mutating requests.
    pub public_url: Option<String>,
    /// Where uploaded photos are kept (`UPLOADS_DIR`, default `data/uploads`). Several app
    /// servers share uploads by pointing this at one shared directory.
    pub uploads_dir: std::path::PathBuf,
    /// How long a page rendered for visitors without a session may be served again
    /// (`PAGE_CACHE_SECONDS`, default 5; 0 turns the page cache off). See `page_cache`.
    pub page_cache_ttl: std::time::Duration,
    /// The budget of mutations per client address and per session (`MUTATION_BURST`, default
    /// 60, then `MUTATION_PER_SECOND`, default 10; 0 turns it off). See `rate_limit`.
    pub mutation_limit: Option<crate::rate_limit::MutationLimit>,
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let database_url =
            std::env::var("DATABASE_URL").unwrap_or_else(|_| app::backend::db::DEFAULT_DATABASE_URL.to_owned());
        // SQLite creates the file, not its folder.
        if let Some(path) = database_url.strip_prefix("sqlite://") {
            let path = path.split('?').next().unwrap_or(path);
            if let Some(parent) = std::path::Path::new(path).parent() {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                }
            }
        }
        Ok(Self {
            database_url,
            bind: std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:3000".to_owned()),
            public_url: std::env::var("PUBLIC_URL").ok().filter(|s| !s.is_empty()),
            uploads_dir: std::env::var("UPLOADS_DIR").unwrap_or_else(|_| "data/uploads".to_owned()).into(),
            page_cache_ttl: match std::env::var("PAGE_CACHE_SECONDS") {
                Ok(v) => std::time::Duration::from_secs(
                    v.trim().parse().map_err(|_| format!("PAGE_CACHE_SECONDS must be a whole number of seconds, not {v:?}"))?,
                ),
                Err(_) => std::time::Duration::from_secs(5),
            },
            mutation_limit: crate::rate_limit::MutationLimit::from_env()?,
        })
    }
}

/// Leptos' own settings: from the variables cargo-leptos sets, else from `Cargo.toml`.
pub fn leptos_options() -> Result<LeptosOptions, String> {
    let file = if std::env::var_os("LEPTOS_OUTPUT_NAME").is_some() { None } else { Some("Cargo.toml") };
    leptos::config::get_configuration(file)
        .map(|conf| conf.leptos_options)
        .map_err(|e| format!("leptos configuration: {e}"))
}
