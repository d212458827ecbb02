//! Money in integer centavos, and the two yardsticks labor law measures money with: the UMA and
//! the minimum wage.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::table::{for_each_row, Row};
use super::{CatalogError, Catalogs};

pub(crate) const UMA_FILE: &str = "uma_by_year.csv";
pub(crate) const WAGES_FILE: &str = "minimum_wage_by_year.csv";
const UMA_CSV: &[u8] = include_bytes!("../../../../data/catalogs/uma_by_year.csv");
const WAGES_CSV: &[u8] = include_bytes!("../../../../data/catalogs/minimum_wage_by_year.csv");

/// An amount of Mexican pesos, held exactly as a whole number of centavos. Serialized as the
/// number of centavos. Displays as "$1,234.56" (negative: "-$1,234.56").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_centavos(centavos: i64) -> Money {
        Money(centavos)
    }

    /// Whole pesos; saturates at the limits of `i64` centavos.
    pub const fn from_pesos(pesos: i64) -> Money {
        Money(pesos.saturating_mul(100))
    }

    pub const fn centavos(self) -> i64 {
        self.0
    }

    /// `self * n`, or `None` on overflow.
    pub fn checked_mul(self, n: i64) -> Option<Money> {
        self.0.checked_mul(n).map(Money)
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// `self * numerator / denominator`, rounded half away from zero to the centavo; `None` on
    /// overflow or a zero denominator. For proportions such as "30.4 days" (304 / 10).
    pub fn mul_ratio(self, numerator: i64, denominator: i64) -> Option<Money> {
        if denominator == 0 {
            return None;
        }
        let p = i128::from(self.0).checked_mul(i128::from(numerator))?;
        let d = i128::from(denominator);
        let q = p / d;
        let r = p % d;
        let q = if 2 * r.abs() >= d.abs() {
            q + p.signum() * d.signum()
        } else {
            q
        };
        i64::try_from(q).ok().map(Money)
    }
}

/// Why a text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an amount of pesos with at most two decimals")]
pub struct ParseMoneyError(pub String);

impl FromStr for Money {
    type Err = ParseMoneyError;

    /// Parses "1234.56", "$1,234.56", "-3", "2294.9". At most two decimals; no rounding.
    fn from_str(s: &str) -> Result<Money, ParseMoneyError> {
        let fail = || ParseMoneyError(s.to_string());
        let t = s.trim();
        let (negative, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let t = t.strip_prefix('$').unwrap_or(t).trim();
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        let whole: String = whole.chars().filter(|&c| c != ',').collect();
        if whole.is_empty() && frac.is_empty() {
            return Err(fail());
        }
        if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 2 {
            return Err(fail());
        }
        let pesos: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| fail())?
        };
        let mut cents: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| fail())?
        };
        if frac.len() == 1 {
            cents *= 10;
        }
        let total = pesos
            .checked_mul(100)
            .and_then(|p| p.checked_add(cents))
            .ok_or_else(fail)?;
        Ok(Money(if negative { -total } else { total }))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.0.unsigned_abs();
        let pesos = (abs / 100).to_string();
        // Digits are ASCII: group them by threes from the right.
        let lead = match pesos.len() % 3 {
            0 => 3,
            r => r,
        };
        let (head, tail) = pesos.split_at(lead.min(pesos.len()));
        let mut grouped = String::with_capacity(pesos.len() + pesos.len() / 3);
        grouped.push_str(head);
        for chunk in tail.as_bytes().chunks(3) {
            grouped.push(',');
            grouped.extend(chunk.iter().map(|&b| char::from(b)));
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}${grouped}.{:02}", abs % 100)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Mul<i64> for Money {
    type Output = Money;
    fn mul(self, rhs: i64) -> Money {
        Money(self.0 * rhs)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

/// The UMA (Unidad de Medida y Actualización) of one year. Each value is in force from its
/// `valid_from` date (1 February since 2017; the first one from 28 January 2016) until the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UmaValue {
    pub year: i32,
    pub valid_from: NaiveDate,
    pub daily: Money,
    pub monthly: Money,
    pub annual: Money,
}

/// The zones of the minimum wage since 2019.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WageZone {
    /// The rest of the country (and, before 2019, the whole country).
    General,
    /// Zona Libre de la Frontera Norte, from 1 January 2019.
    NorthernBorder,
}

/// The daily minimum wages that took effect on one date.
///
/// Before 2015 the wage had two geographic zones, A and B. For those years `general` holds zone A:
/// the wage of the Federal District, which is also the wage fines of that time were expressed in
/// ("salario mínimo general vigente en el Distrito Federal"). Zone B is kept in `zone_b`. The 2015
/// entry (from 1 April) carries 70.10, zone A's wage, which became the single general wage on
/// 1 October 2015; zone B's lower wage for April-September 2015 is not in the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MinimumWage {
    pub year: i32,
    pub valid_from: NaiveDate,
    pub general: Money,
    /// From 2019; `None` before the northern border zone existed.
    pub northern_border: Option<Money>,
    /// Zone A, for the years that had zones (until 2014).
    pub zone_a: Option<Money>,
    /// Zone B, for the years that had zones (until 2014).
    pub zone_b: Option<Money>,
}

