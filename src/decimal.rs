//! Exact decimal figures as plans write them: `5200`, `1.8`, `"1,8"`,
//! `"−0,4"`, `"1 234,5"`, and the units budgets count in (kr, tkr, mnkr).
//!
//! A figure is kept as an integer count of its smallest step (tenths of a
//! mnkr for "1,8"), never as a float, so every sum is exact. A YAML number
//! with a fraction reaches vplan as a float; it is read back through its
//! shortest round-trip text, which is the decimal the planner wrote.

use std::fmt;

/// The most decimals a budget or an indicator may show (`decimaler`), and
/// a written figure have: a figure of 9 decimals still has 9 digits before
/// its decimal point in the `i64` that holds it.
pub const MAX_DECIMALER: u8 = 9;

/// What `decimaler` may be, as messages say it.
pub const DECIMALER_RANGE: &str = "a whole number of decimals from 0 to 9";

/// The most digits a figure may have in all: any figure of 18 digits fits
/// in the `i64` that holds it.
pub const MAX_DIGITS: usize = 18;

/// Why a written figure is not one vplan can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// Not digits with a decimal comma or point at all.
    NotAFigure,
    /// Digits, but more than a figure can hold.
    TooLarge,
    /// Digits, with more than [`MAX_DECIMALER`] decimals.
    TooManyDecimals,
}

/// Why a figure does not fit a budget's or an indicator's steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misfit {
    /// It has more decimals than the steps (other than trailing zeros).
    Decimals,
    /// In those steps it is larger than a figure can be.
    TooLarge,
}

/// A written figure as a message may quote it: as written when short,
/// else its first digits, "…" and how many digits it has
/// (`999999…(309 digits)`), so a pasted run of digits never fills the screen.
pub fn shortened(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= 24 {
        return text.to_string();
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let head: String = text.chars().take(8).collect();
    format!("{head}…({digits} digits)")
}

/// A float as a message may quote it: `1e308`, not its 309 digits.
pub fn shortened_f64(value: f64) -> String {
    if value.is_finite() && value.abs() < 1e15 { format!("{value}") } else { format!("{value:e}") }
}

/// An exact decimal: `units` tenths, hundredths… as `scale` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    /// The figure times 10^scale.
    pub units: i64,
    /// How many decimals it has.
    pub scale: u8,
}

impl Decimal {
    /// A whole number.
    pub fn whole(value: i64) -> Self {
        Self { units: value, scale: 0 }
    }

