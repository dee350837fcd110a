//! Links the server writes into pages.

/// `?k=v&…` for `params` (nothing when there are none), encoded the way a browser encodes a
/// GET form: `gia-lam` stays `gia-lam`, a space is `+`, anything else non-ASCII is escaped.
/// The islands router follows links exactly as written, so this is the URL the visitor sees.
pub fn query_string<K: AsRef<str>, V: AsRef<str>>(params: impl IntoIterator<Item = (K, V)>) -> String {
    let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish();
    if query.is_empty() { query } else { format!("?{query}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_a_form_submission() {
        assert_eq!(query_string([("district", "gia-lam"), ("q", "gốm bát")]), "?district=gia-lam&q=g%E1%BB%91m+b%C3%A1t");
        assert_eq!(query_string(Vec::<(&str, &str)>::new()), "");
        assert_eq!(query_string([("q", "a&b=c")]), "?q=a%26b%3Dc");
    }
}
