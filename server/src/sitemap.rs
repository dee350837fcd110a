//! `/sitemap.xml`: the sitemap index, naming the files under `/sitemaps/` that together list
//! every public page with absolute URLs (the protocol allows 50,000 URLs a file, and the
//! catalog has more products than that). The files are `app::domain::detail::SitemapFile`.
//!
//! The origin is `PUBLIC_URL` when configured, else `http://{Host}` of the request (only a
//! well-formed host name or address with an optional port is accepted; anything else is a
//! 400, so a forged Host header cannot put markup into the document). Every value is
//! XML-escaped. The lists come from `app::backend::detail::sitemap_file`.

use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};

use app::backend::AppState;
use app::domain::detail::{SitemapEntry, SitemapFile};

/// Escapes the five XML special characters.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

use app::components::seo::valid_host;

/// The origin URLs are built on: the configured public URL, else `http://{Host}`.
pub fn origin(public_url: Option<&str>, headers: &HeaderMap) -> Option<String> {
    if let Some(url) = public_url.map(|u| u.trim().trim_end_matches('/')).filter(|u| !u.is_empty()) {
        return Some(url.to_owned());
    }
    let host = headers.get(header::HOST)?.to_str().ok()?.trim();
    valid_host(host).then(|| format!("http://{host}"))
}

/// The sitemap document for `entries` under `origin`.
pub fn render(origin: &str, entries: &[SitemapEntry]) -> String {
    let mut xml = String::with_capacity(128 + entries.len() * 96);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for entry in entries {
        xml.push_str("  <url><loc>");
        xml.push_str(&xml_escape(&format!("{origin}{}", entry.path)));
        xml.push_str("</loc>");
        if let Some(date) = entry.last_modified {
            xml.push_str(&format!("<lastmod>{}</lastmod>", date.format("%Y-%m-%d")));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The sitemap index for `files` under `origin`.
pub fn render_index(origin: &str, files: &[SitemapFile]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for file in files {
        xml.push_str("  <sitemap><loc>");
        xml.push_str(&xml_escape(&format!("{origin}/sitemaps/{}", file.file_name())));
        xml.push_str("</loc></sitemap>\n");
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

fn xml_response(xml: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        xml,
    )
        .into_response()
}

fn unavailable(err: sea_orm::DbErr) -> Response {
    tracing::error!(error = %err, "sitemap query failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "sitemap unavailable").into_response()
}

fn bad_host() -> Response {
    (StatusCode::BAD_REQUEST, "missing or malformed Host header").into_response()
}

/// `/sitemap.xml`.
pub async fn sitemap_index(State(state): State<AppState>, public_url: Option<String>, headers: HeaderMap) -> Response {
    let Some(origin) = origin(public_url.as_deref(), &headers) else { return bad_host() };
    match app::backend::detail::sitemap_counts(&state.db).await {
        Ok((products, producers)) => xml_response(render_index(&origin, &SitemapFile::all(products, producers))),
        Err(err) => unavailable(err),
    }
}

/// `/sitemaps/{file}`: one file the index names; 404 for any other name.
pub async fn sitemap_file(
    State(state): State<AppState>,
    Path(name): Path<String>,
    public_url: Option<String>,
    headers: HeaderMap,
) -> Response {
    let Some(origin) = origin(public_url.as_deref(), &headers) else { return bad_host() };
    let Some(file) = SitemapFile::parse(&name) else { return StatusCode::NOT_FOUND.into_response() };
    let listed = match app::backend::detail::sitemap_counts(&state.db).await {
        Ok((products, producers)) => SitemapFile::all(products, producers).contains(&file),
        Err(err) => return unavailable(err),
    };
    if !listed {
        return StatusCode::NOT_FOUND.into_response();
    }
    match app::backend::detail::sitemap_file(&state.db, file).await {
        Ok(entries) => xml_response(render(&origin, &entries)),
        Err(err) => unavailable(err),
    }
}

/// `/robots.txt`: everything public may be crawled; the private consoles and the server
/// functions may not; and where the sitemap is.
pub fn robots_text(origin: &str) -> String {
    format!(
        "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /dashboard\nDisallow: /office\nDisallow: /organizer\nDisallow: /account\n\nSitemap: {origin}/sitemap.xml\n"
    )
}

pub async fn robots(public_url: Option<String>, headers: HeaderMap) -> Response {
    let Some(origin) = origin(public_url.as_deref(), &headers) else { return bad_host() };
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        robots_text(&origin),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn robots_names_the_sitemap_and_keeps_consoles_out() {
        let text = robots_text("https://cholang.vn");
        assert!(text.contains("Sitemap: https://cholang.vn/sitemap.xml"), "{text}");
        assert!(text.contains("Disallow: /dashboard"), "{text}");
    }


    #[test]
    fn the_index_names_each_file_absolutely() {
        let xml = render_index("https://cholang.vn", &SitemapFile::all(25_000, 10));
        assert!(xml.contains("<sitemapindex"), "{xml}");
        for file in ["pages.xml", "products-1.xml", "products-3.xml", "producers-1.xml"] {
            assert!(xml.contains(&format!("<loc>https://cholang.vn/sitemaps/{file}</loc>")), "{file} in {xml}");
        }
        assert!(!xml.contains("products-4.xml"));
    }

    #[test]
    fn escapes_and_makes_urls_absolute() {
        let entries = vec![
            SitemapEntry { path: "/".into(), last_modified: None },
            SitemapEntry { path: "/products/a&b<c>".into(), last_modified: "2026-03-05".parse().ok() },
        ];
        let xml = render("https://cholang.vn", &entries);
        assert!(xml.contains("<loc>https://cholang.vn/</loc>"), "{xml}");
        assert!(
            xml.contains(
                "<loc>https://cholang.vn/products/a&amp;b&lt;c&gt;</loc><lastmod>2026-03-05</lastmod>"
            ),
            "{xml}"
        );
    }

    #[test]
    fn origin_prefers_public_url_and_checks_host() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:3000"));
        assert_eq!(origin(Some("https://cholang.vn/"), &headers).as_deref(), Some("https://cholang.vn"));
        assert_eq!(origin(None, &headers).as_deref(), Some("http://127.0.0.1:3000"));
        headers.insert(header::HOST, HeaderValue::from_static("evil\"><x"));
        assert_eq!(origin(None, &headers), None);
        assert_eq!(origin(None, &HeaderMap::new()), None);
    }
}
