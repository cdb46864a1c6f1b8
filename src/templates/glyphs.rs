//! The characters a build's fonts can show, so that a plan's text is
//! checked against them before Typst runs (a missing glyph is an error at
//! its place in the plan, not a blank box in the PDF).

use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use crate::assets;

/// The embedded fonts, parsed once per process.
pub static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = assets::FONTS.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

/// Whether the embedded fonts can show a character.
pub fn can_show(c: char) -> bool {
    let book = &FONTS.0;
    (0..FONTS.1.len()).any(|i| book.info(i).is_some_and(|info| info.coverage.contains(c as u32)))
}

/// The characters a build's fonts can show: the embedded fonts and a
/// template folder's. Typst takes a glyph its chosen font lacks from any
/// other font it has, so together they are what the PDF can print.
#[derive(Debug, Default)]
pub struct Glyphs {
    /// The coverage of each font file a template folder adds.
    extra: Vec<typst::text::Coverage>,
}

impl Glyphs {
    /// The embedded fonts and these font files (TTF, OTF, TTC).
    pub fn new(extra_fonts: &[Vec<u8>]) -> Self {
        let extra = extra_fonts
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(data.clone())))
            .map(|font| font.info().coverage.clone())
            .collect();
        Self { extra }
    }

    /// Whether some font of the build can show `c`.
    pub fn can_show(&self, c: char) -> bool {
        can_show(c) || self.extra.iter().any(|coverage| coverage.contains(c as u32))
    }

    /// Whether a template folder adds fonts of its own.
    pub fn has_extra_fonts(&self) -> bool {
        !self.extra.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_fonts_cover_all_four_styles() {
        let book = &FONTS.0;
        assert_eq!(book.select_family("carlito").count(), 4);
        assert_eq!(book.select_family("dejavu sans").count(), 4);
    }

    #[test]
    fn coverage_is_known_per_character() {
        for c in ['a', 'Å', 'ö', '–', '”', '€', '\u{2212}', '\u{a0}', '✓', '→', 'Ω'] {
            assert!(can_show(c), "{c:?}");
        }
        assert!(!can_show('中') && !can_show('🙂'));
    }
}
