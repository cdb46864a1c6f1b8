//! The web page: the checked [`Document`](crate::document::Document) through minijinja templates into
//! one self-contained, accessible HTML file (styles inline, the logo as a
//! data URI, no scripts).
//!
//! The same document feeds the Typst renderer beside it, so the page holds
//! the same text, numbers and figures as the PDF. Every value a template
//! prints is escaped by [`escape::html`] (minijinja's HTML escaper after
//! the PDF's character rules); nothing is marked safe.

use base64::Engine;
use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, ErrorKind, Output, State};

use super::{Input, add_document_globals, base_environment, template_error};
use crate::error::Error;
use crate::escape;
use crate::templates::Templates;

/// The template the web page is rendered from.
pub const HTML_TEMPLATE: &str = "plan.html.j2";

/// Renders a document to a web page.
pub fn render_html(input: Input, templates: &Templates) -> Result<String, Error> {
    let env = page_environment(input, templates);
    let template = env.get_template(HTML_TEMPLATE).map_err(|e| template_error(&e, templates))?;
    template.render(input.context()).map_err(|e| template_error(&e, templates))
}

/// The environment of the web page and the site's pages: HTML escaping,
/// the document's globals, the logo (`logo_uri`), a template folder's
/// files (`bild`, `typsnitt`) and where a section is (`lank(id)`: on this
/// page, at its heading; the site puts it on its chapter's page).
pub(super) fn page_environment(input: Input, templates: &Templates) -> Environment<'static> {
    let mut env = environment(templates);
    add_document_globals(&mut env, input);
    let logo = input
        .document
        .meta
        .logotyp
        .as_ref()
        .and_then(|logo| input.files.iter().find(|(path, _)| *path == logo.fil))
        .map(|(path, bytes)| data_uri(path, bytes));
    env.add_global("logo_uri", Value::from(logo));
    // `bild("/mall/bilder/logo.svg")`, `typsnitt("Lato-Regular.ttf")`: a
    // template folder's files as data URIs, for its stil.css.
    let files = std::sync::Arc::new(input.files.to_vec());
    let images = files.clone();
    env.add_function("bild", move |path: &str| {
        file_uri(&images, path, "an image in the template folder's bilder/")
    });
    env.add_function("typsnitt", move |name: &str| {
        file_uri(&files, &format!("/mall/fonts/{name}"), "a font file in the template folder's fonts/")
    });
    env.add_function("lank", |id: &str| format!("#{id}"));
    env
}

/// Prints a value into the page: strings through [`escape::html`] (the
/// PDF's character rules, then HTML escaping), everything else as
/// minijinja prints it, escaped.
fn html_formatter(out: &mut Output, state: &mut State, value: &Value) -> Result<(), minijinja::Error> {
    let escaping = matches!(state.auto_escape(), AutoEscape::Html);
    match value.as_str() {
        Some(text) if escaping && !value.is_safe() => {
            out.write_str(&escape::html(text)).map_err(|_| minijinja::Error::from(ErrorKind::WriteFailure))
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// The file at `path` as a data URI, or an error naming what it should be.
fn file_uri(files: &[(String, Vec<u8>)], path: &str, what: &str) -> Result<String, minijinja::Error> {
    files.iter().find(|(p, _)| p == path).map(|(p, bytes)| data_uri(p, bytes)).ok_or_else(|| {
        minijinja::Error::new(ErrorKind::InvalidOperation, format!("there is no {path}: name {what}"))
    })
}

/// A file as a `data:` URI, so the page needs no file beside it.
fn data_uri(path: &str, bytes: &[u8]) -> String {
    let kind = match path.rsplit('.').next().unwrap_or_default() {
        "svg" => "image/svg+xml",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "ttc" => "font/collection",
        _ => "image/png",
    };
    format!("data:{kind};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// The environment: the same loader and strictness as the Typst templates,
/// with HTML escaping.
fn environment(templates: &Templates) -> Environment<'static> {
    let mut env = base_environment(templates);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html.j2") { AutoEscape::Html } else { AutoEscape::None }
    });
    env.set_formatter(html_formatter);
    // `{{ text | css }}`: a CSS string, for a style sheet in the page.
    env.add_filter("css", |text: &str| Value::from_safe_string(escape::css_string(text)));
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_become_data_uris_of_their_type() {
        assert_eq!(data_uri("/logotyp.svg", b"<svg/>"), "data:image/svg+xml;base64,PHN2Zy8+");
        assert!(data_uri("/logotyp.png", b"x").starts_with("data:image/png;base64,"));
        assert!(data_uri("/mall/fonts/Lato.ttf", b"x").starts_with("data:font/ttf;base64,"));
        let files = vec![("/mall/bilder/a.svg".to_string(), b"<svg/>".to_vec())];
        assert!(file_uri(&files, "/mall/bilder/a.svg", "").is_ok());
        assert!(
            file_uri(&files, "/mall/bilder/b.svg", "an image").unwrap_err().to_string().contains("b.svg")
        );
    }
}