impl MinimumWage {
    /// The wage of a zone; before the northern border zone existed it is the general wage.
    pub fn for_zone(&self, zone: WageZone) -> Money {
        match zone {
            WageZone::General => self.general,
            WageZone::NorthernBorder => self.northern_border.unwrap_or(self.general),
        }
    }
}

/// The parsed UMA and minimum wage tables, each sorted by `valid_from`.
#[derive(Debug, Clone)]
pub(crate) struct MoneyTables {
    pub(crate) uma: Vec<UmaValue>,
    pub(crate) wages: Vec<MinimumWage>,
}

impl MoneyTables {
    pub(crate) fn parse() -> Result<MoneyTables, CatalogError> {
        Ok(MoneyTables {
            uma: parse_uma()?,
            wages: parse_wages()?,
        })
    }
}

fn money(row: &Row<'_>, i: usize, what: &str) -> Result<Money, CatalogError> {
    let v = row.required(i, what)?;
    v.parse()
        .map_err(|e: ParseMoneyError| row.error(format!("{what}: {e}")))
}

fn optional_money(row: &Row<'_>, i: usize, what: &str) -> Result<Option<Money>, CatalogError> {
    if row.get(i)?.is_empty() {
        Ok(None)
    } else {
        money(row, i, what).map(Some)
    }
}

fn date(row: &Row<'_>, i: usize, what: &str) -> Result<NaiveDate, CatalogError> {
    let v = row.required(i, what)?;
    NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|e| row.error(format!("{what} '{v}': {e}")))
}

fn year(row: &Row<'_>) -> Result<i32, CatalogError> {
    let v = row.required(0, "year")?;
    v.parse().map_err(|_| row.error(format!("year '{v}' is not a number")))
}

fn parse_uma() -> Result<Vec<UmaValue>, CatalogError> {
    let mut out = Vec::with_capacity(16);
    for_each_row(
        UMA_FILE,
        UMA_CSV,
        &["year", "valid_from", "daily", "monthly", "annual"],
        |row| {
            out.push(UmaValue {
                year: year(row)?,
                valid_from: date(row, 1, "valid_from")?,
                daily: money(row, 2, "daily")?,
                monthly: money(row, 3, "monthly")?,
                annual: money(row, 4, "annual")?,
            });
            Ok(())
        },
    )?;
    out.sort_by_key(|u| u.valid_from);
    Ok(out)
}

fn parse_wages() -> Result<Vec<MinimumWage>, CatalogError> {
    let mut out = Vec::with_capacity(20);
    let cols = [
        "year",
        "valid_from",
        "general_or_resto_pais",
        "zona_libre_frontera_norte",
        "zona_a",
        "zona_b",
    ];
    for_each_row(WAGES_FILE, WAGES_CSV, &cols, |row| {
        let zone_a = optional_money(row, 4, "zona_a")?;
        let general = match (optional_money(row, 2, "general_or_resto_pais")?, zone_a) {
            (Some(g), _) => g,
            (None, Some(a)) => a,
            (None, None) => return Err(row.error("neither a general wage nor a zone A wage")),
        };
        out.push(MinimumWage {
            year: year(row)?,
            valid_from: date(row, 1, "valid_from")?,
            general,
            northern_border: optional_money(row, 3, "zona_libre_frontera_norte")?,
            zone_a,
            zone_b: optional_money(row, 5, "zona_b")?,
        });
        Ok(())
    })?;
    out.sort_by_key(|w| w.valid_from);
    Ok(out)
}

/// The entry in force on `date`: the one with the latest `valid_from` not after it.
fn in_force<T>(items: &[T], date: NaiveDate, valid_from: impl Fn(&T) -> NaiveDate) -> Option<&T> {
    let n = items.partition_point(|x| valid_from(x) <= date);
    n.checked_sub(1).and_then(|i| items.get(i))
}

impl Catalogs {
    /// Every UMA value, oldest first.
    pub fn uma_values(&self) -> &[UmaValue] {
        &self.money.uma
    }

    /// The UMA in force on `date`; `None` before the UMA existed (28 January 2016).
    pub fn uma_on(&self, date: NaiveDate) -> Option<&UmaValue> {
        in_force(&self.money.uma, date, |u| u.valid_from)
    }

    /// Every minimum wage change, oldest first.
    pub fn minimum_wages(&self) -> &[MinimumWage] {
        &self.money.wages
    }

    /// The minimum wages in force on `date`.
    pub fn minimum_wage_entry_on(&self, date: NaiveDate) -> Option<&MinimumWage> {
        in_force(&self.money.wages, date, |w| w.valid_from)
    }

    /// The daily minimum wage of `zone` in force on `date`. Before 2019 the northern border zone
    /// did not exist and its wage is the general one; before 2015 the general wage is zone A's
    /// (see [`MinimumWage`]). `None` before the first year in the catalog (2010).
    pub fn minimum_wage_on(&self, date: NaiveDate, zone: WageZone) -> Option<Money> {
        self.minimum_wage_entry_on(date).map(|w| w.for_zone(zone))
    }
}
