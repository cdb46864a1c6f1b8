//! The columns of a budget: what each shows, how plans name them, and the
//! figures derived from them (the change in tkr and in per cent).

/// What a column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// The outcome of a finished year.
    Bokslut,
    /// A year's budget.
    Budget,
    /// A later year of the plan period.
    Plan,
    /// This year's budget less the figure column before it, in tkr.
    Forandring,
    /// The same change in per cent of the earlier figure.
    Procent,
}

/// A column of a budget table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// What it shows.
    pub kind: ColumnKind,
    /// Its year; none for the change columns.
    pub year: Option<i32>,
}

impl Column {
    /// The name plans use for it: "bokslut 2019", "förändring %".
    pub fn key(&self) -> String {
        match (self.kind, self.year) {
            (ColumnKind::Bokslut, Some(y)) => format!("bokslut {y}"),
            (ColumnKind::Budget, Some(y)) => format!("budget {y}"),
            (ColumnKind::Plan, Some(y)) => format!("plan {y}"),
            (ColumnKind::Procent, _) => "förändring %".into(),
            _ => "förändring".into(),
        }
    }

    /// Whether its figures are entered, not derived.
    pub fn entered(&self) -> bool {
        !matches!(self.kind, ColumnKind::Forandring | ColumnKind::Procent)
    }

    /// Reads a column as a plan writes it.
    pub fn parse(text: &str) -> Option<Column> {
        let text = text.trim().to_lowercase();
        match text.as_str() {
            "förändring" => return Some(Column { kind: ColumnKind::Forandring, year: None }),
            "förändring %" | "förändring%" => {
                return Some(Column { kind: ColumnKind::Procent, year: None });
            }
            _ => {}
        }
        let (kind, year) = text.split_once(' ')?;
        let kind = match kind {
            "bokslut" | "utfall" => ColumnKind::Bokslut,
            "budget" => ColumnKind::Budget,
            "plan" => ColumnKind::Plan,
            _ => return None,
        };
        let year = year.trim().parse().ok().filter(|y| (1000..=9999).contains(y))?;
        Some(Column { kind, year: Some(year) })
    }
}

/// Figures of one row: one per entered column; none where missing.
pub type Figures = Vec<Option<i64>>;

/// A row's figure in one column, ready to show or quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// An amount in steps of the budget's unit (whole tkr unless it says otherwise).
    Amount(i64),
    /// Tenths of a per cent.
    PerMille(i64),
    /// Not known: shown "–".
    Missing,
}

/// The change from `then` to `now` in tenths of a per cent of `then`,
/// rounded half away from zero; missing where `then` is 0.
pub fn per_mille(now: i64, then: i64) -> Figure {
    if then == 0 {
        return Figure::Missing;
    }
    let change = i128::from(now) - i128::from(then);
    let scaled = change * 1000;
    let base = i128::from(then).abs();
    let rounded = (scaled.abs() + base / 2) / base * scaled.signum();
    i64::try_from(rounded).map_or(Figure::Missing, Figure::PerMille)
}
