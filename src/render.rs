//! Stage 4: the document through minijinja templates into Typst markup.
//!
//! Input: a [`Document`]. Output: [`Rendered`], the Typst source of the
//! document and the style file it imports. Templates hold layout only; every
//! string they print is escaped by [`crate::escape`], through minijinja's
//! custom auto-escaping, so no plan text can become Typst code. Undefined
//! variables are errors. A user's template folder overrides the built-in
//! templates file by file.

use std::path::PathBuf;
use std::sync::Arc;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Serde, Value, ValueKind};
use minijinja::{AutoEscape, Environment, ErrorKind, Output, State, UndefinedBehavior};

use crate::assets;
use crate::document::Document;
use crate::error::{Error, Problem, SourceFile};
use crate::escape;

/// The template the document is rendered from.
pub const MAIN_TEMPLATE: &str = "plan.typ.j2";
/// The style file the generated document imports.
pub const STYLE_FILE: &str = "stil.typ";

/// The generated Typst files.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The document's Typst source.
    pub main: String,
    /// The style file's Typst source.
    pub style: String,
}

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
                let text = std::fs::read_to_string(&path)
                    .map_err(|source| Error::Read { path: path.clone(), source })?;
                return Ok(Some(SourceFile::new(path.display().to_string(), text)));
            }
        }
        Ok(assets::template(name).map(|text| SourceFile::new(format!("templates/{name}"), text)))
    }
}

/// Renders a document to Typst markup.
pub fn render(document: &Document, templates: &Templates) -> Result<Rendered, Error> {
    let env = environment(templates);
    let template = env.get_template(MAIN_TEMPLATE).map_err(|e| template_error(&e, templates))?;
    let main = template
        .render(minijinja::context! { doc => Value::from(Serde(document)) })
        .map_err(|e| template_error(&e, templates))?;
    let style =
        templates.source(STYLE_FILE)?.ok_or_else(|| Error::Usage(format!("no template {STYLE_FILE}")))?;
    Ok(Rendered { main, style: style.text.to_string() })
}

/// The minijinja environment: loader, escaping, strictness.
fn environment(templates: &Templates) -> Environment<'static> {
    let mut env = Environment::new();
    let loader_templates = templates.clone();
    env.set_loader(move |name| match loader_templates.source(name) {
        Ok(file) => Ok(file.map(|f| f.text.to_string())),
        Err(e) => Err(minijinja::Error::new(ErrorKind::TemplateNotFound, e.to_string())),
    });
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".typ.j2") { AutoEscape::Custom("typst".into()) } else { AutoEscape::None }
    });
    env.set_formatter(typst_formatter);
    env.add_filter("str", string_filter);
    env.add_filter("label", label_filter);
    // Block tags on lines of their own leave no blank lines behind.
    let syntax =
        SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).keep_trailing_newline(true).build();
    env.set_syntax(syntax.expect("the default delimiters are valid"));
    // Bounds a user template that loops forever.
    env.set_fuel(Some(50_000_000));
    env
}

/// Prints a value into Typst markup: strings escaped, numbers as digits.
fn typst_formatter(out: &mut Output, state: &mut State, value: &Value) -> Result<(), minijinja::Error> {
    let escaping = matches!(state.auto_escape(), AutoEscape::Custom(_));
    // Output of our own macros and of the `str` filter is already Typst.
    if value.is_safe() || !escaping {
        return write!(out, "{value}").map_err(|_| minijinja::Error::from(ErrorKind::WriteFailure));
    }
    let text = match value.kind() {
        ValueKind::String => escape::markup(value.as_str().unwrap_or_default()),
        ValueKind::Number => value.to_string(),
        // Typst spells booleans in lower case.
        ValueKind::Bool => if value.is_true() { "true" } else { "false" }.to_string(),
        kind => {
            return Err(minijinja::Error::new(
                ErrorKind::InvalidOperation,
                format!("cannot print a {kind} into Typst; print its fields or loop over it"),
            ));
        }
    };
    out.write_str(&text).map_err(|_| minijinja::Error::from(ErrorKind::WriteFailure))
}

/// `{{ x | str }}`: a Typst string literal, for code positions.
fn string_filter(value: &Value) -> Result<Value, minijinja::Error> {
    match value.as_str() {
        Some(s) => Ok(Value::from_safe_string(escape::string(s))),
        None if value.kind() == ValueKind::Number => {
            Ok(Value::from_safe_string(escape::string(&value.to_string())))
        }
        None => Err(minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("`str` takes a string, not a {}", value.kind()),
        )),
    }
}

/// `{{ id | label }}`: a Typst label for a section id vplan made.
fn label_filter(value: &str) -> Result<Value, minijinja::Error> {
    escape::label(value).map(Value::from_safe_string).ok_or_else(|| {
        minijinja::Error::new(ErrorKind::InvalidOperation, format!("`{value}` cannot be a label"))
    })
}

/// A template error located in the template file that caused it.
fn template_error(error: &minijinja::Error, templates: &Templates) -> Error {
    // The innermost error names the template and line where it happened.
    let mut inner: &dyn std::error::Error = error;
    let mut located = error;
    while let Some(source) = inner.source() {
        if let Some(e) = source.downcast_ref::<minijinja::Error>() {
            if e.name().is_some() {
                located = e;
            }
        }
        inner = source;
    }
    let name = located.name().unwrap_or(MAIN_TEMPLATE);
    let file =
        templates.source(name).ok().flatten().unwrap_or_else(|| SourceFile::new(name, Arc::<str>::from("")));
    let span = located.range().unwrap_or_else(|| {
        let line = located.line().unwrap_or(1);
        let start = file.offset(line, 1);
        start..start + file.text[start..].find('\n').unwrap_or(file.text.len() - start)
    });
    let message = format!("template error: {}", located.detail().unwrap_or(&located.kind().to_string()));
    Error::problem(Problem::new(&file, span, message).with_help(template_help(located.kind())))
}

fn template_help(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::UndefinedError => {
            "the template uses a variable the document does not have; see src/document.rs for the fields"
        }
        ErrorKind::SyntaxError => "fix the Jinja syntax at this place",
        ErrorKind::TemplateNotFound => {
            "the template folder must hold the file, or leave it out to use the built-in one"
        }
        _ => "check the template at this place",
    }
}
