//! Stage 1: read the plan's YAML and the shared data files it names.
//!
//! Input: a path. Output: [`Loaded`], the typed plan and shared data, each
//! with its source text kept for error messages. Syntax errors, unknown keys,
//! wrong types and missing fields all end here, located in their file.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::assets;
use crate::error::{Error, Problem, SourceFile};
use crate::files::{MAX_FILE_BYTES, read_source};
use crate::model::{Gemensamt, Plan, Uppfoljning};

mod mistakes;

/// Where shared data files come from.
#[derive(Debug, Clone, Default)]
pub enum DataSource {
    /// The copies built into the binary.
    #[default]
    Embedded,
    /// A folder of `NAME.yaml` files.
    Folder(PathBuf),
}

/// A plan as read, with the shared data it draws on.
#[derive(Debug)]
pub struct Loaded {
    /// The plan.
    pub plan: Plan,
    /// The plan's source, for error messages.
    pub file: SourceFile,
    /// The folder of the plan file; the only place a plan may read files from.
    pub folder: PathBuf,
    /// The shared data files, in the order the plan names them.
    pub shared: Vec<(SourceFile, Gemensamt)>,
}

/// A follow-up report as read, with the plan it follows.
#[derive(Debug)]
pub struct LoadedFollowUp {
    /// The report.
    pub report: Uppfoljning,
    /// The report's source, for error messages.
    pub file: SourceFile,
    /// The plan it follows, loaded.
    pub plan: Loaded,
    /// Where the plan was read from.
    pub plan_path: PathBuf,
}

/// What a file given to `build` or `check` holds.
#[derive(Debug)]
pub enum Input {
    /// A plan.
    Plan(Loaded),
    /// A follow-up report of a plan.
    Report(LoadedFollowUp),
}

/// Whether a file is a follow-up report (it names its `plan`) rather than a
/// plan; a file that cannot be read or parsed is taken for a plan, whose
/// loading reports the problem.
pub fn is_follow_up(path: &Path) -> bool {
    read_source(path).is_ok_and(|file| names_a_plan(&file))
}

/// Whether a file's text is a follow-up report's: a `plan` key and no `dokument`.
fn names_a_plan(file: &SourceFile) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        plan: Option<serde::de::IgnoredAny>,
        dokument: Option<serde::de::IgnoredAny>,
    }
    serde_saphyr::from_str::<Probe>(&file.text).is_ok_and(|p| p.plan.is_some() && p.dokument.is_none())
}

/// Reads a plan or a follow-up report (with its plan), each file once.
pub fn load_input(path: &Path, data: &DataSource) -> Result<Input, Error> {
    let file = read_source(path)?;
    if names_a_plan(&file) {
        load_follow_up(file, path, data).map(Input::Report)
    } else {
        load_plan(file, path, data).map(Input::Plan)
    }
}

/// Parses a follow-up report read from `path` and loads the plan it names
/// (relative to the report).
fn load_follow_up(file: SourceFile, path: &Path, data: &DataSource) -> Result<LoadedFollowUp, Error> {
    let report: Uppfoljning = parse(&file)?;
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let plan_path = folder.join(&report.plan.value);
    let problem = |message: String| {
        Error::problem(
            Problem::at(&file, &report.plan.referenced, message)
                .with_help("name the plan file relative to this report, e.g. `plan: kungsbacka-2021.yaml`"),
        )
    };
    if !plan_path.is_file() {
        return Err(problem(format!("no plan `{}` beside this report", report.plan.value)));
    }
    let plan_file = read_source(&plan_path)?;
    if names_a_plan(&plan_file) {
        return Err(problem(format!("`{}` is a follow-up report, not a plan", report.plan.value)));
    }
    let plan = load_plan(plan_file, &plan_path, data)?;
    Ok(LoadedFollowUp { report, file, plan, plan_path })
}

/// Reads and parses a plan and the shared data files it names.
pub fn load(path: &Path, data: &DataSource) -> Result<Loaded, Error> {
    load_plan(read_source(path)?, path, data)
}

/// Parses a plan read from `path` and reads the shared data files it names.
fn load_plan(file: SourceFile, path: &Path, data: &DataSource) -> Result<Loaded, Error> {
    let plan: Plan = parse(&file)?;
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let folder = if folder.as_os_str().is_empty() { PathBuf::from(".") } else { folder };

    let mut shared = Vec::new();
    let mut problems = Vec::new();
    for name in &plan.gemensamt {
        match read_shared(&name.value, data) {
            Ok(Some(source)) => match parse::<Gemensamt>(&source) {
                Ok(content) => shared.push((source, content)),
                Err(Error::Invalid(mut p)) => problems.append(&mut p),
                Err(other) => return Err(other),
            },
            Ok(None) => problems.push(
                Problem::at(&file, &name.referenced, format!("no shared data file `{}`", name.value))
                    .with_help(format!("use one of: {}", available(data).join(", "))),
            ),
            Err(error) => return Err(error),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(Loaded { plan, file, folder, shared })
}

/// Parses one YAML document into `T`; every structural mistake is
/// reported, located in `file` and worded for the plan's author.
pub fn parse<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Error> {
    let options = || {
        serde_saphyr::options! {
            budget: serde_saphyr::budget! {
                max_depth: 64,
                max_aliases: 1_000,
                max_anchors: 1_000,
                max_total_scalar_bytes: MAX_FILE_BYTES,
            },
        }
    };
    mistakes::parse_all(file, |text| serde_saphyr::from_str_with_options(text, options()))
        .map_err(Error::Invalid)
}

fn read_shared(name: &str, data: &DataSource) -> Result<Option<SourceFile>, Error> {
    // Names are plain words: never a path that could leave the data folder.
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
        return Ok(None);
    }
    match data {
        DataSource::Embedded => {
            Ok(assets::data(name).map(|text| SourceFile::new(format!("data/{name}.yaml"), text)))
        }
        DataSource::Folder(folder) => {
            let path = folder.join(format!("{name}.yaml"));
            if path.is_file() { read_source(&path).map(Some) } else { Ok(None) }
        }
    }
}

fn available(data: &DataSource) -> Vec<String> {
    match data {
        DataSource::Embedded => assets::DATA.iter().map(|(n, _)| n.to_string()).collect(),
        DataSource::Folder(folder) => {
            let mut names: Vec<String> = std::fs::read_dir(folder)
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|e| e.file_name().to_str()?.strip_suffix(".yaml").map(String::from))
                .collect();
            names.sort();
            names
        }
    }
}
