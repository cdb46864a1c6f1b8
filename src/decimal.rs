//! Exact decimal figures as plans write them: `5200`, `1.8`, `"1,8"`,
//! `"−0,4"`, `"1 234,5"`, and the units budgets count in (kr, tkr, mnkr).
//!
//! A figure is kept as an integer count of its smallest step (tenths of a
//! mnkr for "1,8"), never as a float, so every sum is exact. A YAML number
//! with a fraction reaches vplan as a float; it is read back through its
//! shortest round-trip text, which is the decimal the planner wrote.

use std::fmt;

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
            return None;
        }
        let scale = u8::try_from(fraction.len()).ok().filter(|s| *s <= 9)?;
        let units: i64 = format!("{whole}{fraction}").parse().ok()?;
        Some(Self { units: if negative { -units } else { units }, scale })
    }

    /// A float as the decimal it was written as (its shortest round-trip
    /// text); none for what no plan writes (infinities, NaN, 1e300).
    pub fn from_f64(value: f64) -> Option<Self> {
        if !value.is_finite() {
            return None;
        }
        // `{}` of an f64 prints the shortest text that reads back as it,
        // and never an exponent.
        Self::parse(&format!("{value}"))
    }

    /// The figure in steps of 10^-scale; none when it has more decimals
    /// than that (other than trailing zeros) or does not fit.
    pub fn at_scale(self, scale: u8) -> Option<i64> {
        if scale >= self.scale {
            self.units.checked_mul(10i64.checked_pow(u32::from(scale - self.scale))?)
        } else {
            let factor = 10i64.checked_pow(u32::from(self.scale - scale))?;
            (self.units % factor == 0).then_some(self.units / factor)
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
