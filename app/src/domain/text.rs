//! Folding Vietnamese text for matching: "Gốm Bát Tràng", "GỐM BÁT TRÀNG" and "gom bat trang"
//! all fold to "gom bat trang". Unicode decomposition strips the tone and vowel marks, but
//! `đ`/`Đ` is a letter of its own (U+0111/U+0110) with no decomposition, so it is mapped
//! explicitly.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// Lower-case, accent-free form of `input`; whitespace runs collapse to one space.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for c in input.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            other => other,
        };
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_accents_case_and_d() {
        assert_eq!(fold("Gốm Bát Tràng"), "gom bat trang");
        assert_eq!(fold("GỐM BÁT TRÀNG"), "gom bat trang");
        assert_eq!(fold("Đồ đồng Đại Bái"), "do dong dai bai");
        assert_eq!(fold("  lụa   Vạn\tPhúc "), "lua van phuc");
    }

    #[test]
    fn keeps_plain_ascii() {
        assert_eq!(fold("OCOP 4 sao"), "ocop 4 sao");
        assert_eq!(fold(""), "");
    }
}
