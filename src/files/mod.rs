//! The bottom layer: every file vplan reads or writes goes through here.
//! Reading refuses what cannot be a plan (too large, not UTF-8) with its
//! place; writing is atomic (a temporary file renamed into place), so a
//! failed build never leaves a half-written file; the one sandbox check
//! (`inside`) keeps a plan's and a template folder's files in their folder.
//! The name `-` is standard input or output, as command-line tools use it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::{Error, Problem, SourceFile};

/// Whether a path is `-`: standard input or output.
pub fn is_std(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name standard input goes by in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// The most a YAML file may hold; a plan is a few hundred kilobytes at most.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Where `path` really leads (symlinks resolved), if that is inside `root`;
/// `None` when it leads out. The one sandbox check for every file a plan or
/// a template folder names.
pub fn inside(root: &Path, path: &Path) -> std::io::Result<Option<PathBuf>> {
    let root = root.canonicalize()?;
    let real = path.canonicalize()?;
    Ok(real.starts_with(&root).then_some(real))
}

/// Reads a file as UTF-8 text, refusing files too large to be a plan.
pub fn read_source(path: &Path) -> Result<SourceFile, Error> {
    if is_std(path) {
        return read_stdin();
    }
    let read_error = |source| Error::Read { path: path.to_path_buf(), source };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(Error::Usage(format!(
            "{} is {} bytes; a plan may be at most {MAX_FILE_BYTES} bytes",
            path.display(),
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(read_error)?;
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(path, e))?;
    Ok(SourceFile::new(path.display().to_string(), text))
}

/// Locates the first byte that is not UTF-8, with the line it stands on.
fn not_utf8(path: &Path, error: std::string::FromUtf8Error) -> Error {
    let at = error.utf8_error().valid_up_to();
    let byte = error.as_bytes()[at];
    // Everything before `at` is valid, so the lossy text has the same offsets up to there.
    let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
    let file = SourceFile::new(path.display().to_string(), text);
    let guess = match byte {
        0xe5 | 0xc5 | 0xe4 | 0xc4 | 0xf6 | 0xd6 | 0xe9 => {
            format!(" (in Latin-1 or Windows-1252 it is `{}`)", char::from(byte))
        }
        _ => String::new(),
    };
    let end = file.text.ceil_char_boundary(at + 1);
    Error::problem(
        Problem::new(&file, at..end, format!("the byte 0x{byte:02X} is not UTF-8 text{guess}"))
            .with_help("save the file as UTF-8 (in most editors: Save as → Encoding → UTF-8)"),
    )
}

/// Standard input as a source file. It is read once, on first use, and
/// kept: the same text is returned to every later reader in this process.
fn read_stdin() -> Result<SourceFile, Error> {
    static STDIN: OnceLock<Result<String, String>> = OnceLock::new();
    let read = STDIN.get_or_init(|| {
        let mut bytes = Vec::new();
        let limit = MAX_FILE_BYTES as u64 + 1;
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
        if bytes.len() > MAX_FILE_BYTES {
            return Err(format!(
                "standard input holds more than {MAX_FILE_BYTES} bytes, more than a plan may"
            ));
        }
        String::from_utf8(bytes).map_err(|e| match not_utf8(Path::new(STDIN_NAME), e) {
            Error::Invalid(problems) => problems[0].to_string(),
            other => other.to_string(),
        })
    });
    match read {
        Ok(text) => Ok(SourceFile::new(STDIN_NAME, text.as_str())),
        Err(message) => Err(Error::Usage(message.clone())),
    }
}

/// Writes bytes to a temporary file beside `path` (or to standard output for `-`), then renames it into
/// place; an existing file is replaced only if `overwrite`. The file gets the
/// mode of the file it replaces, or that of a new file (0666 less the umask),
/// not the private mode of a temporary file.
pub fn write_file(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), Error> {
    let write_error = |source| Error::Write { path: path.to_path_buf(), source };
    if is_std(path) {
        let mut out = std::io::stdout().lock();
        return out.write_all(bytes).and_then(|()| out.flush()).map_err(write_error);
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".vplan-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The umask applies to the mode asked for at creation, as for any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder).map_err(write_error)?;
    if let Ok(existing) = std::fs::metadata(path) {
        // A replaced file keeps its mode, e.g. one shared with the board's group.
        temp.as_file().set_permissions(existing.permissions()).map_err(write_error)?;
    }
    temp.write_all(bytes).map_err(write_error)?;
    temp.as_file().sync_all().map_err(write_error)?;
    if overwrite {
        temp.persist(path).map_err(|e| write_error(e.error))?;
    } else {
        temp.persist_noclobber(path).map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => Error::Usage(format!(
                "{} exists already; choose another path with -o, or pass --force to replace it",
                path.display()
            )),
            _ => write_error(e.error),
        })?;
    }
    Ok(())
}

mod folder;

pub use folder::{FOLDER_MARK, write_folder};
