//! What search engines and link previews read: the title, description, OpenGraph tags, the
//! canonical URL and its language alternates (`?lang=vi`, `?lang=en`), and JSON-LD data.
//!
//! URLs are absolute when the server knows its public origin (`PUBLIC_URL`), else relative.
//! The server renders the origin into `<html data-public-url>` (see `app::shell`) and the
//! client reads it back from there, so both sides build the same URLs.
//!
//! JSON-LD is data, not a script: browsers do not run it and the CSP does not block it. It is
//! serialised with serde_json and `<`, `>`, `&` are written as `\u003c`… so no text inside it
//! can close the `<script>` element.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_location;

use crate::components::escaping::title_text;
use crate::i18n::{use_lang, Lang, LANG_PARAM};

/// The longest description put in `<meta name="description">`.
pub const DESCRIPTION_CHARS: usize = 160;

/// The public origin (`https://cholang.vn`, no trailing slash), when configured.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublicOrigin(pub Option<String>);

impl PublicOrigin {
    /// Accepts only an `http(s)://` origin; anything else means "unknown" (relative URLs).
    pub fn parse(value: Option<&str>) -> Self {
        let origin = value
            .map(|v| v.trim().trim_end_matches('/'))
            .filter(|v| {
                (v.starts_with("https://") || v.starts_with("http://")) && !v.contains(char::is_whitespace)
            })
            .filter(|v| v.len() > "https://".len())
            .map(str::to_owned);
        Self(origin)
    }

    /// From the server's environment.
    #[cfg(feature = "ssr")]
    pub fn from_env() -> Self {
        Self::parse(std::env::var("PUBLIC_URL").ok().as_deref())
    }

    /// `PUBLIC_URL` when configured, else `http://{Host}` of the request, so canonical and
    /// alternate links are absolute either way (search engines ignore relative ones). Only a
    /// well-formed host is taken, so a forged `Host` cannot put markup into the page.
    #[cfg(feature = "ssr")]
    pub fn for_request(headers: Option<&http::HeaderMap>) -> Self {
        let configured = Self::from_env();
        if configured.0.is_some() {
            return configured;
        }
        let host = headers.and_then(|h| h.get(http::header::HOST)).and_then(|v| v.to_str().ok()).filter(|h| valid_host(h));
        Self(host.map(|h| format!("http://{h}")))
    }

    /// `path` made absolute when the origin is known; URLs that are already absolute pass.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            return path.to_owned();
        }
        match &self.0 {
            Some(origin) if path.starts_with('/') => format!("{origin}{path}"),
            _ => path.to_owned(),
        }
    }
}

/// A Host header worth trusting for building URLs: letters, digits, `.`, `-`, `:` and the
/// brackets of an IPv6 address; at most 255 characters.
pub fn valid_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

/// The origin from the context (provided by the shell on the server, by `App` in the browser).
pub fn use_public_origin() -> PublicOrigin {
    use_context::<PublicOrigin>().unwrap_or_default()
}

/// OpenGraph's locale code for a language.
pub fn og_locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "vi_VN",
        Lang::En => "en_US",
    }
}

/// At most `max` characters of `text` on one line, cut at a word with `…`.
pub fn summary(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}

/// JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` escaped, so the text
/// cannot end the element or open a comment, whatever the data holds.
pub fn json_ld(value: &serde_json::Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "{}".to_owned())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The page's `<head>` metadata. `title` is the whole tab title, plain text (escaped here for
/// the `<title>` leptos_meta writes raw, see `escaping`); `canonical` defaults to the current
/// path (without the query); an empty `image` is none.
#[component]
pub fn PageMeta(
    #[prop(into)] title: String,
    #[prop(into)] description: String,
    #[prop(optional, into)] image: Option<String>,
    #[prop(optional, into)] canonical: Option<String>,
    /// OpenGraph type: `website` unless given (`product`, `profile`, …).
    #[prop(optional)]
    og_type: Option<&'static str>,
) -> impl IntoView {
    let lang = use_lang();
    let origin = use_public_origin();
    let path = canonical.unwrap_or_else(|| use_location().pathname.get_untracked());
    let path = if path.is_empty() { "/".to_owned() } else { path };
    let canonical_url = origin.url(&path);
    let alternate = |l: Lang| origin.url(&format!("{path}?{LANG_PARAM}={}", l.code()));
    let description = summary(&description, DESCRIPTION_CHARS);
    let image = image.filter(|i| !i.is_empty()).map(|i| origin.url(&i));
    view! {
        <Title text=title_text(&title)/>
        <Meta name="description" content=description.clone()/>
        <Meta property="og:title" content=title/>
        <Meta property="og:description" content=description/>
        <Meta property="og:type" content=og_type.unwrap_or("website")/>
        <Meta property="og:url" content=canonical_url.clone()/>
        <Meta property="og:locale" content=og_locale(lang)/>
        <Meta property="og:locale:alternate" content=og_locale(lang.other())/>
        {image.map(|i| view! { <Meta property="og:image" content=i/> })}
        <Link rel="canonical" href=canonical_url.clone()/>
        <Link rel="alternate" hreflang="vi" href=alternate(Lang::Vi)/>
        <Link rel="alternate" hreflang="en" href=alternate(Lang::En)/>
        <Link rel="alternate" hreflang="x-default" href=canonical_url/>
    }
}

/// Structured data for search engines, rendered where it is placed (in the body is fine).
#[component]
pub fn JsonLd(data: serde_json::Value) -> impl IntoView {
    view! { <script type="application/ld+json" inner_html=json_ld(&data)></script> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_makes_paths_absolute() {
        let o = PublicOrigin::parse(Some("https://cholang.vn/"));
        assert_eq!(o.url("/products/a"), "https://cholang.vn/products/a");
        assert_eq!(o.url("https://cdn.example/x.png"), "https://cdn.example/x.png");
        assert_eq!(PublicOrigin::parse(None).url("/x"), "/x");
        assert_eq!(PublicOrigin::parse(Some("cholang.vn")), PublicOrigin(None));
        assert_eq!(PublicOrigin::parse(Some("javascript:alert(1)")), PublicOrigin(None));
        assert_eq!(PublicOrigin::parse(Some("https://")), PublicOrigin(None));
    }

    #[test]
    fn json_ld_cannot_close_the_script() {
        let v = serde_json::json!({ "name": "</script><script>alert(1)</script> & <!--" });
        let out = json_ld(&v);
        assert!(!out.contains('<') && !out.contains('>') && !out.contains('&'), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn summaries_are_short_and_flat() {
        assert_eq!(summary("  Gốm\n Bát   Tràng ", 160), "Gốm Bát Tràng");
        let long = "lụa tơ tằm ".repeat(40);
        let s = summary(&long, 50);
        assert!(s.chars().count() <= 50, "{s}");
        assert!(s.ends_with('…'));
    }
}
