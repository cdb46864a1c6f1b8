//! The Typst world vplan compiles in: generated source and embedded fonts.
//!
//! Like typst-cli's `SystemWorld`, but closed: it serves the generated
//! document (`/main.typ`), the style file (`/stil.typ`) and the labels it
//! imports (`/etiketter.typ`), the embedded fonts
//! and at most one image the plan names (its logo), handed over as bytes.
//! There is no file system, no package, no network and no clock behind it,
//! so nothing a plan or template writes can reach outside, and the same
//! input always gives the same document. The world is kept between builds
//! (see `watch`), so Typst's caches make recompiles incremental.

use std::collections::HashMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};

use crate::templates::glyphs::FONTS;

/// The path of the generated document in the world.
pub const MAIN_PATH: &str = "/main.typ";
/// The path of the style file in the world.
pub const STYLE_PATH: &str = "/stil.typ";
/// The path of the labels' dictionary, which the style imports.
pub const LABELS_PATH: &str = "/etiketter.typ";

/// A file id in the project root.
pub fn file_id(path: &str) -> FileId {
    // Our own paths are absolute and plain, so they are always valid.
    let vpath = VirtualPath::new(path).expect("valid virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The world of one plan's build.
pub struct VplanWorld {
    library: LazyHash<Library>,
    main: Source,
    style: Source,
    labels: Source,
    /// Binary files served by path: the logo, and a template folder's images.
    files: HashMap<FileId, Bytes>,
    /// The font files a template folder adds to the embedded ones.
    extra_fonts: Vec<Vec<u8>>,
    /// The embedded fonts and the template folder's, when it has any.
    fonts: Option<(LazyHash<FontBook>, Vec<Font>)>,
}

impl VplanWorld {
    /// A world with empty sources; fill it with [`VplanWorld::update`].
    pub fn new() -> Self {
        Self {
            // `pdf.header-cell`: the first column of a table heads its row in the tags.
            library: LazyHash::new(
                Library::builder().with_features([Feature::A11yExtras].into_iter().collect()).build(),
            ),
            main: Source::new(file_id(MAIN_PATH), String::new()),
            style: Source::new(file_id(STYLE_PATH), String::new()),
            labels: Source::new(file_id(LABELS_PATH), String::new()),
            files: HashMap::new(),
            extra_fonts: Vec::new(),
            fonts: None,
        }
    }

    /// Replaces the sources and files; unchanged parts keep their caches.
    pub fn update(&mut self, main: &str, style: &str, labels: &str, files: Vec<(String, Vec<u8>)>) {
        if self.labels.text() != labels {
            self.labels.replace(labels);
        }
        if self.main.text() != main {
            self.main.replace(main);
        }
        if self.style.text() != style {
            self.style.replace(style);
        }
        self.files = files.into_iter().map(|(path, bytes)| (file_id(&path), Bytes::new(bytes))).collect();
    }

    /// Adds a template folder's font files to the embedded fonts (none:
    /// the embedded ones alone); unchanged fonts keep their parsed book.
    pub fn set_fonts(&mut self, extra: Vec<Vec<u8>>) {
        if extra == self.extra_fonts {
            return;
        }
        self.fonts = (!extra.is_empty()).then(|| {
            let mut fonts = FONTS.1.clone();
            fonts.extend(extra.iter().flat_map(|data| Font::iter(Bytes::new(data.clone()))));
            (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
        });
        self.extra_fonts = extra;
    }

    /// The generated document's source.
    pub fn main_source(&self) -> &Source {
        &self.main
    }
}

impl Default for VplanWorld {
    fn default() -> Self {
        Self::new()
    }
}

impl World for VplanWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.as_ref().map_or(&FONTS.0, |(book, _)| book)
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.style.id() {
            Ok(self.style.clone())
        } else if id == self.labels.id() {
            Ok(self.labels.clone())
        } else {
            Err(refuse(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        self.source(id).map(|s| Bytes::from_string(s.text().to_string()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.as_ref().map_or(&FONTS.1, |(_, fonts)| fonts).get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // No clock: a document must not depend on the day it is built.
        None
    }
}

/// The error for any file the world does not serve.
fn refuse(id: FileId) -> FileError {
    match id.root() {
        VirtualRoot::Package(_) => FileError::Other(Some("vplan documents cannot load packages".into())),
        VirtualRoot::Project => FileError::Other(Some(
            format!(
                "vplan documents can only read the plan's logo and the template folder's images (/mall/bilder/…), not {}",
                id.vpath().get_with_slash()
            )
                .into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_served_files_are_readable() {
        let mut world = VplanWorld::new();
        world.update("= Hej", "", "", vec![("/logotyp.png".into(), vec![1, 2, 3])]);
        assert!(world.file(file_id("/logotyp.png")).is_ok());
        assert!(world.source(file_id(MAIN_PATH)).is_ok());
        assert!(world.file(file_id("/etc/passwd")).is_err());
        // A path that climbs out of the root cannot even be named.
        assert!(VirtualPath::new("/../secret.txt").is_err());
    }
}
