//! A number of days held exactly, and the one rounding step of every line.

use std::fmt;

use serde::Serialize;

use crate::catalog::Money;

/// A non-negative number of days held exactly as a reduced fraction, e.g. 15 × 181/365 = 543/73
/// for a proportional aguinaldo. Serialized as `{"numerator": 543, "denominator": 73}`; displays
/// with four decimals ("7.4384").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Days {
    numerator: i64,
    denominator: i64,
}

impl Days {
    pub const ZERO: Days = Days {
        numerator: 0,
        denominator: 1,
    };

    /// A whole number of days.
    pub const fn whole(days: i64) -> Days {
        Days {
            numerator: days,
            denominator: 1,
        }
    }

    /// `numerator / denominator`, reduced; `None` if the denominator is not positive.
    pub fn new(numerator: i64, denominator: i64) -> Option<Days> {
        if denominator <= 0 {
            return None;
        }
        let g = gcd(numerator, denominator);
        Some(Days {
            numerator: numerator / g,
            denominator: denominator / g,
        })
    }

    pub const fn numerator(self) -> i64 {
        self.numerator
    }

    pub const fn denominator(self) -> i64 {
        self.denominator
    }

    pub const fn is_negative(self) -> bool {
        self.numerator < 0
    }

    /// `self × numerator / denominator`, or `None` on overflow or a denominator that is not
    /// positive.
    pub(super) fn scaled(self, numerator: i64, denominator: i64) -> Option<Days> {
        Days::new(
            self.numerator.checked_mul(numerator)?,
            self.denominator.checked_mul(denominator)?,
        )
    }

    /// `self - other`, or `None` on overflow.
    pub(super) fn minus(self, other: Days) -> Option<Days> {
        let left = self.numerator.checked_mul(other.denominator)?;
        let right = other.numerator.checked_mul(self.denominator)?;
        Days::new(
            left.checked_sub(right)?,
            self.denominator.checked_mul(other.denominator)?,
        )
    }
}

impl fmt::Display for Days {
    /// Four decimals, rounded half up (days are never negative in a settlement).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scaled = i128::from(self.numerator) * 10_000;
        let den = i128::from(self.denominator);
        let mut q = scaled / den;
        if 2 * (scaled % den).abs() >= den {
            q += scaled.signum();
        }
        let sign = if q < 0 { "-" } else { "" };
        let q = q.abs();
        write!(f, "{sign}{}.{:04}", q / 10_000, q % 10_000)
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    // `b` was positive, so `a` is at least 1 and at most `b`'s magnitude: it fits.
    i64::try_from(a).unwrap_or(1).max(1)
}

/// The amount of a line: `base × days`, computed exactly in centavos and rounded **half up to
/// the centavo once, at the line** (a remainder of exactly half a centavo goes up). Amounts are
/// never negative, so this is [`Money::mul_ratio`]'s "half away from zero". `None` on overflow.
pub(super) fn line_amount(base: Money, days: Days) -> Option<Money> {
    base.mul_ratio(days.numerator, days.denominator)
}