    /// Reads a figure the Swedish or the English way: "1,8", "1.8",
    /// "−0,4", "-0.4", "1 234,5", "+12"; none for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        Self::read(text).ok()
    }

    /// Reads a figure as [`Decimal::parse`] does, saying why when it cannot.
    pub fn read(text: &str) -> Result<Self, Unreadable> {
        let t: String = text.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
        let (negative, t) = match t.strip_prefix(['-', '\u{2212}']) {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(&t)),
        };
        let (whole, fraction) = match t.split_once([',', '.']) {
            Some((w, f)) => (w, f),
            None => (t, ""),
        };
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty()
            || !digits(whole)
            || !digits(fraction)
            || (t.contains([',', '.']) && fraction.is_empty())
        {
            return Err(Unreadable::NotAFigure);
        }
        let scale = u8::try_from(fraction.len())
            .ok()
            .filter(|s| *s <= MAX_DECIMALER)
            .ok_or(Unreadable::TooManyDecimals)?;
        let units: i64 = format!("{whole}{fraction}").parse().map_err(|_| Unreadable::TooLarge)?;
        Ok(Self { units: if negative { -units } else { units }, scale })
    }

    /// A float as the decimal it was written as (its shortest round-trip
    /// text); none for what no plan writes (infinities, NaN, 1e300).
    pub fn from_f64(value: f64) -> Option<Self> {
        Self::read_f64(value).ok()
    }

    /// A float as [`Decimal::from_f64`] reads it, saying why when it cannot.
    pub fn read_f64(value: f64) -> Result<Self, Unreadable> {
        if !value.is_finite() {
            return Err(Unreadable::NotAFigure);
        }
        // `{}` of an f64 prints the shortest text that reads back as it,
        // and never an exponent.
        Self::read(&format!("{value}"))
    }

    /// The figure in steps of 10^-scale; none when it has more decimals
    /// than that (other than trailing zeros) or does not fit.
    pub fn at_scale(self, scale: u8) -> Option<i64> {
        self.steps(scale).ok()
    }

    /// The figure in steps of 10^-scale, or why it is not a whole number
    /// of them that fits.
    pub fn steps(self, scale: u8) -> Result<i64, Misfit> {
        if scale >= self.scale {
            10i64
                .checked_pow(u32::from(scale - self.scale))
                .and_then(|factor| self.units.checked_mul(factor))
                .ok_or(Misfit::TooLarge)
        } else {
            // The factor fits: `self.scale` is at most MAX_DECIMALER.
            let factor = 10i64.checked_pow(u32::from(self.scale - scale)).ok_or(Misfit::Decimals)?;
            if self.units % factor == 0 { Ok(self.units / factor) } else { Err(Misfit::Decimals) }
        }
    }

    /// The same figure without trailing zero decimals: 1,80 → 1,8.
    pub fn trimmed(self) -> Self {
        let mut d = self;
        while d.scale > 0 && d.units % 10 == 0 {
            d = Self { units: d.units / 10, scale: d.scale - 1 };
        }
        d
    }
}

impl fmt::Display for Decimal {
    /// As a plan would write it: "1.8", "-0.45", "5200".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.units);
        }
        let factor = 10u64.pow(u32::from(self.scale));
        let abs = self.units.unsigned_abs();
        let sign = if self.units < 0 { "-" } else { "" };
        write!(f, "{sign}{}.{:0width$}", abs / factor, abs % factor, width = usize::from(self.scale))
    }
}

/// The unit a budget's figures are in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Enhet {
    /// Kronor.
    Kr,
    /// Thousands of kronor, as most boards' budgets are.
    #[default]
    Tkr,
    /// Millions of kronor, as municipalities' budgets often are.
    Mnkr,
}

impl Enhet {
    /// How many kronor one of it is.
    pub fn kronor(self) -> i64 {
        match self {
            Enhet::Kr => 1,
            Enhet::Tkr => 1_000,
            Enhet::Mnkr => 1_000_000,
        }
    }

    /// Its name as plans and tables write it.
    pub fn name(self) -> &'static str {
        match self {
            Enhet::Kr => "kr",
            Enhet::Tkr => "tkr",
            Enhet::Mnkr => "mnkr",
        }
    }
}

/// What a budget's figures count: its unit and how many decimals it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Unit {
    /// The unit.
    pub enhet: Enhet,
    /// The decimals shown and allowed: figures are integers of 10^-decimaler.
    pub decimaler: u8,
}

impl Unit {
    /// Whole tkr, the unit of every budget before units could be chosen.
    pub const TKR: Unit = Unit { enhet: Enhet::Tkr, decimaler: 0 };

