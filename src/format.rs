//! Swedish formatting of amounts and dates.
//!
//! Amounts are grouped by three with a no-break space ("1 181") so that a
//! figure never breaks across lines, and negatives carry a true minus sign
//! ("−24"), as Swedish typographic practice wants.

use chrono::{Datelike, NaiveDate};

/// The no-break space used between digit groups.
pub const GROUP_SEPARATOR: char = '\u{a0}';

/// The minus sign (U+2212) used for negative amounts.
pub const MINUS: char = '\u{2212}';

/// Formats an integer the Swedish way: `1181` → "1 181", `-24` → "−24".
pub fn number(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() * 2 + 1);
    if value < 0 {
        out.push(MINUS);
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(GROUP_SEPARATOR);
        }
        out.push(digit);
    }
    out
}

/// Formats a signed change with an explicit sign: `12` → "+12", `-3` → "−3",
/// `0` → "0".
pub fn change(value: i64) -> String {
    if value > 0 { format!("+{}", number(value)) } else { number(value) }
}

/// Formats tenths of a per cent with a decimal comma: `36` → "3,6",
/// `-5` → "−0,5", `1234` → "123,4".
pub fn per_mille(value: i64) -> String {
    fixed(value, 1)
}

/// Formats a figure counted in steps of 10^-`decimals` with a decimal
/// comma: `fixed(18, 1)` → "1,8", `fixed(-4, 1)` → "−0,4",
/// `fixed(24123, 1)` → "2 412,3"; `fixed(v, 0)` is [`number`].
pub fn fixed(value: i64, decimals: u8) -> String {
    if decimals == 0 {
        return number(value);
    }
    let factor = 10u64.checked_pow(u32::from(decimals)).unwrap_or(u64::MAX);
    let abs = value.unsigned_abs();
    let whole = i64::try_from(abs / factor).unwrap_or(i64::MAX);
    let sign = if value < 0 { MINUS.to_string() } else { String::new() };
    format!("{sign}{},{:0width$}", number(whole), abs % factor, width = usize::from(decimals))
}

/// [`fixed`] with an explicit sign: `(12, 1)` → "+1,2", `(-3, 1)` → "−0,3".
pub fn fixed_change(value: i64, decimals: u8) -> String {
    if value > 0 { format!("+{}", fixed(value, decimals)) } else { fixed(value, decimals) }
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// Formats a date the Swedish way: 2020-12-09 → "9 december 2020".
pub fn date(date: NaiveDate) -> String {
    // `month0` is always 0..12, so the index is in bounds.
    let month = MONTHS[date.month0() as usize];
    format!("{} {} {}", date.day(), month, date.year())
}

/// The period from the start of a year to `end`: "januari–augusti", and
/// short, "jan–aug".
pub fn period(end: NaiveDate) -> (String, String) {
    let month = MONTHS[end.month0() as usize];
    let short = |m: &str| m.chars().take(3).collect::<String>();
    if end.month0() == 0 {
        return (month.to_string(), short(month));
    }
    (format!("{}–{month}", MONTHS[0]), format!("{}–{}", short(MONTHS[0]), short(month)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_run_from_january() {
        let end = NaiveDate::from_ymd_opt(2021, 8, 31).unwrap();
        assert_eq!(period(end), ("januari–augusti".into(), "jan–aug".into()));
    }

    #[test]
    fn groups_thousands_with_no_break_space() {
        assert_eq!(number(0), "0");
        assert_eq!(number(24), "24");
        assert_eq!(number(777), "777");
        assert_eq!(number(1181), "1\u{a0}181");
        assert_eq!(number(734_000), "734\u{a0}000");
        assert_eq!(number(1_234_567), "1\u{a0}234\u{a0}567");
    }

    #[test]
    fn negatives_use_the_minus_sign() {
        assert_eq!(number(-24), "\u{2212}24");
        assert_eq!(number(-1181), "\u{2212}1\u{a0}181");
        assert_eq!(number(i64::MIN), "\u{2212}9\u{a0}223\u{a0}372\u{a0}036\u{a0}854\u{a0}775\u{a0}808");
    }

    #[test]
    fn changes_carry_their_sign() {
        assert_eq!(change(125), "+125");
        assert_eq!(change(-3), "\u{2212}3");
        assert_eq!(change(0), "0");
    }

    #[test]
    fn per_mille_has_a_decimal_comma() {
        assert_eq!(per_mille(36), "3,6");
        assert_eq!(per_mille(-5), "\u{2212}0,5");
        assert_eq!(per_mille(12345), "1\u{a0}234,5");
        assert_eq!(per_mille(0), "0,0");
        assert_eq!(fixed(24123, 1), "2\u{a0}412,3");
        assert_eq!(fixed(-4, 1), "\u{2212}0,4");
        assert_eq!(fixed(5, 2), "0,05");
        assert_eq!(fixed(-1181, 0), "\u{2212}1\u{a0}181");
        assert_eq!(fixed_change(12, 1), "+1,2");
        assert_eq!(fixed_change(0, 1), "0,0");
    }

    #[test]
    fn dates_are_written_out_in_swedish() {
        let d = NaiveDate::from_ymd_opt(2020, 12, 9).unwrap();
        assert_eq!(date(d), "9 december 2020");
        let d = NaiveDate::from_ymd_opt(2021, 3, 1).unwrap();
        assert_eq!(date(d), "1 mars 2021");
    }
}
