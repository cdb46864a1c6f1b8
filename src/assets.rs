//! Files built into the binary: fonts, default templates and shared data.
//!
//! The repository's `fonts/`, `templates/` and `data/` folders are their
//! source; nothing here is read from disk at run time, so the binary works
//! the same on any machine, with no system fonts and no network.

/// The font files, as bytes: Carlito (SIL Open Font License 1.1) for the
/// text, DejaVu Sans (Bitstream Vera licence) for the symbols Carlito lacks
/// (✓, ★, arrows, Greek …).
pub const FONTS: &[&[u8]] = &[
    include_bytes!("../fonts/Carlito-Regular.ttf"),
    include_bytes!("../fonts/Carlito-Bold.ttf"),
    include_bytes!("../fonts/Carlito-Italic.ttf"),
    include_bytes!("../fonts/Carlito-BoldItalic.ttf"),
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../fonts/DejaVuSans-Oblique.ttf"),
    include_bytes!("../fonts/DejaVuSans-BoldOblique.ttf"),
];

/// The built-in templates, by file name; a user's template folder overrides
/// them file by file.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("plan.typ.j2", include_str!("../templates/plan.typ.j2")),
    ("block.typ.j2", include_str!("../templates/block.typ.j2")),
    ("stil.typ", include_str!("../templates/stil.typ")),
    ("plan.html.j2", include_str!("../templates/plan.html.j2")),
    ("block.html.j2", include_str!("../templates/block.html.j2")),
    ("sida.html.j2", include_str!("../templates/sida.html.j2")),
    ("tillganglighet.html.j2", include_str!("../templates/tillganglighet.html.j2")),
    ("stil.css", include_str!("../templates/stil.css")),
    ("etiketter.yaml", include_str!("../templates/etiketter.yaml")),
    ("etiketter.typ.j2", include_str!("../templates/etiketter.typ.j2")),
];

/// The starter plan `vplan init` writes: every chapter, a comment per field.
pub const STARTER_PLAN: &str = include_str!("../templates/ny-plan.yaml");

/// The shared data files, by name (the file name without `.yaml`).
pub const DATA: &[(&str, &str)] = &[
    ("region-halland", include_str!("../data/region-halland.yaml")),
    ("mal-och-budget-2020", include_str!("../data/mal-och-budget-2020.yaml")),
    ("mal-och-budget-2021", include_str!("../data/mal-och-budget-2021.yaml")),
];

/// A built-in template by name.
pub fn template(name: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}

/// A built-in shared data file by name.
pub fn data(name: &str) -> Option<&'static str> {
    DATA.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}