    /// `steps` of this unit in steps of `to`, rounded half away from zero
    /// where `to` is coarser; none when it does not fit.
    pub fn convert(self, steps: i64, to: Unit) -> Option<i64> {
        let num = i128::from(steps) * i128::from(self.enhet.kronor()) * 10i128.pow(u32::from(to.decimaler));
        let den = i128::from(to.enhet.kronor()) * 10i128.pow(u32::from(self.decimaler));
        let rounded = (num.abs() + den / 2) / den * num.signum();
        i64::try_from(rounded).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_read_the_swedish_and_the_english_way() {
        assert_eq!(Decimal::parse("1,8"), Some(Decimal { units: 18, scale: 1 }));
        assert_eq!(Decimal::parse("1.8"), Some(Decimal { units: 18, scale: 1 }));
        assert_eq!(Decimal::parse("\u{2212}0,4"), Some(Decimal { units: -4, scale: 1 }));
        assert_eq!(Decimal::parse("1 234,50"), Some(Decimal { units: 123_450, scale: 2 }));
        assert_eq!(Decimal::parse("5200"), Some(Decimal::whole(5200)));
        assert_eq!(Decimal::parse("+12"), Some(Decimal::whole(12)));
        for bad in ["", "-", "1,", ",5", "1,2,3", "12 %", "Kvartalsvis", "1e5", "--1"] {
            assert_eq!(Decimal::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_figure_that_cannot_be_held_says_why_and_is_quoted_short() {
        assert_eq!(Decimal::read("12 %"), Err(Unreadable::NotAFigure));
        assert_eq!(Decimal::read(&"9".repeat(309)), Err(Unreadable::TooLarge));
        assert_eq!(Decimal::read("99999999999999999999"), Err(Unreadable::TooLarge));
        assert_eq!(Decimal::read("0,1234567891"), Err(Unreadable::TooManyDecimals));
        assert_eq!(Decimal::read_f64(1e308), Err(Unreadable::TooLarge));
        assert_eq!(Decimal::read(&"9".repeat(MAX_DIGITS)).map(|d| d.units > 0), Ok(true));
        assert_eq!(shortened(&"9".repeat(309)), "99999999…(309 digits)");
        assert_eq!(shortened("1 234,5"), "1 234,5");
        assert_eq!(shortened_f64(1e308), "1e308");
        assert_eq!(shortened_f64(-2.5), "-2.5");
        assert_eq!(Decimal::whole(i64::MAX / 2).steps(1), Err(Misfit::TooLarge));
        assert_eq!(Decimal { units: 15, scale: 1 }.steps(0), Err(Misfit::Decimals));
    }

    #[test]
    fn a_float_is_the_decimal_it_was_written_as() {
        assert_eq!(Decimal::from_f64(1.8), Some(Decimal { units: 18, scale: 1 }));
        assert_eq!(Decimal::from_f64(-0.1), Some(Decimal { units: -1, scale: 1 }));
        assert_eq!(Decimal::from_f64(2412.3), Some(Decimal { units: 24123, scale: 1 }));
        assert_eq!(Decimal::from_f64(5.0), Some(Decimal::whole(5)));
        assert_eq!(Decimal::from_f64(f64::NAN), None);
        assert_eq!(Decimal::from_f64(1e300), None);
    }

    #[test]
    fn steps_are_exact_or_refused() {
        let d = Decimal { units: 18, scale: 1 };
        assert_eq!(d.at_scale(1), Some(18));
        assert_eq!(d.at_scale(2), Some(180));
        assert_eq!(d.at_scale(0), None);
        assert_eq!(Decimal { units: 180, scale: 2 }.at_scale(1), Some(18));
        assert_eq!(Decimal::whole(i64::MAX).at_scale(1), None);
        assert_eq!(d.to_string(), "1.8");
        assert_eq!(Decimal { units: -5, scale: 2 }.to_string(), "-0.05");
    }

    #[test]
    fn units_convert_exactly_or_rounded_half_away_from_zero() {
        let mnkr = Unit { enhet: Enhet::Mnkr, decimaler: 1 };
        assert_eq!(mnkr.convert(18, Unit::TKR), Some(1800));
        assert_eq!(mnkr.convert(-4, Unit { enhet: Enhet::Kr, decimaler: 0 }), Some(-400_000));
        assert_eq!(Unit::TKR.convert(1_850, mnkr), Some(19));
        assert_eq!(Unit::TKR.convert(-1_850, mnkr), Some(-19));
        assert_eq!(Unit::TKR.convert(1_849, mnkr), Some(18));
        assert_eq!(Unit::TKR.convert(i64::MAX, Unit { enhet: Enhet::Kr, decimaler: 2 }), None);
    }
}
