//! Where a build's templates and their files come from: the built-in
//! templates, each overridable by a file of the same name in a user's
//! folder; the folder's fonts and images; the fixed words the documents
//! print ([`labels`]) and the characters the fonts can show ([`glyphs`]).
//!
//! This layer sits below [`crate::resolve`] and [`crate::render`], which
//! both use it; it reads files through [`crate::files`] only.

use std::path::PathBuf;

use crate::assets;
use crate::error::{Error, SourceFile};

pub mod glyphs;
pub mod labels;

pub use glyphs::Glyphs;
pub use labels::Etiketter;

/// Where templates come from: the built-in ones, each overridable by a
/// file of the same name in a user's folder.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    /// The user's template folder, if any.
    pub folder: Option<PathBuf>,
}

impl Templates {
    /// The source of a template file, the user's copy first.
    pub fn source(&self, name: &str) -> Result<Option<SourceFile>, Error> {
        if let Some(folder) = &self.folder {
            let path = folder.join(name);
            if path.is_file() {
                // Only files inside the folder: no `..`, no absolute path, no symlink out.
                if !matches!(crate::files::inside(folder, &path), Ok(Some(_))) {
                    return Err(outside(&path, folder));
                }
                let text = std::fs::read_to_string(&path)
                    .map_err(|source| Error::Read { path: path.clone(), source })?;
                return Ok(Some(SourceFile::new(path.display().to_string(), text)));
            }
        }
        Ok(assets::template(name).map(|text| SourceFile::new(format!("templates/{name}"), text)))
    }
}

/// What a template folder adds to the Typst world: font files from its
/// `fonts/` folder and images from its `bilder/` folder (served at
/// `/mall/bilder/NAME`).
#[derive(Debug, Default)]
pub struct FolderAssets {
    /// The font files (TTF, OTF, TTC), as bytes.
    pub fonts: Vec<Vec<u8>>,
    /// Their file names, in the same order (for the web page's `typsnitt`).
    pub font_names: Vec<String>,
    /// The images, by their path in the world.
    pub images: Vec<(String, Vec<u8>)>,
}

impl Templates {
    /// The fonts and images of the template folder, read once per build;
    /// only files inside the folder (symlinks resolved) are read.
    pub fn assets(&self) -> Result<FolderAssets, Error> {
        let mut assets = FolderAssets::default();
        let Some(folder) = &self.folder else { return Ok(assets) };
        let read_dir = |sub: &str, exts: &[&str]| -> Result<Vec<(String, Vec<u8>)>, Error> {
            let dir = folder.join(sub);
            let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(Vec::new()) };
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            let mut out = Vec::new();
            for path in paths {
                let ext = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .unwrap_or_default();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
                // Plain names only: they become paths in the Typst world.
                let plain = name.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c));
                if !exts.contains(&ext.as_str()) || !plain {
                    continue;
                }
                let real = crate::files::inside(folder, &path)
                    .map_err(|source| Error::Read { path: path.clone(), source })?
                    .ok_or_else(|| outside(&path, folder))?;
                let bytes =
                    std::fs::read(&real).map_err(|source| Error::Read { path: path.clone(), source })?;
                out.push((name, bytes));
            }
            Ok(out)
        };
        (assets.font_names, assets.fonts) = read_dir("fonts", &["ttf", "otf", "ttc"])?.into_iter().unzip();
        assets.images = read_dir("bilder", &["png", "jpg", "jpeg", "gif", "svg", "webp"])?
            .into_iter()
            .map(|(name, bytes)| (format!("/mall/bilder/{name}"), bytes))
            .collect();
        Ok(assets)
    }
}

/// A template folder's file that leads outside it.
fn outside(path: &std::path::Path, folder: &std::path::Path) -> Error {
    Error::Usage(format!(
        "{} lies outside the template folder {}; templates may only use files inside it",
        path.display(),
        folder.display()
    ))
}
