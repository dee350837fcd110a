//! The one cookie parser. Authentication, the guest cart, the page language and the page
//! cache all read a request's cookies through [`RequestCookies`], so they can never disagree
//! about what a request carries.
//!
//! Policy:
//! - **Every `Cookie` header counts.** HTTP/2 clients and proxies may split cookies over several
//!   headers (RFC 9113 §8.2.3); a parser that reads only the first header sees a signed-in
//!   request as anonymous while another that reads all of them renders it as the user — the
//!   page cache then kept a personal page for strangers.
//! - **The first value of a name wins**, in header order: browsers send the most specific
//!   cookie first, and every reader here takes the same one.
//! - A header that is not visible ASCII/UTF-8 text marks the request as **malformed**: it is
//!   not a request anybody's page may be cached for.

use http::{header, HeaderMap};

/// The name of the cookie that remembers the chosen language (the only cookie that does not
/// make a page personal).
pub const LANG_COOKIE: &str = crate::i18n::LANG_COOKIE;

/// A request's cookies, from all its `Cookie` headers.
#[derive(Debug, Default)]
pub struct RequestCookies<'a> {
    pairs: Vec<(&'a str, &'a str)>,
    malformed: bool,
}

impl<'a> RequestCookies<'a> {
    /// Parses every `Cookie` header of `headers`.
    pub fn parse(headers: &'a HeaderMap) -> Self {
        let mut cookies = Self::default();
        for value in headers.get_all(header::COOKIE) {
            match value.to_str() {
                Ok(text) => cookies.add_header(text),
                Err(_) => cookies.malformed = true,
            }
        }
        cookies
    }

    /// Parses one `Cookie` header's text (for callers that hold only that).
    pub fn from_header(text: &'a str) -> Self {
        let mut cookies = Self::default();
        cookies.add_header(text);
        cookies
    }

    fn add_header(&mut self, text: &'a str) {
        for piece in text.split(';') {
            let piece = piece.trim();
            if piece.is_empty() {
                continue;
            }
            match piece.split_once('=') {
                Some((name, value)) => self.pairs.push((name.trim(), value.trim())),
                // A cookie without `=` is a value for the empty name (RFC 6265bis); it is still
                // a cookie, so the request is not "without cookies".
                None => self.pairs.push(("", piece)),
            }
        }
    }

    /// The value of the first cookie called `name`.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
    }

    /// Whether the request carries no cookie at all except the language, and every `Cookie`
    /// header could be read: a page rendered for it depends on nothing personal.
    pub fn only_language(&self) -> bool {
        !self.malformed && self.pairs.iter().all(|(k, _)| *k == LANG_COOKIE)
    }

    /// Whether the request carries any cookie besides the language (or one that could not be
    /// read): its answers may be personal.
    pub fn personal(&self) -> bool {
        !self.only_language()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(values: &[&[u8]]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append(header::COOKIE, HeaderValue::from_bytes(v).unwrap());
        }
        map
    }

    #[test]
    fn every_cookie_header_counts() {
        let map = headers(&[b"lang=vi", b"cholang_session=abc"]);
        let cookies = RequestCookies::parse(&map);
        assert_eq!(cookies.get("cholang_session"), Some("abc"));
        assert_eq!(cookies.get("lang"), Some("vi"));
        assert!(cookies.personal(), "a session in the second header is still a session");
    }

    #[test]
    fn the_first_value_wins_in_header_order() {
        let map = headers(&[b"a=1; b=2", b"a=3"]);
        let cookies = RequestCookies::parse(&map);
        assert_eq!(cookies.get("a"), Some("1"));
        assert_eq!(RequestCookies::from_header(" x = 1 ;; y=2 ").get("x"), Some("1"));
    }

    #[test]
    fn only_the_language_cookie_keeps_a_request_anonymous() {
        assert!(RequestCookies::parse(&HeaderMap::new()).only_language());
        assert!(RequestCookies::parse(&headers(&[b"lang=en"])).only_language());
        assert!(RequestCookies::parse(&headers(&[b"lang=en", b""])).only_language());
        assert!(RequestCookies::parse(&headers(&[b"lang=en; tracking=1"])).personal(), "any other cookie");
        assert!(RequestCookies::parse(&headers(&[b"opaque"])).personal(), "a nameless cookie");
        assert!(RequestCookies::parse(&headers(&[b"lang=en", b"x=\xff"])).personal(), "an unreadable header");
    }
}
