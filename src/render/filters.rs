//! Swedish formatting for templates: numbers and dates reach templates as
//! values (`varden`, `datum_iso`), and these filters write them the way
//! the document does, so a template may use them or a format of its own.
//!
//! - `{{ x | tal }}`: a figure ([`Tal`](crate::document::Tal) or a whole
//!   number) as "1 181", "+12", "3,6"; none as "–".
//! - `{{ x | procent }}`: tenths of a per cent as "3,6 %".
//! - `{{ d | datum }}`: a date (`datum_iso`, or "2020-12-09") as
//!   "9 december 2020"; `datum("iso")` as "2020-12-09", `datum("månad")`
//!   as "december 2020".

use chrono::NaiveDate;
use minijinja::value::{Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind};

use crate::document::{Tal, Talslag};
use crate::format;

/// Adds the filters to an environment.
pub fn add(env: &mut Environment<'static>) {
    env.add_filter("tal", tal);
    env.add_filter("procent", procent);
    env.add_filter("datum", datum);
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

fn integer(value: &Value) -> Option<i64> {
    i64::try_from(value.clone()).ok()
}

/// `tal`: a figure written the Swedish way.
fn tal(value: &Value) -> Result<String, Error> {
    if value.is_none() || value.is_undefined() {
        return Ok("–".into());
    }
    if value.kind() == ValueKind::Number {
        return integer(value)
            .map(format::number)
            .ok_or_else(|| invalid(format!("`tal` takes a whole number, not {value}")));
    }
    let varde = value.get_attr("varde").ok().as_ref().and_then(integer);
    let slag = value.get_attr("slag").ok().and_then(|s| s.as_str().map(String::from));
    let slag = match slag.as_deref() {
        Some("tkr") => Some(Talslag::Tkr),
        Some("forandring") => Some(Talslag::Forandring),
        Some("promille") => Some(Talslag::Promille),
        Some("procent") => Some(Talslag::Procent),
        _ => None,
    };
    match (varde, slag) {
        (Some(varde), Some(slag)) => {
            let decimaler = value.get_attr("decimaler").ok().as_ref().and_then(integer);
            let decimaler = u8::try_from(decimaler.unwrap_or(0)).unwrap_or(0).min(9);
            Ok(Tal { varde, slag, decimaler }.text())
        }
        _ => Err(invalid(format!(
            "`tal` takes a figure (with `varde` and `slag`) or a whole number, not {value}"
        ))),
    }
}

/// `procent`: tenths of a per cent as "3,6 %".
fn procent(value: &Value) -> Result<String, Error> {
    let varde = match value.kind() {
        ValueKind::Number => integer(value),
        _ => value.get_attr("varde").ok().as_ref().and_then(integer),
    };
    varde
        .map(|v| format!("{}\u{a0}%", format::per_mille(v)))
        .ok_or_else(|| invalid(format!("`procent` takes tenths of a per cent, not {value}")))
}

/// `datum`: a date the Swedish way, or in the form asked for.
fn datum(value: &Value, form: Option<&str>) -> Result<String, Error> {
    let date = match value.as_str() {
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
        None => {
            let part = |name: &str| value.get_attr(name).ok().as_ref().and_then(integer);
            match (part("ar"), part("manad"), part("dag")) {
                (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(
                    i32::try_from(y).unwrap_or(0),
                    u32::try_from(m).unwrap_or(0),
                    u32::try_from(d).unwrap_or(0),
                ),
                _ => None,
            }
        }
    };
    let date = date.ok_or_else(|| {
        invalid(format!("`datum` takes a date (`datum_iso` or \"2020-12-09\"), not {value}"))
    })?;
    match form.unwrap_or("lång") {
        "lång" | "lang" => Ok(format::date(date)),
        "iso" => Ok(date.format("%Y-%m-%d").to_string()),
        "månad" | "manad" => {
            Ok(format::date(date).split_once(' ').map_or_else(String::new, |(_, rest)| rest.to_string()))
        }
        other => {
            Err(invalid(format!("`datum` knows the forms \"lång\", \"iso\" and \"månad\", not \"{other}\"")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{IsoDate, Tal, Talslag};

    fn render(template: &str, ctx: Value) -> Result<String, Error> {
        let mut env = Environment::new();
        add(&mut env);
        env.render_str(template, ctx)
    }

    #[test]
    fn figures_are_written_the_swedish_way() {
        let ctx = minijinja::context! {
            a => Value::from(minijinja::value::Serde(Tal::tkr(1181))),
            b => Value::from(minijinja::value::Serde(Tal::new(-3, Talslag::Forandring))),
            c => Value::from(minijinja::value::Serde(Tal::new(36, Talslag::Promille))),
            n => -24, none => Value::from(()),
        };
        let out =
            render("{{ a|tal }}|{{ b|tal }}|{{ c|tal }}|{{ n|tal }}|{{ none|tal }}|{{ c|procent }}", ctx)
                .unwrap();
        assert_eq!(out, "1\u{a0}181|\u{2212}3|+3,6|\u{2212}24|–|3,6\u{a0}%");
        assert!(render("{{ 'x'|tal }}", Value::from(())).is_err());
    }

    #[test]
    fn dates_in_three_forms() {
        let ctx = minijinja::context! { d => Value::from(minijinja::value::Serde(IsoDate { ar: 2020, manad: 12, dag: 9 })) };
        let out =
            render("{{ d|datum }}|{{ d|datum('iso') }}|{{ d|datum('månad') }}|{{ '2021-08-31'|datum }}", ctx)
                .unwrap();
        assert_eq!(out, "9 december 2020|2020-12-09|december 2020|31 augusti 2021");
        assert!(render("{{ 'igår'|datum }}", Value::from(())).is_err());
    }
}
