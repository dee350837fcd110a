//! User text where Leptos 0.8's server rendering would write it into the page unescaped, and
//! the one escaper used there.
//!
//! Everywhere else tachys escapes for us: text children (`&`, `<`, `>`), attribute values
//! (also `"`; so every `<Meta content>`, `href`, `alt`, `data-*`), SVG text and `<title>` in
//! SVG; JSON-LD has its own escaping (`seo::json_ld`) and resources sent for hydration are
//! escaped by Leptos. Two sinks are raw, found by reading leptos_meta 0.8 and tachys 0.2:
//!
//! - **The page `<title>`.** leptos_meta's `ServerMetaContextOutput::inject_meta_context`
//!   writes the `Title` text between `<title>` and `</title>` as it is, so a product named
//!   `</title><meta http-equiv="refresh" …>` ended the title and redirected every visitor.
//!   `seo::PageMeta` is the app's only `Title`; it passes [`title_text`]. Never use
//!   `leptos_meta::Title` elsewhere.
//! - **`<textarea>` children.** tachys lists `textarea` with `script`, `style` and `noscript`
//!   as elements whose children are not escaped (`ESCAPE_CHILDREN = false`), so
//!   `<textarea>{value}</textarea>` wrote the value raw and `</textarea><script>…` ended it.
//!   A textarea holding user text takes it as `inner_html=textarea_html(&value)` and has no
//!   children. A textarea's content is RCDATA (entities decoded, no tags), in the served page
//!   and when the browser sets `innerHTML` on a client-side render alike, so the field shows
//!   exactly the text.
//!
//! Nothing else in the app may use `inner_html` with user text.

use std::borrow::Cow;

/// `text` with `&`, `<`, `>`, `"` and `'` written as character references: safe as the
/// content of any element that is not `<script>`/`<style>`, and in a quoted attribute.
pub fn escape_html(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The text to give `leptos_meta::Title`: escaped on the server, which writes it into the
/// page as it is; as it is in the browser, which sets `document.title` (a plain string).
pub fn title_text(title: &str) -> String {
    if cfg!(feature = "ssr") {
        escape_html(title).into_owned()
    } else {
        title.to_owned()
    }
}

/// The `inner_html` of a `<textarea>` showing `text` (see the module docs).
pub fn textarea_html(text: &str) -> String {
    escape_html(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_text() {
        assert_eq!(
            escape_html(r#"</title><meta http-equiv="refresh" content='0'>&amp;"#),
            "&lt;/title&gt;&lt;meta http-equiv=&quot;refresh&quot; content=&#39;0&#39;&gt;&amp;amp;"
        );
        assert!(matches!(escape_html("Gốm Bát Tràng {{7*7}} ]]>"), Cow::Owned(_)));
        assert!(matches!(escape_html("Gốm Bát Tràng {{7*7}}"), Cow::Borrowed("Gốm Bát Tràng {{7*7}}")));
        assert_eq!(textarea_html("</textarea><script>alert(1)</script>"), "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn titles_are_escaped_on_the_server() {
        assert_eq!(title_text("A < B & \"C\""), "A &lt; B &amp; &quot;C&quot;");
    }
}
