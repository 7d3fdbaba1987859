//! What a product can be found by: its code, barcode, name and brand as typed, the name's full pinyin,
//! and two kinds of pinyin initials — one letter per character (`zh` for 中华) and the initial
//! consonant as buyers type it, with zh/ch/sh kept whole (`zhh` for 中华).

use super::FIELD_BREAK;
use pinyin::ToPinyin;

/// A product's searchable text: name, brand and the name's three pinyin keys, normalised, one
/// field break between them so that no term matches across two fields.
pub fn searchable(name: &str, brand: &str) -> String {
    let (full, letters, consonants) = pinyin_keys(name);
    let mut text = String::with_capacity(name.len() + brand.len() + full.len() + letters.len() + consonants.len() + 4);
    for (n, field) in [name, brand, &full, &letters, &consonants].into_iter().enumerate() {
        if n > 0 {
            text.push(FIELD_BREAK);
        }
        text.push_str(&normalize(field));
    }
    text
}

/// Every product's searchable text in one buffer, by id: one allocation, not one per product.
#[derive(Default)]
pub struct Texts {
    all: String,
    ends: Vec<usize>,
}

impl Texts {
    pub fn push(&mut self, text: &str) {
        self.all.push_str(text);
        self.ends.push(self.all.len());
    }

    pub fn get(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.all[start..self.ends[id]]
    }

    pub fn shrink(&mut self) {
        self.all.shrink_to_fit();
    }
}

/// Lower-cased, full-width ASCII folded to half-width, so `ＡＢ１` matches `ab1`.
pub fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// (full pinyin, one-letter initials, consonant initials) of a name. Characters that are not Han are
/// kept as they are where they are letters or digits, and become a space otherwise.
pub fn pinyin_keys(name: &str) -> (String, String, String) {
    let mut full = String::new();
    let mut letters = String::new();
    let mut consonants = String::new();
    for (c, reading) in name.chars().zip(name.to_pinyin()) {
        match reading {
            Some(p) => {
                let plain = p.plain();
                full.push_str(plain);
                letters.push_str(&plain[..1]);
                let consonant = if ["zh", "ch", "sh"].iter().any(|d| plain.starts_with(d)) { &plain[..2] } else { &plain[..1] };
                consonants.push_str(consonant);
            }
            None if c.is_alphanumeric() => {
                for lower in c.to_lowercase() {
                    full.push(lower);
                    letters.push(lower);
                    consonants.push(lower);
                }
            }
            None => {
                for key in [&mut full, &mut letters, &mut consonants] {
                    if !key.ends_with(' ') {
                        key.push(' ');
                    }
                }
            }
        }
    }
    (full, letters, consonants)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_of_brand_names() {
        let (full, letters, consonants) = pinyin_keys("中华软");
        assert_eq!(full, "zhonghuaruan");
        assert_eq!(letters, "zhr");
        assert_eq!(consonants, "zhhr");
        let (full, letters, _) = pinyin_keys("可口可乐 330ml×24罐");
        assert_eq!(full, "kekoukele 330ml 24guan");
        assert_eq!(letters, "kkkl 330ml 24g");
    }

    #[test]
    fn full_width_and_case_fold() {
        assert_eq!(normalize("ＡＢ１ Zhh"), "ab1 zhh");
    }
}
